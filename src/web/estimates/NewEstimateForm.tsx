import { useEffect, useState, type ChangeEvent, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { Field } from '../components/Field.tsx';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { estimatesApi, METHODS, type LinkageRunChoice, type MethodName } from './api.ts';

const MAX_BYTES = 1024 * 1024;

export function NewEstimateForm() {
  const t = useT();
  const navigate = useNavigate();
  const [title, setTitle] = useState('');
  const [csv, setCsv] = useState('');
  const [inputKind, setInputKind] = useState<'table' | 'casualties'>('table');
  const [runs, setRuns] = useState<LinkageRunChoice[] | null>(null);
  const [runId, setRunId] = useState('');

  useEffect(() => {
    if (inputKind !== 'casualties' || runs !== null) return;
    estimatesApi
      .linkageRuns()
      .then((found) => {
        setRuns(found);
        if (found[0]) setRunId(found[0].id);
      })
      .catch((e: unknown) => {
        setRuns([]);
        setError(describeError(t, e));
      });
  }, [inputKind, runs, t]);
  const [methods, setMethods] = useState<MethodName[]>(['lcmcr', 'dga', 'loglinear']);
  const [strata, setStrata] = useState('');
  const [numbers, setNumbers] = useState({ seed: 1, chains: 3, burnin: 10000, thinning: 10, samples: 1000 });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const readFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setError(t('error.validation', { message: `${file.name}: > 1 MB` }));
      return;
    }
    setCsv(await file.text());
    if (!title) setTitle(file.name.replace(/\.csv$/i, ''));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const strataList = strata.split(',').map((s) => s.trim()).filter(Boolean);
      const input = inputKind === 'casualties' ? { inputKind, linkageRunId: runId || undefined, csv: '' } : { inputKind, csv };
      const { estimate } = await estimatesApi.create({ title, ...input, options: { methods, strata: strataList, ...numbers } });
      navigate(estimate.id);
    } catch (e) {
      setError(describeError(t, e));
    } finally {
      setBusy(false);
    }
  };

  const numberField = (key: keyof typeof numbers, label: Parameters<typeof t>[0]) => (
    <Field label={t(label)} type="number" min={key === 'seed' || key === 'burnin' ? 0 : 1} value={numbers[key]} onChange={(e) => setNumbers({ ...numbers, [key]: Number(e.target.value) })} />
  );

  return (
    <form className="estimate-form" onSubmit={(e) => void submit(e)}>
      <h2>{t('estimates.new')}</h2>
      {error ? <Notice kind="error">{error}</Notice> : null}
      <Field label={t('estimates.form.title')} required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />
      <fieldset>
        <legend>{t('estimates.form.input')}</legend>
        <label className="checkbox">
          <input type="radio" name="estimate-input" checked={inputKind === 'table'} onChange={() => setInputKind('table')} /> {t('estimates.form.inputTable')}
        </label>
        <label className="checkbox">
          <input type="radio" name="estimate-input" checked={inputKind === 'casualties'} onChange={() => setInputKind('casualties')} /> {t('estimates.form.inputCasualties')}
        </label>
      </fieldset>
      {inputKind === 'table' ? (
        <>
          <Field label={t('estimates.form.file')} type="file" accept=".csv,text/csv" onChange={(e) => void readFile(e)} />
          <div className="field">
            <label htmlFor="estimate-csv">{t('estimates.form.csv')}</label>
            <textarea id="estimate-csv" rows={8} required value={csv} onChange={(e) => setCsv(e.target.value)} aria-describedby="estimate-csv-hint" spellCheck={false} />
            <p className="field-hint" id="estimate-csv-hint">
              {t('estimates.form.csvHint')}
            </p>
          </div>
        </>
      ) : (
        <div className="field">
          <label htmlFor="estimate-run">{t('estimates.form.run')}</label>
          <select id="estimate-run" value={runId} required onChange={(e) => setRunId(e.target.value)} aria-describedby="estimate-run-hint">
            {(runs ?? []).map((run) => (
              <option key={run.id} value={run.id}>
                {t('estimates.form.runOption', { date: run.createdAt.slice(0, 16).replace('T', ' '), lists: run.sources.map((source) => source.name).join(', '), persons: run.counts.persons ?? 0 })}
              </option>
            ))}
          </select>
          <p className="field-hint" id="estimate-run-hint">
            {runs === null ? t('estimates.form.runsLoading') : runs.length === 0 ? t('estimates.form.noRuns') : t('estimates.form.runHint')}
          </p>
        </div>
      )}
      <fieldset>
        <legend>{t('estimates.form.methods')}</legend>
        {METHODS.map((m) => (
          <label key={m} className="checkbox">
            <input type="checkbox" checked={methods.includes(m)} onChange={(e) => setMethods(e.target.checked ? [...methods, m] : methods.filter((x) => x !== m))} />{' '}
            {t(`estimates.method.${m}`)}
          </label>
        ))}
      </fieldset>
      <details>
        <summary>{t('estimates.form.advanced')}</summary>
        <Field label={t('estimates.form.strata')} value={strata} onChange={(e) => setStrata(e.target.value)} />
        {numberField('seed', 'estimates.form.seed')}
        {numberField('chains', 'estimates.form.chains')}
        {numberField('burnin', 'estimates.form.burnin')}
        {numberField('thinning', 'estimates.form.thinning')}
        {numberField('samples', 'estimates.form.samples')}
      </details>
      <button type="submit" disabled={busy || methods.length === 0 || (inputKind === 'casualties' && !runId)}>
        {t('estimates.form.submit')}
      </button>
    </form>
  );
}
