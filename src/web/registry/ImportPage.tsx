import { useState } from 'react';
import { isApiError } from '../api/client.ts';
import { useSession } from '../auth/SessionProvider.tsx';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { registryApi, type ImportResult, type Problem } from './api.ts';
import { RegistrySection } from './Section.tsx';

const MAX_TOTAL = 20 * 1024 * 1024;

type State = { kind: 'idle' } | { kind: 'working' } | { kind: 'done'; result: ImportResult } | { kind: 'refused'; problems: Problem[] } | { kind: 'error'; error: unknown };

/** Import (editors) and export (editors and reviewers) in the documented format; the server decides who may. */
export function ImportPage() {
  const t = useT();
  const { user } = useSession();
  const [files, setFiles] = useState<File[]>([]);
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [tooLarge, setTooLarge] = useState(false);

  const counts = (c: Record<string, number>) =>
    Object.entries(c)
      .map(([k, n]) => `${k}: ${n}`)
      .join(', ');
  const problemText = (p: Problem) =>
    p.line !== undefined
      ? t('registry.import.problem', { file: p.file, line: p.line, field: p.field ?? '—', message: p.message })
      : t('registry.import.problemNoLine', { file: p.file, field: p.field ?? '—', message: p.message });

  const run = async (dryRun: boolean) => {
    setState({ kind: 'working' });
    const contents: Record<string, string> = {};
    for (const file of files) contents[file.name] = await file.text();
    try {
      setState({ kind: 'done', result: await registryApi.importFiles(contents, dryRun) });
    } catch (error) {
      if (isApiError(error, 'import_rejected')) {
        setState({ kind: 'refused', problems: ((error.details as { problems?: Problem[] } | undefined)?.problems ?? []) as Problem[] });
      } else setState({ kind: 'error', error });
    }
  };

  const download = async (format: 'csv' | 'json') => {
    try {
      const { files: exported } = await registryApi.exportFiles(format);
      for (const [name, text] of Object.entries(exported)) {
        const url = URL.createObjectURL(new Blob([text], { type: name.endsWith('.json') ? 'application/json' : 'text/csv' }));
        const link = document.createElement('a');
        link.href = url;
        link.download = name;
        link.click();
        URL.revokeObjectURL(url);
      }
    } catch (error) {
      setState({ kind: 'error', error });
    }
  };

  const canImport = Boolean(user && (user.role === 'editor' || user.role === 'admin'));
  return (
    <RegistrySection title={t('registry.tab.import')}>
      {canImport ? (
        <section className="panel" aria-labelledby="import-title">
          <h2 id="import-title">{t('registry.import.title')}</h2>
          <p>{t('registry.import.intro')}</p>
          <div className="field">
            <label htmlFor="import-files">{t('registry.import.files')}</label>
            <input
              id="import-files"
              type="file"
              multiple
              accept=".csv,.json,text/csv,application/json"
              onChange={(e) => {
                const chosen = [...(e.target.files ?? [])];
                setTooLarge(chosen.reduce((n, f) => n + f.size, 0) > MAX_TOTAL);
                setFiles(chosen);
                setState({ kind: 'idle' });
              }}
            />
          </div>
          {tooLarge ? <Notice kind="error">{t('registry.import.tooLarge')}</Notice> : null}
          <div className="form-actions">
            <button type="button" className="button-secondary" disabled={!files.length || tooLarge || state.kind === 'working'} onClick={() => void run(true)}>
              {t('registry.import.check')}
            </button>
            <button type="button" className="button-primary" disabled={!files.length || tooLarge || state.kind === 'working'} onClick={() => void run(false)}>
              {state.kind === 'working' ? t('registry.import.working') : t('registry.import.run')}
            </button>
          </div>
          {state.kind === 'done' ? (
            <Notice kind="success">
              {state.result.dryRun ? t('registry.import.valid', { counts: counts(state.result.counts) }) : t('registry.import.done', { counts: counts(state.result.counts) })}
            </Notice>
          ) : null}
          {state.kind === 'done' && state.result.warnings.length ? (
            <div>
              <p>{t('registry.import.warnings')}</p>
              <ul className="problem-list">
                {state.result.warnings.map((p, i) => (
                  <li key={i}>{problemText(p)}</li>
                ))}
              </ul>
            </div>
          ) : null}
          {state.kind === 'refused' ? (
            <Notice kind="error">
              <p>{t('registry.import.refused')}</p>
              <ul className="problem-list">
                {state.problems.map((p, i) => (
                  <li key={i} className={`problem-${p.severity}`}>
                    {problemText(p)}
                  </li>
                ))}
              </ul>
            </Notice>
          ) : null}
        </section>
      ) : null}
      {state.kind === 'error' ? <Notice kind="error">{describeError(t, state.error)}</Notice> : null}
      <section className="panel" aria-labelledby="export-title">
        <h2 id="export-title">{t('registry.export.title')}</h2>
        <p>{t('registry.export.intro')}</p>
        <div className="form-actions">
          <button type="button" className="button-secondary" onClick={() => void download('csv')}>
            {t('registry.export.csv')}
          </button>
          <button type="button" className="button-secondary" onClick={() => void download('json')}>
            {t('registry.export.json')}
          </button>
        </div>
      </section>
    </RegistrySection>
  );
}
