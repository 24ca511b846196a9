import { ModulePlaceholder } from '../components/ModulePlaceholder.tsx';

export default function EstimatesPage() {
  return <ModulePlaceholder title="estimates.title" summary="estimates.summary" items={['estimates.item1', 'estimates.item2', 'estimates.item3']} />;
}
