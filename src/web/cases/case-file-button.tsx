import { useEffect, useState } from 'react';
import { packageApi, packageDownloadUrl, type PackageExport } from '../archive/packageApi.ts';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { evidenceApi } from './evidence-api.ts';

const POLL_MS = 1000;

/** "Export case file": asks for the allegation's court package (made by the export job), polls it, offers the download. */
export function CaseFileButton({ allegationId }: { allegationId: string }) {
  const { t } = useI18n();
  const [job, setJob] = useState<PackageExport | { id: string; state: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!job || (job.state !== 'queued' && job.state !== 'running')) return;
    let live = true;
    const timer = setTimeout(() => {
      packageApi.get(job.id).then((answer) => live && setJob(answer.package), (caught: unknown) => live && setError(caught));
    }, POLL_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [job]);
  const start = async () => {
    setError(null);
    try {
      setJob((await evidenceApi.caseFile(allegationId)).package);
    } catch (caught) {
      setError(caught);
    }
  };
  const working = job && (job.state === 'queued' || job.state === 'running');
  return (
    <section className="case-file-export" aria-label={t('cases.caseFile.export')}>
      <p className="field-hint">{t('cases.caseFile.lead')}</p>
      <button type="button" className="button-primary" disabled={Boolean(working)} onClick={() => void start()}>
        {t('cases.caseFile.export')}
      </button>
      <div role="status" aria-live="polite">
        {working ? <p>{t('cases.caseFile.working')}</p> : null}
        {job?.state === 'done' ? (
          <a className="button-primary" href={packageDownloadUrl(job.id)} download data-testid="case-file-download">
            {t('cases.caseFile.download')}
          </a>
        ) : null}
        {job?.state === 'failed' ? <Notice kind="error">{t('cases.caseFile.failed', { message: 'error' in job ? (job.error ?? '') : '' })}</Notice> : null}
      </div>
      {error ? <Notice kind="error">{describeError(t, error)}</Notice> : null}
    </section>
  );
}
