import type { MessageKey } from '../i18n/en.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { figureQualifiers } from './formSpecs.ts';
import type { PickOption } from './Picker.tsx';

export interface FigureValue {
  label?: string;
  value?: number;
  qualifier?: string;
  min?: number;
  max?: number;
  unit?: string;
  breakdown?: { mode: 'complete' | 'partial'; parts: FigureValue[] };
}

const key = (k: string) => k as MessageKey;

/** A number field's text as a number, or absent when empty (a non-number is kept out and the field shows empty). */
const numberOf = (text: string): number | undefined => (text.trim() === '' || !Number.isFinite(Number(text)) ? undefined : Number(text));
const without = <T extends object>(o: T, k: keyof T): T => {
  const copy = { ...o };
  delete copy[k];
  return copy;
};

/** Casualty figures: a value with its qualifier or a range, a label, a unit, and a breakdown into parts. */
export function FigureRows({ label, hint, error, value, onChange }: { label: string; hint?: string; error?: string; value: FigureValue[]; onChange: (v: FigureValue[]) => void }) {
  const t = useT();
  const update = (i: number, figure: FigureValue) => onChange(value.map((f, j) => (j === i ? figure : f)));
  const setNumber = (i: number, name: 'value' | 'min' | 'max', text: string) => {
    const n = numberOf(text);
    update(i, n === undefined ? without(value[i], name) : { ...value[i], [name]: n });
  };
  return (
    <fieldset className="field form-rows">
      <legend>{label}</legend>
      {hint ? <p className="field-hint">{hint}</p> : null}
      {value.map((figure, i) => (
        <div className="form-row" key={i} role="group" aria-label={t('registry.form.figureN', { n: i + 1 })}>
          <label>
            {t('registry.figureField.label')}
            <input value={figure.label ?? ''} onChange={(e) => update(i, e.target.value ? { ...figure, label: e.target.value } : without(figure, 'label'))} />
          </label>
          <label>
            {t('registry.figureField.qualifier')}
            <select value={figure.qualifier ?? ''} onChange={(e) => update(i, e.target.value ? { ...figure, qualifier: e.target.value } : without(figure, 'qualifier'))}>
              <option value="">{t('registry.qualifier.none')}</option>
              {figureQualifiers.map((q) => (
                <option key={q} value={q}>
                  {t(key(`registry.qualifier.${q}`))}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('registry.figureField.value')}
            <input inputMode="numeric" value={figure.value ?? ''} onChange={(e) => setNumber(i, 'value', e.target.value)} />
          </label>
          <label>
            {t('registry.figureField.min')}
            <input inputMode="numeric" value={figure.min ?? ''} onChange={(e) => setNumber(i, 'min', e.target.value)} />
          </label>
          <label>
            {t('registry.figureField.max')}
            <input inputMode="numeric" value={figure.max ?? ''} onChange={(e) => setNumber(i, 'max', e.target.value)} />
          </label>
          <fieldset className="form-subrows">
            <legend>{t('registry.figureField.breakdown')}</legend>
            {figure.breakdown ? (
              <label>
                {t('registry.figureField.mode')}
                <select value={figure.breakdown.mode} onChange={(e) => update(i, { ...figure, breakdown: { ...figure.breakdown!, mode: e.target.value as 'complete' | 'partial' } })}>
                  <option value="complete">{t('registry.figureField.complete')}</option>
                  <option value="partial">{t('registry.figureField.partial')}</option>
                </select>
              </label>
            ) : null}
            {(figure.breakdown?.parts ?? []).map((part, p) => {
              const parts = figure.breakdown!.parts;
              const setPart = (next: FigureValue) => update(i, { ...figure, breakdown: { ...figure.breakdown!, parts: parts.map((x, k) => (k === p ? next : x)) } });
              return (
                <div className="form-row" key={p}>
                  <label>
                    {t('registry.figureField.label')}
                    <input value={part.label ?? ''} onChange={(e) => setPart(e.target.value ? { ...part, label: e.target.value } : without(part, 'label'))} />
                  </label>
                  <label>
                    {t('registry.figureField.value')}
                    <input
                      inputMode="numeric"
                      value={part.value ?? ''}
                      onChange={(e) => {
                        const n = numberOf(e.target.value);
                        setPart(n === undefined ? without(part, 'value') : { ...part, value: n });
                      }}
                    />
                  </label>
                  <button
                    type="button"
                    className="button-quiet"
                    onClick={() => {
                      const rest = parts.filter((_x, k) => k !== p);
                      update(i, rest.length ? { ...figure, breakdown: { ...figure.breakdown!, parts: rest } } : without(figure, 'breakdown'));
                    }}
                  >
                    {t('registry.form.removeRow')}
                  </button>
                </div>
              );
            })}
            <button
              type="button"
              className="button-secondary"
              onClick={() => update(i, { ...figure, breakdown: { mode: figure.breakdown?.mode ?? 'partial', parts: [...(figure.breakdown?.parts ?? []), {}] } })}
            >
              {t('registry.figureField.addPart')}
            </button>
          </fieldset>
          <button type="button" className="button-quiet" onClick={() => onChange(value.filter((_f, j) => j !== i))}>
            {t('registry.form.removeRow')}
          </button>
        </div>
      ))}
      <button type="button" className="button-secondary" onClick={() => onChange([...value, {}])}>
        {t('registry.form.addFigure')}
      </button>
      {error ? <p className="field-error">{error}</p> : null}
    </fieldset>
  );
}

/** A claim's statement in other languages, each with its language code. */
export function TranslationRows({ label, error, value, onChange }: { label: string; error?: string; value: { language: string; text: string }[]; onChange: (v: { language: string; text: string }[]) => void }) {
  const t = useT();
  const update = (i: number, next: { language: string; text: string }) => onChange(value.map((x, j) => (j === i ? next : x)));
  return (
    <fieldset className="field form-rows">
      <legend>{label}</legend>
      {value.map((row, i) => (
        <div className="form-row" key={i}>
          <label>
            {t('registry.field.language')}
            <input value={row.language} size={6} onChange={(e) => update(i, { ...row, language: e.target.value })} />
          </label>
          <label className="grow">
            {t('registry.field.statement')}
            <textarea value={row.text} rows={2} lang={row.language || undefined} onChange={(e) => update(i, { ...row, text: e.target.value })} />
          </label>
          <button type="button" className="button-quiet" onClick={() => onChange(value.filter((_x, j) => j !== i))}>
            {t('registry.form.removeRow')}
          </button>
        </div>
      ))}
      <button type="button" className="button-secondary" onClick={() => onChange([...value, { language: '', text: '' }])}>
        {t('registry.form.addTranslation')}
      </button>
      {error ? <p className="field-error">{error}</p> : null}
    </fieldset>
  );
}

/** Persons' roles in a prosecution step, as the source words them. */
export function RoleRows({ label, error, actors, value, onChange }: { label: string; error?: string; actors: PickOption[]; value: { actorId: string; role: string }[]; onChange: (v: { actorId: string; role: string }[]) => void }) {
  const t = useT();
  const update = (i: number, next: { actorId: string; role: string }) => onChange(value.map((x, j) => (j === i ? next : x)));
  return (
    <fieldset className="field form-rows">
      <legend>{label}</legend>
      {value.map((row, i) => (
        <div className="form-row" key={i}>
          <label>
            {t('registry.field.actor')}
            <select value={row.actorId} onChange={(e) => update(i, { ...row, actorId: e.target.value })}>
              <option value="">—</option>
              {actors.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.label}
                </option>
              ))}
            </select>
          </label>
          <label className="grow">
            {t('registry.field.role')}
            <input value={row.role} onChange={(e) => update(i, { ...row, role: e.target.value })} />
          </label>
          <button type="button" className="button-quiet" onClick={() => onChange(value.filter((_x, j) => j !== i))}>
            {t('registry.form.removeRow')}
          </button>
        </div>
      ))}
      <button type="button" className="button-secondary" onClick={() => onChange([...value, { actorId: '', role: '' }])}>
        {t('registry.form.addRole')}
      </button>
      {error ? <p className="field-error">{error}</p> : null}
    </fieldset>
  );
}
