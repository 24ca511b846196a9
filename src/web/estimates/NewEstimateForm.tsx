import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { Field } from '../components/Field.tsx';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { estimatesApi, METHODS, type MethodName } from './api.ts';

const MAX_BYTES = 1024 * 1024;

export function NewEstimateForm() {
  const t = useT();
  const navigate = useNavigate();
  const [title, setTitle] = useState('');
  const [csv, setCsv] = useState('');
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
      const { estimate } = await estimatesApi.create({ title, csv, options: { methods, strata: strataList, ...numbers } });
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
      <Field label={t('estimates.form.file')} type="file" accept=".csv,text/csv" onChange={(e) => void readFile(e)} />
      <div className="field">
        <label htmlFor="estimate-csv">{t('estimates.form.csv')}</label>
        <textarea id="estimate-csv" rows={8} required value={csv} onChange={(e) => setCsv(e.target.value)} aria-describedby="estimate-csv-hint" spellCheck={false} />
        <p className="field-hint" id="estimate-csv-hint">
          {t('estimates.form.csvHint')}
        </p>
      </div>
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
      <button type="submit" disabled={busy || methods.length === 0}>
        {t('estimates.form.submit')}
      </button>
    </form>
  );
}
