import { useId, useMemo, useState } from 'react';
import { ChosenList, MatchList } from '../components/PickList.tsx';
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
      <ChosenList
        field={label}
        chosen={value.map((v) => ({ key: v, label: byId.get(v)?.label ?? v }))}
        onRemove={(removed) => onChange(value.filter((v) => v !== removed))}
      />
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
      <MatchList matches={matches.map((o) => ({ key: o.id, label: o.label, detail: o.detail }))} onChoose={choose} />
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
