import { useCallback, useEffect, useState } from 'react';
import { CopyButton } from '../components/CopyButton.tsx';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import './ledger.css';
import { ledgerApi, type Checkpoint, type PublicKey, type TimestampStatus, type VerificationRun } from './api.ts';
import { ScrollRegion } from '../components/ScrollRegion.tsx';

/** The admin view of the integrity ledger: state, public key, signed checkpoints and verification runs. */
export function IntegrityPanel() {
  const { t, formatDateTime } = useI18n();
  const [size, setSize] = useState<number | null>(null);
  const [checkpoints, setCheckpoints] = useState<Checkpoint[] | null>(null);
  const [runs, setRuns] = useState<VerificationRun[] | null>(null);
  const [key, setKey] = useState<PublicKey | null>(null);
  const [stamps, setStamps] = useState<TimestampStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState<'verify' | 'sign' | null>(null);

  const load = useCallback(async () => {
    try {
      const [cps, verifications, publicKey, timestamps] = await Promise.all([
        ledgerApi.checkpoints(20),
        ledgerApi.verifications(10),
        ledgerApi.publicKey(),
        ledgerApi.timestamps(),
      ]);
      setStamps(timestamps);
      setSize(cps.size);
      setCheckpoints(cps.checkpoints);
      setRuns(verifications.runs);
      setKey(publicKey);
      setError(null);
    } catch (caught) {
      setError(describeError(t, caught));
    }
  }, [t]);

  useEffect(() => {
    void load();
  }, [load]);

  const act = async (what: 'verify' | 'sign') => {
    setBusy(what);
    setMessage(null);
    try {
      if (what === 'sign') {
        const cp = await ledgerApi.signCheckpoint();
        setMessage(t('ledger.signed', { id: cp.id, size: cp.size }));
      } else {
        const run = await ledgerApi.verifyNow();
        setMessage(run.ok ? t('ledger.run.ok') : t('ledger.run.failed', { count: run.summary.problemCount ?? 0 }));
      }
      await load();
    } catch (caught) {
      setError(describeError(t, caught));
    } finally {
      setBusy(null);
    }
  };

  const latest = checkpoints?.[0];
  return (
    <div className="stack ledger-admin">
      <p>{t('ledger.intro')}</p>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {message ? <Notice kind="success">{message}</Notice> : null}

      <h2>{t('ledger.state')}</h2>
      <dl className="ledger-state">
        <dt>{t('ledger.size')}</dt>
        <dd>{size ?? '…'}</dd>
        <dt>{t('ledger.root')}</dt>
        <dd>
          <code className="hash">{latest ? latest.rootHash : t('ledger.noCheckpoints')}</code>
        </dd>
      </dl>

      <h2>{t('ledger.publicKey')}</h2>
      <p className="hint">{t('ledger.publicKey.hint')}</p>
      {key ? (
        <div className="ledger-key">
          <code className="hash">{key.verifierKey}</code>
          <CopyButton text={key.verifierKey} label={t('ledger.copyKey')} />
        </div>
      ) : null}

      <h2>{t('ledger.timestamps')}</h2>
      {stamps === null ? null : !stamps.enabled ? (
        <p className="hint">{t('ledger.timestamps.off')}</p>
      ) : (
        <>
          <dl className="ledger-state">
            <dt>{t('ledger.timestamps.authority')}</dt>
            <dd>
              <code>{stamps.authority}</code>
            </dd>
            <dt>{t('ledger.timestamps.stamped')}</dt>
            <dd>{stamps.stamped}</dd>
            <dt>{t('ledger.timestamps.pending')}</dt>
            <dd>{stamps.pending}</dd>
            <dt>{t('ledger.timestamps.lastSuccess')}</dt>
            <dd>{stamps.lastSuccess ? <time dateTime={stamps.lastSuccess}>{formatDateTime(stamps.lastSuccess)}</time> : t('ledger.timestamp.none')}</dd>
            {stamps.lastError ? (
              <>
                <dt>{t('ledger.timestamps.lastError')}</dt>
                <dd>
                  <time dateTime={stamps.lastError.at}>{formatDateTime(stamps.lastError.at)}</time>{' '}
                  {t('ledger.timestamps.errorLine', { id: stamps.lastError.checkpointId, message: stamps.lastError.message })}
                </dd>
              </>
            ) : null}
          </dl>
          {stamps.pending > 0 ? <Notice kind="info">{t('ledger.timestamps.retryHint')}</Notice> : null}
        </>
      )}

      <h2>{t('ledger.checkpoints')}</h2>
      <div>
        <button type="button" onClick={() => void act('sign')} disabled={busy !== null}>
          {t('ledger.signNow')}
        </button>
      </div>
      {checkpoints === null ? (
        error ? null : <p role="status">{t('app.loading')}</p>
      ) : checkpoints.length === 0 ? (
        <p>{t('ledger.noCheckpoints')}</p>
      ) : (
        <ScrollRegion label={t('ledger.checkpoints')}>
          <table className="dense">
            <thead>
              <tr>
                <th scope="col">{t('ledger.col.time')}</th>
                <th scope="col">{t('ledger.col.size')}</th>
                <th scope="col">{t('ledger.col.root')}</th>
                <th scope="col">{t('ledger.col.timestamp')}</th>
                <th scope="col">{t('ledger.col.note')}</th>
              </tr>
            </thead>
            <tbody>
              {checkpoints.map((cp) => (
                <tr key={cp.id}>
                  <td className="nowrap">
                    <time dateTime={cp.createdAt}>{formatDateTime(cp.createdAt)}</time>
                  </td>
                  <td>{cp.size}</td>
                  <td>
                    <code className="hash">{cp.rootHash}</code>
                  </td>
                  <td className="nowrap">
                    {cp.timestamp ? (
                      <time dateTime={cp.timestamp.genTime}>{formatDateTime(cp.timestamp.genTime)}</time>
                    ) : stamps?.enabled ? (
                      t('ledger.timestamp.pending')
                    ) : (
                      t('ledger.timestamp.none')
                    )}
                  </td>
                  <td>
                    <pre className="ledger-note">{cp.note}</pre>
                    <CopyButton text={cp.note} label={t('ledger.copyNote')} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}

      <h2>{t('ledger.runs')}</h2>
      <div>
        <button type="button" onClick={() => void act('verify')} disabled={busy !== null}>
          {t('ledger.verifyNow')}
        </button>
        {busy === 'verify' ? <p role="status">{t('ledger.verifying')}</p> : null}
      </div>
      {runs === null ? null : runs.length === 0 ? (
        <p>{t('ledger.noRuns')}</p>
      ) : (
        <ScrollRegion label={t('ledger.runs')}>
          <table className="dense">
            <thead>
              <tr>
                <th scope="col">{t('ledger.col.started')}</th>
                <th scope="col">{t('ledger.col.trigger')}</th>
                <th scope="col">{t('ledger.col.result')}</th>
                <th scope="col">{t('ledger.col.problems')}</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <tr key={run.id}>
                  <td className="nowrap">
                    <time dateTime={run.startedAt}>{formatDateTime(run.startedAt)}</time>
                  </td>
                  <td>{run.trigger}</td>
                  <td>{run.ok ? t('ledger.run.ok') : t('ledger.run.failed', { count: run.summary.problemCount ?? run.summary.problems?.length ?? 0 })}</td>
                  <td>
                    {run.summary.problems && run.summary.problems.length > 0 ? (
                      <ul className="ledger-problems">
                        {run.summary.problems.slice(0, 50).map((p, i) => (
                          <li key={i}>
                            <code>{p.kind}</code> {p.message}
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </div>
  );
}
