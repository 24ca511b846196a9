import { useId, useState, type ChangeEvent, type FormEvent } from 'react';
import { Field } from '../components/Field.tsx';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { casualtiesApi, importProblems, type ImportProblem, type ImportResult, type Source } from './api.ts';
import { previewCsv, toBase64, type CsvPreview } from './csv-preview.ts';
import { initialAssignment, MAPPABLE_FIELDS, mappingProblems, toMapping, type Assignment, type MappableField } from './mapping.ts';
import { fieldLabel } from './labels.ts';
import { ProblemReport } from './ProblemReport.tsx';

// the server accepts a 40 MB request body, and base64 makes the file a third larger
const MAX_BYTES = 30 * 1024 * 1024;

/** Pick a CSV, see its first rows, map columns to fields, import; a refused file comes back as a line report. */
export function ImportForm({ source, onImported }: { source: Source; onImported: () => void }) {
  const t = useT();
  const ids = useId();
  const [bytes, setBytes] = useState<Uint8Array | null>(null);
  const [preview, setPreview] = useState<CsvPreview | null>(null);
  const [assignment, setAssignment] = useState<Assignment>({});
  const [fromSaved, setFromSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [problems, setProblems] = useState<ImportProblem[] | null>(null);
  const [done, setDone] = useState<ImportResult | null>(null);

  const pick = async (event: ChangeEvent<HTMLInputElement>) => {
    setError(null);
    setProblems(null);
    setDone(null);
    const file = event.target.files?.[0];
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setBytes(null);
      setPreview(null);
      setError(t('casualties.import.tooBig'));
      return;
    }
    const data = new Uint8Array(await file.arrayBuffer());
    const shown = previewCsv(data);
    const initial = initialAssignment(shown.header, source.columnMapping);
    setBytes(data);
    setPreview(shown);
    setAssignment(initial);
    setFromSaved(Object.keys(source.columnMapping ?? {}).length > 0 && Object.values(initial).some(Boolean));
  };

  const checks = preview ? mappingProblems(assignment) : [];
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!bytes || checks.length > 0) return;
    setBusy(true);
    setError(null);
    setProblems(null);
    setDone(null);
    try {
      const result = await casualtiesApi.importCsv(source.id, { csvBase64: toBase64(bytes), mapping: toMapping(assignment) });
      setDone(result);
      onImported();
    } catch (e) {
      const found = importProblems(e);
      if (found) setProblems(found);
      else setError(describeError(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="cas-import" onSubmit={(e) => void submit(e)} aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('casualties.import.title')}</h2>
      <Field label={t('casualties.import.file')} hint={t('casualties.import.fileHint')} type="file" accept=".csv,text/csv" onChange={(e) => void pick(e)} />
      {preview && preview.header.length === 0 ? <Notice kind="error">{t('casualties.import.previewEmpty')}</Notice> : null}
      {preview && preview.header.length > 0 ? (
        <>
          <h3>{t('casualties.import.previewTitle')}</h3>
          <p className="field-hint">
            {t('casualties.import.previewEncoding', { encoding: preview.encoding })} {preview.truncated ? t('casualties.import.previewTruncated') : null}
          </p>
          <div className="table-wrap cas-preview" tabIndex={0} role="region" aria-label={t('casualties.import.previewTitle')}>
            <table className="dense">
              <thead>
                <tr>
                  {preview.header.map((h, i) => (
                    <th scope="col" key={i}>
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((row, r) => (
                  <tr key={r}>
                    {preview.header.map((_, c) => (
                      <td key={c}>{row[c] ?? ''}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <fieldset className="cas-mapping">
            <legend>{t('casualties.import.mappingTitle')}</legend>
            <p className="field-hint">{t('casualties.import.mappingHint')}</p>
            {fromSaved ? <p className="field-hint">{t('casualties.import.savedMapping')}</p> : null}
            <ul>
              {preview.header.map((column, c) => (
                <li key={c}>
                  <label htmlFor={`${ids}-col-${c}`}>
                    <span className="cas-column-name">{column}</span>
                    <span className="visually-hidden">{t('casualties.import.columnLabel', { column })}</span>
                  </label>
                  <select id={`${ids}-col-${c}`} value={assignment[column] ?? ''} onChange={(e) => setAssignment({ ...assignment, [column]: e.target.value as MappableField | '' })}>
                    <option value="">{t('casualties.import.unused')}</option>
                    {MAPPABLE_FIELDS.map((f) => (
                      <option key={f} value={f}>
                        {fieldLabel(t, f)}
                      </option>
                    ))}
                  </select>
                </li>
              ))}
            </ul>
            {checks.length > 0 ? (
              <ul className="cas-mapping-checks" aria-live="polite">
                {checks.map((p, i) => (
                  <li key={i}>
                    {p.kind === 'missing'
                      ? t('casualties.import.missing', { field: fieldLabel(t, p.field) })
                      : t('casualties.import.twice', { field: fieldLabel(t, p.field), columns: p.columns.join(', ') })}
                  </li>
                ))}
              </ul>
            ) : null}
          </fieldset>
        </>
      ) : null}
      {error ? <Notice kind="error">{error}</Notice> : null}
      {done ? <Notice kind="success">{t('casualties.import.done', { count: done.imported, encoding: done.encoding, sha256: done.sha256 })}</Notice> : null}
      {problems ? (
        <>
          <Notice kind="error">{t('casualties.import.rejected', { count: problems.length })}</Notice>
          <ProblemReport problems={problems} />
        </>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={busy || !bytes || !preview || preview.header.length === 0 || checks.length > 0}>
          {busy ? t('casualties.import.importing') : t('casualties.import.submit')}
        </button>
      </div>
    </form>
  );
}
