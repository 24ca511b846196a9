import type { Kysely } from 'kysely';
import { requireRole, type Actor } from '../accounts/actor.ts';
import type { Database } from '../db/schema.ts';
import { normaliseName } from '../../core/names/index.ts';
import * as repo from './pick-repository.ts';
import { READ_ROLES } from './service.ts';

/** Who may find casualty records by name (as the casualty module allows record-level reads). */
const RECORD_READERS = ['editor', 'reviewer'] as const;

export type PickKind = 'victims' | 'events' | 'actors' | 'units' | 'places';

/** One choice offered by a picker: its id (a place has none: its name is what the form stores), a label and a little more. */
export interface PickOption {
  id: string | null;
  label: string;
  /** A second line: the list a casualty record is from and its date, an event's dates and place, an actor's country. */
  detail: string | null;
  /** For a place: the country and position an incident gave it, to fill in with the name. */
  place?: { country: string | null; latitude: number | null; longitude: number | null };
}

const join = (...parts: Array<string | null | undefined>) => parts.filter((p): p is string => !!p).join(' · ') || null;

/**
 * Searches for the cases forms' pickers, so that analysts choose victims, events, places, actors and units by name
 * instead of pasting ids. Readers of the module search events, actors, units and places; only the roles that may
 * read casualty records find victims (a viewer could otherwise learn who is on a list).
 */
export class CasePickers {
  constructor(readonly db: Kysely<Database>) {}

  async search(actor: Actor, kind: PickKind, q: string, limit: number): Promise<PickOption[]> {
    requireRole(actor, ...(kind === 'victims' ? RECORD_READERS : READ_ROLES));
    const text = q.trim();
    if (text === '') return [];
    // Victims, events and actors are also found by their names romanised by the names engine, from any script.
    const romanised = normaliseName(text) || undefined;
    switch (kind) {
      case 'victims': {
        return (await repo.searchVictims(this.db, text, romanised, limit)).map((r) => ({
          id: r.id,
          label: (r.names as string[])[0] ?? ([r.given_name, r.patronymic, r.family_name].filter(Boolean).join(' ') || r.id),
          detail: join(r.list, r.death_date, r.place),
        }));
      }
      case 'events':
        return (await repo.searchEvents(this.db, text, romanised, limit)).map((r) => ({ id: r.id, label: r.name, detail: join(r.start_date && r.end_date && r.end_date !== r.start_date ? `${r.start_date} – ${r.end_date}` : r.start_date, r.place) }));
      case 'actors':
        return (await repo.searchActors(this.db, text, romanised, limit)).map((r) => ({ id: r.id, label: r.name, detail: join(r.country) }));
      case 'units':
        return (await repo.searchUnits(this.db, text, limit)).map((r) => ({ id: r.id, label: r.name, detail: null }));
      case 'places':
        return (await repo.searchPlaces(this.db, text, limit)).map((r) => ({
          id: null,
          label: r.name,
          detail: join(r.country),
          place: { country: r.country, latitude: r.latitude === null ? null : Number(r.latitude), longitude: r.longitude === null ? null : Number(r.longitude) },
        }));
    }
  }
}
