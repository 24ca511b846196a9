import { useCallback, useEffect, useState } from 'react';
import { Dialog } from '../components/Dialog.tsx';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { publicationApi, type PublicationKind, type PublicationView } from './api.ts';
import { publicationEn } from './i18n/en.ts';

interface Props {
  kind: PublicationKind;
  id: string;
  /** Called after the state changed, so the page can reload what it shows. */
  onChange?: () => void;
}

const NOTE_KEYS: Record<string, MessageKey> = {
  protected_identity_stays_sealed: 'publication.note.identitySealed',
  publication_consent_recorded: 'publication.note.consent',
  no_participant_ids: 'publication.note.noParticipants',
  no_person_names: 'publication.note.noNames',
  memorial_rules_apply: 'publication.note.memorialRules',
};

/** The words for a disclosed field or a refusal in the reader's language; the server's code when none is known. */
const knownKey = (key: string): MessageKey | null => (key in publicationEn ? (key as MessageKey) : null);

/**
 * The one "Make public" control, the same on every page that can publish something: it shows the state in the same
 * words everywhere, and making public opens a confirmation listing exactly what anyone will see (files, metadata,
 * GPS position, names) before anything changes. The server refuses a confirmation whose list is out of date.
 */
export function PublicationControl({ kind, id, onChange }: Props) {
  const t = useT();
  const [view, setView] = useState<PublicationView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setView(await publicationApi.get(kind, id));
    } catch (caught) {
      setError(caught);
    }
  }, [kind, id]);
  useEffect(() => {
    void load();
  }, [load]);

  const act = async (change: () => Promise<PublicationView>) => {
    setBusy(true);
    setError(null);
    try {
      setView(await change());
      setConfirming(false);
      onChange?.();
    } catch (caught) {
      setError(caught);
      void load();
    } finally {
      setBusy(false);
    }
  };

  // The list is fetched again when the confirmation opens: the page may have changed the subject since it loaded
  // (a saved description, a new file), and a confirmation of an old list is refused by the server.
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await load();
      setConfirming(true);
    } finally {
      setBusy(false);
    }
  };

  if (!view) return error ? <Notice kind="error">{describeError(t, error)}</Notice> : null;
  const d = view.disclosure;
  const isPublic = view.state === 'public';
  const note = (code: string) => {
    // A value may itself hold colons (a file's name), so the code is split at the first one only.
    const colon = code.indexOf(':');
    const [key, value] = colon < 0 ? [code, ''] : [code.slice(0, colon), code.slice(colon + 1)];
    if (key === 'file_gps') return t('publication.note.fileGps', { name: value });
    if (key === 'file_serial') return t('publication.note.fileSerial', { name: value });
    if (key === 'confidentiality_lifted') return t('publication.note.lifted', { level: value === 'restricted' || value === 'confidential' ? t(`archive.conf.${value}`).toLowerCase() : value });
    if (key === 'small_cells_hidden') return t('publication.note.smallCells', { min: value });
    if (key === 'memorial_persons') return t('publication.note.memorialPersons', { count: value });
    if (/^groups_below_\d+_hidden$/.test(code)) return t('publication.note.smallGroups', { min: code.replace(/\D/g, '') });
    return NOTE_KEYS[code] ? t(NOTE_KEYS[code]) : code;
  };
  const field = (code: string) => {
    const key = knownKey(`publication.field.${code}`);
    return key ? t(key) : code;
  };
  const refusal = (r: { code: string; message: string }) => {
    const key = knownKey(`publication.refusal.${r.code}`);
    return key ? t(key) : r.message;
  };
  return (
    <div className="publication-control">
      <p className={isPublic ? 'publication-state publication-public' : 'publication-state'}>
        <strong>{isPublic ? t('publication.state.public') : t('publication.state.notPublic')}</strong> {isPublic ? t('publication.state.publicBody') : t('publication.state.notPublicBody')}
      </p>
      {isPublic ? (
        <button type="button" className="button-secondary" disabled={busy} onClick={() => void act(() => publicationApi.withdraw(kind, id))}>
          {t('publication.withdraw')}
        </button>
      ) : (
        <button type="button" className="button-primary" disabled={busy} onClick={() => void confirm()}>
          {t('publication.makePublic')}
        </button>
      )}
      {error ? <Notice kind="error">{describeError(t, error)}</Notice> : null}
      <Dialog open={confirming} title={t('publication.confirm.title', { title: d.title })} onClose={() => setConfirming(false)}>
        {d.refusal ? <Notice kind="error">{t('publication.refused', { reason: refusal(d.refusal) })}</Notice> : <p>{t('publication.confirm.lead')}</p>}
        <h3>{t('publication.confirm.fields')}</h3>
        <p>{d.fields.map(field).join(', ') || t('publication.none')}</p>
        <h3>{t('publication.confirm.files')}</h3>
        {d.files.length ? (
          <ul>
            {d.files.map((f) => (
              <li key={f.id}>
                {f.name} <code>{f.sha256.slice(0, 12)}</code>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('publication.none')}</p>
        )}
        {d.withheldFiles ? <p>{t('publication.confirm.withheld', { count: d.withheldFiles })}</p> : null}
        <h3>{t('publication.confirm.gps')}</h3>
        <p>{d.gps ? t('publication.confirm.gpsShown', { lat: d.gps.latitude, lon: d.gps.longitude }) : t('publication.none')}</p>
        <h3>{t('publication.confirm.names')}</h3>
        <p>{d.names.join('; ') || t('publication.none')}</p>
        {d.notes.length ? (
          <ul className="publication-notes">
            {d.notes.map((n) => (
              <li key={n}>{note(n)}</li>
            ))}
          </ul>
        ) : null}
        <p className="dialog-actions">
          <button type="button" className="button-primary" disabled={busy || d.refusal !== null} onClick={() => void act(() => publicationApi.makePublic(kind, id, d.digest))}>
            {t('publication.confirm.yes')}
          </button>
          <button type="button" className="button-secondary" onClick={() => setConfirming(false)}>
            {t('common.cancel')}
          </button>
        </p>
      </Dialog>
    </div>
  );
}
