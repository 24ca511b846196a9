import { useId, useMemo, useState } from 'react';
import { useT } from '../i18n/I18nProvider.tsx';

export interface PickOption {
  id: string;
  label: string;
  /** A second line: publisher and date, an actor's country, a claim's statement. */
  detail?: string;
}

const MAX_SHOWN = 8;

function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase();
}

/**
 * Search-as-you-type choice of registry records by name instead of a pasted id: the chosen records are listed with a
 * remove button; typing filters the rest (by words in the name, detail or id), and a click or Enter chooses one.
 */
export function Picker({
  label,
  hint,
  error,
  options,
  value,
  multiple,
  onChange,
}: {
  label: string;
  hint?: string;
  error?: string;
  options: PickOption[];
  value: string[];
  multiple?: boolean;
  onChange: (ids: string[]) => void;
}) {
  const t = useT();
  const id = useId();
  const [query, setQuery] = useState('');
  const byId = useMemo(() => new Map(options.map((o) => [o.id, o])), [options]);
  const matches = useMemo(() => {
    const words = fold(query).split(/\s+/).filter(Boolean);
    if (!words.length) return [];
    return options
      .filter((o) => !value.includes(o.id))
      .filter((o) => {
        const hay = fold(`${o.label} ${o.detail ?? ''} ${o.id}`);
        return words.every((w) => hay.includes(w));
      })
      .slice(0, MAX_SHOWN);
  }, [options, query, value]);
  const choose = (chosen: string) => {
    onChange(multiple ? [...value, chosen] : [chosen]);
    setQuery('');
  };
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field picker">
      <label htmlFor={id}>{label}</label>
      {value.length ? (
        <ul className="picker-chosen" aria-label={t('registry.form.chosen', { field: label })}>
          {value.map((chosenId) => (
            <li key={chosenId}>
              <span>{byId.get(chosenId)?.label ?? chosenId}</span>
              <button type="button" className="button-quiet" onClick={() => onChange(value.filter((v) => v !== chosenId))}>
                {t('registry.form.remove', { name: byId.get(chosenId)?.label ?? chosenId })}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {multiple || value.length === 0 ? (
        <input
          id={id}
          type="search"
          autoComplete="off"
          value={query}
          placeholder={t('registry.form.typeToFind')}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              if (matches[0]) choose(matches[0].id);
            }
          }}
        />
      ) : null}
      {query && matches.length === 0 ? <p className="field-hint">{t('registry.form.noMatch')}</p> : null}
      {matches.length ? (
        <ul className="picker-matches" aria-label={t('registry.form.matches', { count: matches.length })}>
          {matches.map((o) => (
            <li key={o.id}>
              <button type="button" className="button-secondary" onClick={() => choose(o.id)}>
                <span>{o.label}</span>
                {o.detail ? <span className="picker-detail">{o.detail}</span> : null}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
