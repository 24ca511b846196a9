import { useState, type FormEvent } from 'react';
import { Field } from '../components/Field.tsx';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { isApiError } from '../api/client.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { facilitatorApi, type Statement } from './api.ts';
import { usePluralT } from './plural.ts';

const CLAIM_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

/** Reads "C01, C04 C07" into ids; null when something in it is not a claim id. */
export function parseClaimIds(text: string): string[] | null {
  const ids = [...new Set(text.split(/[\s,;]+/u).filter((id) => id !== ''))];
  return ids.length > 0 && ids.every((id) => CLAIM_ID.test(id)) ? ids : null;
}

/** Seeds statements from published registry claims; each carries its evidence card (issue 16, item 4). */
export function SeedFromClaims({ conversationId, disabled, onSeeded }: { conversationId: string; disabled: boolean; onSeeded: (s: Statement[]) => void }) {
  const { t } = useI18n();
  const tp = usePluralT();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [seeded, setSeeded] = useState<number | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSeeded(null);
    const ids = parseClaimIds(text);
    if (!ids) return setError(t('dialogue.evidence.badIds'));
    try {
      const { statements } = await facilitatorApi.seedFromClaims(conversationId, ids);
      onSeeded(statements);
      setSeeded(statements.length);
      setText('');
    } catch (e) {
      const missing = isApiError(e, 'claim_not_found') ? (e.details as { claimId?: unknown } | undefined)?.claimId : undefined;
      setError(typeof missing === 'string' ? t('dialogue.evidence.notFound', { id: missing }) : describeError(t, e));
    }
  };
  return (
    <form onSubmit={submit} aria-labelledby="dialogue-claims-title" noValidate>
      <h2 id="dialogue-claims-title">{t('dialogue.evidence.seedTitle')}</h2>
      <p className="field-hint">{t('dialogue.evidence.seedHelp')}</p>
      <Field label={t('dialogue.evidence.seedField')} value={text} autoComplete="off" spellCheck={false} onChange={(e) => setText(e.target.value)} />
      {error ? <Notice kind="error">{error}</Notice> : null}
      {seeded !== null ? <Notice kind="success">{tp('dialogue.evidence.seeded', { count: seeded })}</Notice> : null}
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={disabled}>
          {t('dialogue.evidence.seed')}
        </button>
      </div>
    </form>
  );
}
