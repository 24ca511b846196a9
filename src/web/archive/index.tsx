import { ModulePlaceholder } from '../components/ModulePlaceholder.tsx';

export default function ArchivePage() {
  return <ModulePlaceholder title="archive.title" summary="archive.summary" items={['archive.item1', 'archive.item2', 'archive.item3']} />;
}
