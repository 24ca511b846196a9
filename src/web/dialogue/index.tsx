import { ModulePlaceholder } from '../components/ModulePlaceholder.tsx';

export default function DialoguePage() {
  return <ModulePlaceholder title="dialogue.title" summary="dialogue.summary" items={['dialogue.item1', 'dialogue.item2', 'dialogue.item3']} />;
}
