import { useT } from '../i18n/I18nProvider.tsx';

/** A record a picker shows: its name and, for matches, a second line (publisher and date, a country, a date). */
export interface PickEntry {
  key: string;
  label: string;
  detail?: string | null;
}

/**
 * The two lists every search-as-you-type picker shows (the registry's, the cases forms', the archive item picker):
 * what is chosen, each with a remove button naming it, and the matches to choose from. The pickers differ in where
 * their matches come from (a list in hand or a server search), not in how they are shown.
 */
export function ChosenList({ field, chosen, onRemove }: { field: string; chosen: PickEntry[]; onRemove: (key: string) => void }) {
  const t = useT();
  if (!chosen.length) return null;
  return (
    <ul className="picker-chosen" aria-label={t('registry.form.chosen', { field })}>
      {chosen.map((c) => (
        <li key={c.key}>
          <span>{c.label}</span>
          <button type="button" className="button-quiet" onClick={() => onRemove(c.key)}>
            {t('registry.form.remove', { name: c.label })}
          </button>
        </li>
      ))}
    </ul>
  );
}

export function MatchList({ matches, onChoose }: { matches: PickEntry[]; onChoose: (key: string) => void }) {
  const t = useT();
  if (!matches.length) return null;
  return (
    <ul className="picker-matches" aria-label={t('registry.form.matches', { count: matches.length })}>
      {matches.map((m) => (
        <li key={m.key}>
          <button type="button" className="button-secondary" onClick={() => onChoose(m.key)}>
            <span>{m.label}</span>
            {m.detail ? <span className="picker-detail">{m.detail}</span> : null}
          </button>
        </li>
      ))}
    </ul>
  );
}

/** The picker's text box: typed words go to `onQuery`, Enter (without sending the form) calls `onEnter`. */
export function PickInput({
  id,
  query,
  hint,
  onQuery,
  onEnter,
}: {
  id: string;
  query: string;
  hint?: string;
  onQuery: (text: string) => void;
  onEnter: () => void;
}) {
  const t = useT();
  return (
    <input
      id={id}
      type="search"
      autoComplete="off"
      value={query}
      maxLength={200}
      placeholder={t('registry.form.typeToFind')}
      aria-describedby={hint ? `${id}-hint` : undefined}
      onChange={(e) => onQuery(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          onEnter();
        }
      }}
    />
  );
}
