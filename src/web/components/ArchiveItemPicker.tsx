import { useEffect, useId, useState } from 'react';
import { call } from '../api/client.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { ChosenList, MatchList, PickInput, type PickEntry } from './PickList.tsx';

/**
 * Choosing one archive item by typing words of its title (or any words the archive search finds), instead of
 * pasting its id: the archive's own search answers, so the reader is offered only what they may see. An id already
 * held is shown by its title once looked up (by the id while it loads, or if the reader may not see the item).
 */
export function ArchiveItemPicker({ label, hint, value, onChange }: { label: string; hint?: string; value: string; onChange: (id: string) => void }) {
  const t = useT();
  const id = useId();
  const [query, setQuery] = useState('');
  const [matches, setMatches] = useState<PickEntry[] | null>(null);
  const [titles, setTitles] = useState<Record<string, string>>({});
  useEffect(() => {
    if (!value || titles[value]) return;
    let live = true;
    call('get', '/api/archive/items/{id}', { params: { id: value } }).then(
      (answer) => live && setTitles((known) => ({ ...known, [value]: answer.title })),
      () => undefined, // not visible or not an item: the id stands
    );
    return () => {
      live = false;
    };
  }, [value, titles]);
  useEffect(() => {
    const q = query.trim();
    if (!q) {
      setMatches(null);
      return;
    }
    let live = true;
    // A quarter second after the last key, as the other pickers.
    const timer = setTimeout(() => {
      call('get', '/api/archive/items', { query: { q: q.slice(0, 200), limit: 8 } }).then(
        (answer) => {
          if (!live) return;
          setTitles((known) => ({ ...known, ...Object.fromEntries(answer.items.map((i) => [i.id, i.title])) }));
          setMatches(answer.items.map((i) => ({ key: i.id, label: i.title, detail: [i.eventDate, i.place.name].filter(Boolean).join(' · ') || null })));
        },
        () => live && setMatches([]),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query]);
  const choose = (chosen: string) => {
    onChange(chosen);
    setQuery('');
    setMatches(null);
  };
  return (
    <div className="field picker" data-picker="archive-item">
      <label htmlFor={id}>{label}</label>
      <ChosenList field={label} chosen={value ? [{ key: value, label: titles[value] ?? value }] : []} onRemove={() => onChange('')} />
      {value ? null : <PickInput id={id} query={query} hint={hint} onQuery={setQuery} onEnter={() => matches?.[0] && choose(matches[0].key)} />}
      {matches !== null && matches.length === 0 ? <p className="field-hint">{t('registry.form.noMatch')}</p> : null}
      <MatchList matches={matches ?? []} onChoose={choose} />
      {hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}
