import { useState } from 'react';
import { Link } from 'react-router-dom';
import { isApiError } from '../api/client.ts';
import { describeError } from '../components/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { paths } from '../registry/paths.ts';
import { facilitatorApi, type Statement } from './api.ts';

/**
 * The facilitator's confirmation that records a statement in the registry as a claim of the participants. The
 * server decides whether every opinion group and community agrees; this says what it answered.
 */
export function RecordAgreement({ statement }: { statement: Statement }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<{ claimId: string } | { error: string } | null>(null);
  const record = async () => {
    if (!window.confirm(t('dialogue.record.confirm'))) return;
    setBusy(true);
    setAnswer(null);
    try {
      setAnswer({ claimId: (await facilitatorApi.recordAgreement(statement.id)).claimId });
    } catch (e) {
      const already = isApiError(e, 'agreement_already_recorded') ? (e.details as { claimId?: unknown } | undefined)?.claimId : undefined;
      if (typeof already === 'string') setAnswer({ claimId: already });
      else setAnswer({ error: isApiError(e, 'not_agreed_across_groups') ? t('dialogue.record.notAgreed') : describeError(t, e) });
    } finally {
      setBusy(false);
    }
  };
  if (answer && 'claimId' in answer) {
    return (
      <p className="cell-sub dialogue-recorded" role="status">
        <Link to={paths.claim(answer.claimId)}>{t('dialogue.record.done', { id: answer.claimId })}</Link>
      </p>
    );
  }
  return (
    <>
      <button type="button" className="button-quiet" disabled={busy} onClick={() => void record()}>
        {t('dialogue.record.button')}
      </button>
      {answer ? (
        <p className="cell-sub" role="alert">
          {answer.error}
        </p>
      ) : null}
    </>
  );
}
