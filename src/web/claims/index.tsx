import { ModulePlaceholder } from '../components/ModulePlaceholder.tsx';

export default function ClaimsPage() {
  return <ModulePlaceholder title="claims.title" summary="claims.summary" items={['claims.item1', 'claims.item2', 'claims.item3']} />;
}
