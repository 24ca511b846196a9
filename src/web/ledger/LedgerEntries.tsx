import { useEffect, useId, useState } from 'react';
import { ActionName } from '../audit/ActionName.tsx';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { ledgerApi, proofUrl, type LedgerEntryRow } from './api.ts';
import { verifyInclusionDocument } from './verify.ts';
import './ledger.css';
import { ScrollRegion } from '../components/ScrollRegion.tsx';

type Outcome = { state: 'checking' } | { state: 'ok' | 'unsigned'; size: number } | { state: 'failed'; reason: string };

/**
 * The ledger entries of one record (an item and its files, a claim…), each with a "verify" action that fetches the
 * inclusion proof and checks it in this browser, against the key the archive publishes.
 */
export function LedgerEntries({ subjectType, subjectIds, title }: { subjectType: string; subjectIds: readonly string[]; title?: string }) {
  const { t, formatDateTime } = useI18n();
  // Unique per instance: a page may list the entries of several subject types (an item, then its files).
  const headingId = useId();
  const [entries, setEntries] = useState<LedgerEntryRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [outcomes, setOutcomes] = useState<Record<number, Outcome>>({});
  const idsKey = subjectIds.join('\n');

  useEffect(() => {
    let live = true;
    setEntries(null);
    ledgerApi
      .entries(subjectType, idsKey.split('\n').filter(Boolean))
      .then((result) => live && setEntries(result.entries))
      .catch((caught: unknown) => live && setError(describeError(t, caught)));
    return () => {
      live = false;
    };
  }, [subjectType, idsKey, t]);

  const verify = async (seq: number) => {
    setOutcomes((o) => ({ ...o, [seq]: { state: 'checking' } }));
    try {
      const [doc, key] = await Promise.all([ledgerApi.proof(seq), ledgerApi.publicKey()]);
      const result = await verifyInclusionDocument(doc, key.verifierKey);
      const outcome: Outcome = result.ok
        ? { state: result.signatureChecked ? 'ok' : 'unsigned', size: result.treeSize ?? 0 }
        : { state: 'failed', reason: result.problem ?? '' };
      setOutcomes((o) => ({ ...o, [seq]: outcome }));
    } catch (caught) {
      setOutcomes((o) => ({ ...o, [seq]: { state: 'failed', reason: describeError(t, caught) } }));
    }
  };

  const describe = (seq: number, outcome: Outcome | undefined) => {
    if (!outcome) return '';
    if (outcome.state === 'checking') return t('ledger.verify.checking');
    if (outcome.state === 'failed') return t('ledger.verify.failed', { seq, reason: outcome.reason });
    return t(outcome.state === 'ok' ? 'ledger.verify.ok' : 'ledger.verify.okUnsigned', { seq, size: outcome.size });
  };

  return (
    <section className="ledger-entries" aria-labelledby={headingId}>
      <h2 id={headingId}>{title ?? t('ledger.entries')}</h2>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {entries === null ? (
        error ? null : (
          <p role="status">{t('app.loading')}</p>
        )
      ) : entries.length === 0 ? (
        <p>{t('ledger.entries.empty')}</p>
      ) : (
        <ScrollRegion labelledBy={headingId}>
          <table className="dense">
            <thead>
              <tr>
                <th scope="col">{t('ledger.col.seq')}</th>
                <th scope="col">{t('ledger.col.time')}</th>
                <th scope="col">{t('ledger.col.action')}</th>
                <th scope="col">{t('ledger.col.leaf')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((row) => {
                const outcome = outcomes[row.seq];
                const at = row.entry.time;
                return (
                  <tr key={row.seq}>
                    <th scope="row" id={`ledger-entry-${row.seq}`}>
                      {row.seq}
                    </th>
                    <td className="nowrap">{at ? <time dateTime={at}>{formatDateTime(at)}</time> : null}</td>
                    <td>
                      <ActionName action={row.entry.action} />
                    </td>
                    <td>
                      <code className="hash">{row.leafHash}</code>
                    </td>
                    <td>
                      <button
                        type="button"
                        className="button-secondary"
                        aria-describedby={`ledger-entry-${row.seq}`}
                        disabled={outcome?.state === 'checking'}
                        onClick={() => void verify(row.seq)}
                      >
                        {t('ledger.verify')}
                      </button>{' '}
                      <a href={proofUrl(row.seq)} download={`ledger-proof-${row.seq}.json`} aria-describedby={`ledger-entry-${row.seq}`}>
                        {t('ledger.downloadProof')}
                      </a>
                      <p role="status" className={outcome?.state === 'failed' ? 'ledger-failed' : 'ledger-outcome'}>
                        {describe(row.seq, outcome)}
                      </p>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}
