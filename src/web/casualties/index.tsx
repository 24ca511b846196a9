import { ModulePlaceholder } from '../components/ModulePlaceholder.tsx';

export default function CasualtiesPage() {
  return <ModulePlaceholder title="casualties.title" summary="casualties.summary" items={['casualties.item1', 'casualties.item2', 'casualties.item3']} />;
}
