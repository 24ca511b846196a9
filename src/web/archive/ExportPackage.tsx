import { useEffect, useState, type FormEvent } from 'react';
import { Field, TextArea } from '../components/Field.tsx';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { errorField, formatBytes } from './hooks.ts';
import { packageApi, packageDownloadUrl, type PackageExport } from './packageApi.ts';
import './package.css';

const POLL_MS = 1000;

/**
 * "Export court package" for one item or a selection: asks the server for a package (checked at once, made by a
 * job), shows its progress, then a download link. With testimonies among the items, the exporter may include the
 * protected identities, sealed for one named recipient's public key; they are never in clear in the package.
 */
export function ExportPackage({ itemIds, mayHoldTestimony, onDone }: { itemIds: readonly string[]; mayHoldTestimony: boolean; onDone?: () => void }) {
  const { t, formatDateTime } = useI18n();
  const [open, setOpen] = useState(false);
  const [includeIdentity, setIncludeIdentity] = useState(false);
  const [recipientName, setRecipientName] = useState('');
  const [recipientKey, setRecipientKey] = useState('');
  const [job, setJob] = useState<PackageExport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);

  // Poll while the package is being made; stop when it is done or failed, or when the page goes.
  useEffect(() => {
    if (job?.state === 'done') onDone?.();
    if (!job || (job.state !== 'queued' && job.state !== 'running')) return;
    let live = true;
    const timer = setTimeout(() => {
      packageApi.get(job.id).then(
        (answer) => live && setJob(answer.package),
        (caught: unknown) => live && setError(caught),
      );
    }, POLL_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [job]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSending(true);
    try {
      const answer = await packageApi.start({
        itemIds: [...itemIds],
        ...(includeIdentity ? { includeIdentity: true, recipient: { name: recipientName, publicKey: recipientKey } } : {}),
      });
      setJob(answer.package);
    } catch (caught) {
      setError(caught);
    } finally {
      setSending(false);
    }
  };

  const field = errorField(error);
  const working = job && (job.state === 'queued' || job.state === 'running');
  return (
    <section className="archive-package" aria-label={t('archive.package.title')}>
      {!open ? (
        <button type="button" className="button-primary" disabled={itemIds.length === 0} onClick={() => setOpen(true)}>
          {itemIds.length > 1 ? t('archive.package.exportCount', { count: itemIds.length }) : t('archive.package.export')}
        </button>
      ) : (
        <form onSubmit={(e) => void submit(e)} className="archive-package-form">
          <h2>{t('archive.package.title')}</h2>
          <p>{t('archive.package.lead', { count: itemIds.length })}</p>
          {mayHoldTestimony ? (
            <div className="field">
              <label>
                <input type="checkbox" checked={includeIdentity} onChange={(e) => setIncludeIdentity(e.target.checked)} disabled={Boolean(working)} /> {t('archive.package.includeIdentity')}
              </label>
              <p className="field-hint">{t('archive.package.includeIdentityHint')}</p>
            </div>
          ) : null}
          {includeIdentity ? (
            <>
              <Field label={t('archive.package.recipientName')} value={recipientName} onChange={(e) => setRecipientName(e.target.value)} required maxLength={200} error={field === 'recipient.name' ? describeError(t, error) : undefined} />
              <TextArea
                label={t('archive.package.recipientKey')}
                hint={t('archive.package.recipientKeyHint')}
                value={recipientKey}
                onChange={(e) => setRecipientKey(e.target.value)}
                required
                rows={4}
                spellCheck={false}
                error={field === 'recipient.publicKey' || field === 'recipient' ? describeError(t, error) : undefined}
              />
            </>
          ) : null}
          <div className="archive-package-actions">
            <button type="submit" className="button-primary" disabled={sending || Boolean(working) || itemIds.length === 0}>
              {t('archive.package.start', { count: itemIds.length })}
            </button>
            <button type="button" className="button-secondary" disabled={Boolean(working)} onClick={() => { setOpen(false); setJob(null); setError(null); }}>
              {t('archive.package.close')}
            </button>
          </div>
        </form>
      )}
      {error && !field ? <Notice kind="error">{describeError(t, error)}</Notice> : null}
      {job ? (
        <div className="archive-package-status" role="status" aria-live="polite">
          {working ? (
            <>
              <progress max={Math.max(job.bytesTotal, 1)} value={job.bytesDone} aria-label={t('archive.package.progress')} />
              <span>{job.state === 'queued' ? t('archive.package.queued') : t('archive.package.running', { done: formatBytes(job.bytesDone), total: formatBytes(job.bytesTotal) })}</span>
            </>
          ) : null}
          {job.state === 'done' ? (
            <>
              <p>{t('archive.package.done', { name: `${job.externalIdentifier ?? job.id}.${job.container}`, size: formatBytes(job.fileSize ?? 0) })}</p>
              <p>
                <a className="button-primary" href={packageDownloadUrl(job.id)} download>
                  {t('archive.package.download')}
                </a>
              </p>
              <p className="archive-meta">{t('archive.package.expires', { date: formatDateTime(job.expiresAt) })}</p>
            </>
          ) : null}
          {job.state === 'failed' ? <Notice kind="error">{t('archive.package.failed', { message: job.error ?? '' })}</Notice> : null}
          {job.state === 'expired' ? <Notice kind="info">{t('archive.package.expired')}</Notice> : null}
        </div>
      ) : null}
    </section>
  );
}
