import { useEffect, useId, useState, type ChangeEvent, type FormEvent } from 'react';
import type { DateField } from '../../core/casualties/record-fields.ts';
import { DATE_FORMATS, type DateFormat } from '../../core/casualties/values.ts';
import { Field } from '../components/Field.tsx';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { casualtiesApi, importRefusal, type ImportMode, type ImportRefusal, type ImportResult, type ImportWarning, type Source } from './api.ts';
import { previewCsv, toBase64, type CsvPreview } from './csv-preview.ts';
import { initialAssignment, MAPPABLE_FIELDS, mappingProblems, needsDateFormat, toMapping, type Assignment, type Detection, type MappableField } from './mapping.ts';
import { dateFormatLabel, fieldLabel, problemText } from './labels.ts';
import { ProblemReport } from './ProblemReport.tsx';
import { ScrollRegion } from '../components/ScrollRegion.tsx';

// the server accepts a 40 MB request body, and base64 makes the file a third larger
const MAX_BYTES = 30 * 1024 * 1024;
const DATE_MAPPED: readonly DateField[] = ['birth_date', 'death_date'];

/** The importer's notes (dates read in an assumed order, rows without a name), in the server's words. */
type TranslatedWarning = 'date_column' | 'unreadable_dates' | 'no_name' | 'line_numbers_as_ids';
const TRANSLATED_WARNINGS = new Set<string>(['date_column', 'unreadable_dates', 'no_name', 'line_numbers_as_ids'] satisfies TranslatedWarning[]);

function Warnings({ warnings }: { warnings: ImportWarning[] }) {
  const t = useT();
  if (warnings.length === 0) return null;
  return (
    <section className="cas-import-warnings" aria-label={t('casualties.import.warningsTitle')}>
      <h3>{t('casualties.import.warningsTitle')}</h3>
      <ul>
        {warnings.map((w, i) => (
          <li key={i} data-code={w.code}>
            {t(`casualties.warning.${TRANSLATED_WARNINGS.has(w.code) ? (w.code as TranslatedWarning) : 'other'}`, { count: w.count, column: w.column ?? '' })}{' '}
            <span className="cell-sub" lang="en">
              {w.message}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A link that saves the rejected rows as a CSV file (made in the browser from the server's answer). */
function RejectedDownload({ csv, name }: { csv: string; name: string }) {
  const t = useT();
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const made = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [csv]);
  return url ? (
    <a className="button cas-rejected-download" href={url} download={name}>
      {t('casualties.import.downloadRejected')}
    </a>
  ) : null;
}

/**
 * Pick a CSV, see its first rows, map columns to fields (pre-filled from the header with the reason for each
 * column, and the order of dates asked where the values leave it open), import. A refused file comes back as a
 * line report; when some rows are good, the user may import those and download the others with their reasons.
 */
export function ImportForm({ source, onImported }: { source: Source; onImported: () => void }) {
  const t = useT();
  const ids = useId();
  const [bytes, setBytes] = useState<Uint8Array | null>(null);
  const [fileName, setFileName] = useState('');
  const [preview, setPreview] = useState<CsvPreview | null>(null);
  const [assignment, setAssignment] = useState<Assignment>({});
  const [detection, setDetection] = useState<Detection | null>(null);
  const [dateFormats, setDateFormats] = useState<Partial<Record<DateField, DateFormat>>>({});
  const [fromSaved, setFromSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<ImportRefusal | null>(null);
  const [done, setDone] = useState<ImportResult | null>(null);

  const pick = async (event: ChangeEvent<HTMLInputElement>) => {
    setError(null);
    setRefusal(null);
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
    const shown = previewCsv(data, 8, 500);
    const initial = initialAssignment(shown.header, source.columnMapping, shown.sample);
    setBytes(data);
    setFileName(file.name);
    setPreview(shown);
    setAssignment(initial.assignment);
    setDetection(initial.detection);
    setDateFormats({});
    setFromSaved(initial.detection === null && Object.values(initial.assignment).some(Boolean));
  };

  const checks = preview ? mappingProblems(assignment) : [];
  const send = async (mode: ImportMode) => {
    if (!bytes || checks.length > 0) return;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const result = await casualtiesApi.importCsv(source.id, { csvBase64: toBase64(bytes), mapping: toMapping(assignment, dateFormats), mode, ...(fileName ? { fileName } : {}) });
      setRefusal(null);
      setDone(result);
      onImported();
    } catch (e) {
      const found = importRefusal(e);
      setRefusal(found);
      if (!found) setError(describeError(t, e));
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void send('all_or_nothing');
  };
  const importGoodRows = () => {
    if (!refusal || !window.confirm(t('casualties.import.goodRowsConfirm', { good: refusal.goodRows, rejected: refusal.rejectedRows ?? 0 }))) return;
    void send('good_rows');
  };
  const dateColumnOf = (field: DateField) => Object.entries(assignment).find(([, f]) => f === field)?.[0];

  return (
    <form className="cas-import" onSubmit={submit} aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('casualties.import.title')}</h2>
      <Field label={t('casualties.import.file')} hint={t('casualties.import.fileHint')} type="file" accept=".csv,text/csv" onChange={(e) => void pick(e)} />
      {preview?.problem ? (
        <Notice kind="error">
          {preview.problem.line !== null ? `${t('casualties.import.line')} ${preview.problem.line}: ` : ''}
          {problemText(t, preview.problem)}{' '}
          <span className="cell-sub" lang="en">
            {preview.problem.message}
          </span>
        </Notice>
      ) : preview && preview.header.length === 0 ? (
        <Notice kind="error">{t('casualties.import.previewEmpty')}</Notice>
      ) : null}
      {preview && preview.header.length > 0 ? (
        <>
          <h3>{t('casualties.import.previewTitle')}</h3>
          <p className="field-hint">
            {t('casualties.import.previewEncoding', { encoding: preview.encoding })} {preview.truncated ? t('casualties.import.previewTruncated') : null}
          </p>
          <ScrollRegion className="cas-preview" label={t('casualties.import.previewTitle')}>
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
          </ScrollRegion>
          <fieldset className="cas-mapping">
            <legend>{t('casualties.import.mappingTitle')}</legend>
            <p className="field-hint">{t('casualties.import.mappingHint')}</p>
            {fromSaved ? <p className="field-hint">{t('casualties.import.savedMapping')}</p> : null}
            {detection ? <p className="field-hint">{t('casualties.import.detectedMapping')}</p> : null}
            <ul>
              {preview.header.map((column, c) => (
                <li key={c}>
                  <label htmlFor={`${ids}-col-${c}`}>
                    <span className="cas-column-name">{column}</span>
                    <span className="visually-hidden">{t('casualties.import.columnLabel', { column })}</span>
                  </label>
                  <select
                    id={`${ids}-col-${c}`}
                    value={assignment[column] ?? ''}
                    aria-describedby={detection?.[column] ? `${ids}-why-${c}` : undefined}
                    onChange={(e) => setAssignment({ ...assignment, [column]: e.target.value as MappableField | '' })}
                  >
                    <option value="">{t('casualties.import.unused')}</option>
                    {MAPPABLE_FIELDS.map((f) => (
                      <option key={f} value={f}>
                        {fieldLabel(t, f)}
                      </option>
                    ))}
                  </select>
                  {detection?.[column] ? (
                    <span className="field-hint cas-why" id={`${ids}-why-${c}`}>
                      {t('casualties.import.why')}{' '}
                      <span lang="en">{detection[column].reason}</span>
                    </span>
                  ) : null}
                </li>
              ))}
            </ul>
            {DATE_MAPPED.map((field) => {
              const column = dateColumnOf(field);
              if (!column || !needsDateFormat(detection?.[column])) return null;
              return (
                <div className="field cas-date-format" key={field}>
                  <label htmlFor={`${ids}-fmt-${field}`}>{t('casualties.import.dateFormat', { field: fieldLabel(t, field), column })}</label>
                  <select id={`${ids}-fmt-${field}`} value={dateFormats[field] ?? 'auto'} onChange={(e) => setDateFormats({ ...dateFormats, [field]: e.target.value as DateFormat })}>
                    {DATE_FORMATS.map((f) => (
                      <option key={f} value={f}>
                        {dateFormatLabel(t, f)}
                      </option>
                    ))}
                  </select>
                  <span className="field-hint">{t('casualties.import.dateFormatHint')}</span>
                </div>
              );
            })}
            {checks.length > 0 ? (
              <ul className="cas-mapping-checks" aria-live="polite">
                {checks.map((p, i) => (
                  <li key={i}>
                    {p.kind === 'missing'
                      ? t(p.field === 'name' ? 'casualties.import.missingName' : 'casualties.import.missing', { field: fieldLabel(t, p.field) })
                      : t('casualties.import.twice', { field: fieldLabel(t, p.field), columns: p.columns.join(', ') })}
                  </li>
                ))}
              </ul>
            ) : null}
          </fieldset>
        </>
      ) : null}
      {error ? <Notice kind="error">{error}</Notice> : null}
      {done ? (
        <>
          <Notice kind="success">
            {t('casualties.import.done', { count: done.imported, encoding: done.encoding, sha256: done.sha256 })}
            {done.rejected > 0 ? ` ${t('casualties.import.doneRejected', { count: done.rejected })}` : null}
          </Notice>
          {done.rejectedCsv ? <RejectedDownload csv={done.rejectedCsv} name={`${fileName.replace(/\.csv$/i, '') || 'list'}-rejected.csv`} /> : null}
          <Warnings warnings={done.warnings} />
        </>
      ) : null}
      {refusal ? (
        <>
          <Notice kind="error">
            {refusal.rejectedRows === null || refusal.goodRows === 0
              ? t('casualties.import.rejected', { count: refusal.problemCount })
              : t('casualties.import.rejectedRows', { count: refusal.problemCount, rows: refusal.rejectedRows, good: refusal.goodRows })}
          </Notice>
          {refusal.rejectedRows !== null && refusal.goodRows > 0 ? (
            <div className="form-actions">
              <button type="button" className="cas-import-good" disabled={busy} onClick={importGoodRows}>
                {t('casualties.import.goodRows', { good: refusal.goodRows, rejected: refusal.rejectedRows })}
              </button>
            </div>
          ) : null}
          <ProblemReport problems={refusal.problems} />
          <Warnings warnings={refusal.warnings} />
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
