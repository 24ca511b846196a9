import { useEffect, useState, type ChangeEvent, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { Field } from '../components/Field.tsx';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { ESTIMATION_DEFAULTS as D, ESTIMATION_LIMITS as L } from '../../core/estimation/defaults.ts';
import { estimatesApi, METHODS, type EstimateOptions, type LinkageRunChoice, type MethodName } from './api.ts';

/** Mathematical notation and the criteria's international abbreviations: the same in every language, not translated. */
const NOTATION = { priorN: '1/N', priorN2: '1/N²', aic: 'AIC', bic: 'BIC' } as const;

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
  // The one set of defaults (core/estimation/defaults.ts): the same the CLI and the API use.
  const [numbers, setNumbers] = useState({ seed: D.seed, chains: D.chains, burnin: D.burnin, thinning: D.thinning, samples: D.samples });
  // Empty means "the per-table default" (K* = min(2^lists − 1, 15); δ = 2^−lists; the criterion's model).
  const [classes, setClasses] = useState('');
  const [delta, setDelta] = useState('');
  const [prior, setPrior] = useState<EstimateOptions['prior']>(D.prior);
  const [criterion, setCriterion] = useState<EstimateOptions['criterion']>(D.criterion);
  const [model, setModel] = useState('');
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
      const options: EstimateOptions = {
        methods,
        strata: strataList,
        ...numbers,
        prior,
        criterion,
        ...(classes.trim() ? { classes: Number(classes) } : {}),
        ...(delta.trim() ? { delta: Number(delta) } : {}),
        ...(model.trim() ? { model: model.trim() } : {}),
      };
      const { estimate } = await estimatesApi.create({ title, ...input, options });
      navigate(estimate.id);
    } catch (e) {
      setError(describeError(t, e));
    } finally {
      setBusy(false);
    }
  };

  const numberField = (key: keyof typeof numbers, label: Parameters<typeof t>[0]) => (
    <Field label={t(label)} type="number" min={L[key].min} max={L[key].max} value={numbers[key]} onChange={(e) => setNumbers({ ...numbers, [key]: Number(e.target.value) })} />
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
        <Field label={t('estimates.form.classes')} type="number" min={L.classes.min} max={L.classes.max} value={classes} onChange={(e) => setClasses(e.target.value)} />
        <Field label={t('estimates.form.delta')} type="number" step="any" min={L.delta.min} max={L.delta.max} value={delta} onChange={(e) => setDelta(e.target.value)} />
        <div className="field">
          <label htmlFor="estimate-prior">{t('estimates.form.prior')}</label>
          <select id="estimate-prior" value={prior} onChange={(e) => setPrior(e.target.value as EstimateOptions['prior'])}>
            <option value="1/N">{NOTATION.priorN}</option>
            <option value="1/N^2">{NOTATION.priorN2}</option>
            <option value="uniform">{t('estimates.form.priorUniform')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="estimate-criterion">{t('estimates.form.criterion')}</label>
          <select id="estimate-criterion" value={criterion} onChange={(e) => setCriterion(e.target.value as EstimateOptions['criterion'])}>
            <option value="aic">{NOTATION.aic}</option>
            <option value="bic">{NOTATION.bic}</option>
          </select>
        </div>
        <Field label={t('estimates.form.model')} maxLength={500} value={model} onChange={(e) => setModel(e.target.value)} />
        <p className="field-hint">{t('estimates.form.defaultsHint')}</p>
      </details>
      <button type="submit" disabled={busy || methods.length === 0 || (inputKind === 'casualties' && !runId)}>
        {t('estimates.form.submit')}
      </button>
    </form>
  );
}
