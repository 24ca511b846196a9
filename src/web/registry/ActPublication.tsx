import { useState } from 'react';
import { useSession } from '../auth/SessionProvider.tsx';
import { useT } from '../i18n/I18nProvider.tsx';
import { PublicationControl } from '../publication/PublicationControl.tsx';

/**
 * A recognition act's publication, for the team: the one publication control (state, the confirmation listing what
 * becomes visible, withdraw), opened on demand so a table of many acts does not ask for every act's disclosure.
 */
export function ActPublication({ id, onChange }: { id: string; onChange?: () => void }) {
  const t = useT();
  const { user } = useSession();
  const [open, setOpen] = useState(false);
  if (!user || !['admin', 'editor', 'reviewer'].includes(user.role)) return null;
  if (open) return <PublicationControl kind="recognition" id={id} onChange={onChange} />;
  return (
    <button type="button" className="button-secondary" onClick={() => setOpen(true)}>
      {t('publication.manage')}
    </button>
  );
}
