import { useT } from '../i18n/I18nProvider.tsx';
import type { Run } from './api.ts';

/** A run's state in words, with a progress bar while it is queued or running. */
export function RunProgress({ run }: { run: Run }) {
  const t = useT();
  const running = run.state === 'queued' || run.state === 'running';
  const badge = run.state === 'done' ? 'badge-ok' : run.state === 'failed' ? 'badge-warn' : 'badge-muted';
  return (
    <span className="cas-run-state">
      <span className={`badge ${badge}`}>{t(`casualties.runState.${run.state}`)}</span>
      {running ? (
        <>
          <progress max={1} value={run.progress} aria-label={t('casualties.runs.progress')} /> {Math.round(run.progress * 100)}%
          {run.cancelRequestedAt ? <span className="cell-sub">{t('casualties.run.cancelling')}</span> : run.progressLabel ? <span className="cell-sub">{run.progressLabel}</span> : null}
        </>
      ) : null}
    </span>
  );
}
