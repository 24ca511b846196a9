import { useEffect, useState } from 'react';
import { call } from '../api/client.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { FrameworkDetail } from './api.ts';

type Option = { id: string; label: string; group?: string };

/** What an allegation form offers to pick from: registry actors and sources, and every framework's crimes, modes and elements. */
export interface AllegationChoices {
  actors: Option[];
  sources: Option[];
  frameworks: FrameworkDetail[];
}

async function loadChoices(): Promise<AllegationChoices> {
  // Three requests at once: the frameworks come with their crimes, modes and elements in one (not one a framework).
  const [actors, sources, { frameworks }] = await Promise.all([call('get', '/api/registry/actors'), call('get', '/api/registry/sources'), call('get', '/api/cases/framework-details')]);
  return {
    actors: actors.actors.map((a) => ({ id: a.id, label: a.name })).sort((a, b) => a.label.localeCompare(b.label)),
    sources: sources.sources.map((s) => ({ id: s.id, label: [s.publisher, s.title, s.date].filter(Boolean).join(' — ') })),
    frameworks,
  };
}

/**
 * One load shared by the forms of a page (the incident page shows the act and allegation forms together, and each
 * correction form asks again when opened): a load started in the last few seconds is reused, not repeated.
 */
const SHARE_MS = 5_000;
let shared: { at: number; promise: Promise<AllegationChoices> } | null = null;
function sharedChoices(): Promise<AllegationChoices> {
  const now = Date.now();
  if (!shared || now - shared.at > SHARE_MS) {
    const promise = loadChoices();
    shared = { at: now, promise };
    promise.catch(() => {
      if (shared?.promise === promise) shared = null;
    });
  }
  return shared.promise;
}

/** Loads the choices once; null while loading (the form then still works with ids typed into the pickers' fallback). */
export function useAllegationChoices(): AllegationChoices | null {
  const [choices, setChoices] = useState<AllegationChoices | null>(null);
  useEffect(() => {
    let live = true;
    sharedChoices().then(
      (loaded) => live && setChoices(loaded),
      () => live && setChoices({ actors: [], sources: [], frameworks: [] }),
    );
    return () => {
      live = false;
    };
  }, []);
  return choices;
}

/** A labelled select of named things; the value is the id, the reader sees the name. */
export function Picker({ id, label, options, value, onChange, required = false, none }: { id: string; label: string; options: Option[]; value: string; onChange: (id: string) => void; required?: boolean; none: string }) {
  const groups = [...new Set(options.map((o) => o.group ?? ''))];
  const render = (list: Option[]) =>
    list.map((o) => (
      <option key={o.id} value={o.id}>
        {o.label}
      </option>
    ));
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} required={required} onChange={(e) => onChange(e.target.value)}>
        <option value="">{none}</option>
        {groups.length > 1
          ? groups.map((g) => (
              <optgroup key={g} label={g}>
                {render(options.filter((o) => (o.group ?? '') === g))}
              </optgroup>
            ))
          : render(options)}
      </select>
    </div>
  );
}

export const crimeOptions = (frameworks: FrameworkDetail[]): Option[] =>
  frameworks.flatMap((f) => f.crimes.map((c) => ({ id: c.id, label: `${c.article} — ${c.title}`, group: f.framework.name })));
export const modeOptions = (frameworks: FrameworkDetail[]): Option[] =>
  frameworks.flatMap((f) => f.modes.map((m) => ({ id: m.id, label: `${m.article} — ${m.title}`, group: f.framework.name })));

/** The elements an allegation may rely on: those of the crime and the crimes above it, and of the mode. */
export function elementsFor(frameworks: FrameworkDetail[], crimeId: string, modeId: string) {
  const crimes = new Map(frameworks.flatMap((f) => f.crimes.map((c) => [c.id, c] as const)));
  const modes = new Map(frameworks.flatMap((f) => f.modes.map((m) => [m.id, m] as const)));
  const owners: Array<{ article: string; elements: FrameworkDetail['crimes'][number]['elements'] }> = [];
  const seen = new Set<string>();
  for (let c = crimes.get(crimeId); c && !seen.has(c.id); c = c.parentId ? crimes.get(c.parentId) : undefined) {
    seen.add(c.id);
    owners.unshift(c);
  }
  const mode = modes.get(modeId);
  if (mode) owners.push(mode);
  return owners.flatMap((o) => o.elements.map((e) => ({ id: e.id, label: `${o.article} · ${e.number}. ${e.summary}` })));
}

/** Checkboxes for the elements relied on. */
export function ElementPicker({ options, chosen, onChange }: { options: Option[]; chosen: string[]; onChange: (ids: string[]) => void }) {
  const { t } = useI18n();
  if (options.length === 0) return <p className="field-hint">{t('cases.pick.noElements')}</p>;
  return (
    <fieldset className="field cases-element-picker">
      <legend>{t('cases.pick.elements')}</legend>
      {options.map((o) => (
        <label key={o.id}>
          <input type="checkbox" checked={chosen.includes(o.id)} onChange={(e) => onChange(e.target.checked ? [...chosen, o.id] : chosen.filter((x) => x !== o.id))} /> {o.label}
        </label>
      ))}
    </fieldset>
  );
}

type ItemOption = { id: string; title: string };
type FileOption = { id: string; name: string };

/**
 * Picks an archive item by searching its title and text (the archive's own search: only what the analyst may see is
 * offered), then, where a pinpoint needs one, the item's file by name.
 */
export function ItemPicker({ itemId, onItem, fileId, onFile, needFile }: { itemId: string; onItem: (id: string) => void; fileId: string; onFile: (id: string) => void; needFile: boolean }) {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const [items, setItems] = useState<ItemOption[]>([]);
  const [files, setFiles] = useState<FileOption[]>([]);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      call('get', '/api/archive/items', { query: { q: query.trim() || undefined, limit: 50 } })
        .then((r) => live && setItems(r.items.map((i) => ({ id: i.id, title: i.title }))))
        .catch(() => live && setItems([]));
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query]);
  useEffect(() => {
    let live = true;
    if (!itemId) {
      setFiles([]);
      return;
    }
    call('get', '/api/archive/items/{id}', { params: { id: itemId } })
      .then((r) => {
        if (!live) return;
        const list = r.files.filter((f) => f.role === 'original').map((f) => ({ id: f.id, name: f.originalFilename || f.filename }));
        setFiles(list);
        if (list.length > 0 && !list.some((f) => f.id === fileId)) onFile(list[0].id);
      })
      .catch(() => live && setFiles([]));
    return () => {
      live = false;
    };
    // fileId and onFile left out on purpose: the first file is chosen only when the item changes.
  }, [itemId]);
  const shown = itemId && !items.some((i) => i.id === itemId) ? [{ id: itemId, title: itemId }, ...items] : items;
  return (
    <>
      <div className="field">
        <label htmlFor="evidence-item-search">{t('cases.pick.findItem')}</label>
        <input id="evidence-item-search" type="search" value={query} onChange={(e) => setQuery(e.target.value)} maxLength={200} />
      </div>
      <Picker id="evidence-item" label={t('cases.pick.item')} options={shown.map((i) => ({ id: i.id, label: i.title }))} value={itemId} onChange={onItem} required none={t('cases.pick.none')} />
      {needFile ? <Picker id="evidence-file" label={t('cases.pick.file')} options={files.map((f) => ({ id: f.id, label: f.name }))} value={fileId} onChange={onFile} required none={t('cases.pick.none')} /> : null}
    </>
  );
}
