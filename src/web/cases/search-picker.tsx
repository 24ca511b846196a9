import { useEffect, useId, useState } from 'react';
import type { Item, PathParamsOf, ResponseOf } from '../../contract/api.ts';
import { call } from '../api/client.ts';
import { ChosenList, MatchList, PickInput } from '../components/PickList.tsx';
import { useT } from '../i18n/I18nProvider.tsx';

export type PickKind = PathParamsOf<'/api/cases/pick/{kind}', 'get'>['kind'];
export type PickOption = Item<ResponseOf<'/api/cases/pick/{kind}', 'get'>['options']>;
/** What a form holds for a chosen record: its id and the name to show. */
export type Chosen = { id: string; label: string };

/** Asks the server for the records whose name contains the text (a quarter second after the last key). */
function useMatches(kind: PickKind, query: string): PickOption[] | null {
  const [matches, setMatches] = useState<PickOption[] | null>(null);
  useEffect(() => {
    const q = query.trim();
    if (q === '') {
      setMatches(null);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      call('get', '/api/cases/pick/{kind}', { params: { kind }, query: { q: q.slice(0, 200), limit: 10 } }).then(
        (r) => live && setMatches(r.options),
        () => live && setMatches([]),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [kind, query]);
  return matches;
}

/**
 * Choosing victims, events, actors, units or places by typing part of a name: the server searches (with its role
 * checks) and offers a few matches; the chosen ones are listed with a remove button. One picker for every cases form,
 * so no form asks for a pasted id.
 */
export function SearchPicker({
  kind,
  label,
  hint,
  value,
  multiple = false,
  onChange,
  onPlace,
  useTyped,
}: {
  kind: PickKind;
  label: string;
  hint?: string;
  value: Chosen[];
  multiple?: boolean;
  onChange: (chosen: Chosen[]) => void;
  /** For places: the whole option (its country and position), when one is chosen. */
  onPlace?: (option: PickOption) => void;
  /** The label of a button that takes the typed text itself (a place not named before); without it, only matches. */
  useTyped?: (text: string) => string;
}) {
  const t = useT();
  const id = useId();
  const [query, setQuery] = useState('');
  const found = useMatches(kind, query);
  const matches = (found ?? []).filter((o) => !value.some((v) => v.id === (o.id ?? o.label)));
  const choose = (o: PickOption) => {
    const chosen = { id: o.id ?? o.label, label: o.label };
    onChange(multiple ? [...value, chosen] : [chosen]);
    onPlace?.(o);
    setQuery('');
  };
  return (
    <div className="field picker" data-picker={kind}>
      <label htmlFor={id}>{label}</label>
      <ChosenList
        field={label}
        chosen={value.map((v) => ({ key: v.id, label: v.label }))}
        onRemove={(removed) => onChange(value.filter((x) => x.id !== removed))}
      />
      {multiple || value.length === 0 ? (
        <PickInput
          id={id}
          query={query}
          hint={hint}
          onQuery={setQuery}
          onEnter={() => {
            // Enter takes the first match, or, where typed text may stand (a new place), the text itself
            if (matches[0]) choose(matches[0]);
            else if (useTyped && query.trim() !== '') choose({ id: null, label: query.trim().slice(0, 300), detail: null });
          }}
        />
      ) : null}
      {found !== null && matches.length === 0 && !useTyped ? <p className="field-hint">{t('registry.form.noMatch')}</p> : null}
      {useTyped && query.trim() !== '' && !matches.some((o) => o.label === query.trim()) ? (
        <button type="button" className="button-quiet" onClick={() => choose({ id: null, label: query.trim().slice(0, 300), detail: null })}>
          {useTyped(query.trim())}
        </button>
      ) : null}
      <MatchList
        matches={matches.map((o) => ({ key: keyOf(o), label: o.label, detail: o.detail }))}
        onChoose={(key) => choose(matches.find((o) => keyOf(o) === key)!)}
      />
      {hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** A match's key in the list: its id, or for a place named only in words, its name and detail. */
const keyOf = (o: PickOption) => o.id ?? `${o.label}|${o.detail ?? ''}`;

/** The chosen id of a single picker, or null. */
export const chosenId = (value: Chosen[]): string | null => value[0]?.id ?? null;
