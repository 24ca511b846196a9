import { seededRandom } from '../model.ts';
import { ARM_FEMALE, ARM_MALE, ARM_SURNAME_ROOTS, AZ_FEMALE, AZ_MALE, AZ_SURNAME_ROOTS, PLACES } from './name-parts.ts';
import {
  armenianToAzerbaijani,
  armenianToEnglish,
  armenianToRussian,
  azerbaijaniToArmenian,
  azerbaijaniToEnglish,
  azerbaijaniToRussian,
  capitaliseWords,
  typo,
  type Random,
} from './writers.ts';

/**
 * A seedable population of fictional Azerbaijani and Armenian persons, and several lists that each cover part of
 * it, each written in its own script or romanisation, with typos, swapped name order, partial, wrong and missing
 * dates and missing fields. Every record carries its true person so that linkage can be scored.
 */
export type Community = 'az' | 'arm';
export type ListScript = 'az-latin' | 'ru-cyrillic' | 'armenian' | 'english';

export interface SyntheticPerson {
  id: number;
  community: Community;
  sex: 'M' | 'F';
  /** Native spelling: Azerbaijani Latin or Armenian script. */
  given: string;
  family: string;
  father: string;
  birth: { year: number; month: number; day: number };
  place: string;
}

export interface SyntheticRecord {
  record_id: string;
  source: string;
  name: string;
  sex: string;
  birth_date: string;
  place: string;
  true_person: string;
}

export interface ListSpec {
  name: string;
  script: ListScript;
  /** Share of each community's persons the list covers. */
  coverage: Record<Community, number>;
}

export interface SyntheticOptions {
  persons: number;
  seed?: number;
  lists?: ListSpec[];
  /** Probability scale of all noise (1 = defaults below). */
  noise?: number;
  /** Share of a list's records that appear twice in that list. */
  duplicateRate?: number;
}

export const DEFAULT_LISTS: ListSpec[] = [
  { name: 'az', script: 'az-latin', coverage: { az: 0.7, arm: 0.25 } },
  { name: 'ru', script: 'ru-cyrillic', coverage: { az: 0.5, arm: 0.5 } },
  { name: 'hy', script: 'armenian', coverage: { az: 0.25, arm: 0.7 } },
  { name: 'en', script: 'english', coverage: { az: 0.4, arm: 0.4 } },
];

const pick = <T>(random: Random, options: readonly T[]): T => options[Math.floor(random() * options.length)];

function lastVowel(word: string): string {
  const vowels = [...word.toLowerCase()].filter((c) => 'aıoueəiöü'.includes(c));
  return vowels[vowels.length - 1] ?? 'a';
}

function azerbaijaniFamily(root: string, style: number, sex: 'M' | 'F'): string {
  const endsInVowel = 'aıoueəiöü'.includes(root[root.length - 1].toLowerCase());
  if (style < 0.6) return root + (endsInVowel ? 'yev' : 'ov') + (sex === 'F' ? 'a' : '');
  if (style < 0.85) {
    const v = lastVowel(root);
    return root + ('aı'.includes(v) ? 'lı' : 'eəi'.includes(v) ? 'li' : 'ou'.includes(v) ? 'lu' : 'lü');
  }
  return root + 'zadə';
}

function makePerson(id: number, random: Random): SyntheticPerson {
  const community: Community = random() < 0.5 ? 'az' : 'arm';
  const sex = random() < 0.5 ? 'M' : 'F';
  const year = 1920 + Math.floor(random() * 75);
  const month = 1 + Math.floor(random() * 12);
  const day = 1 + Math.floor(random() * 28);
  const place = pick(random, PLACES);
  if (community === 'az') {
    const root = random() < 0.6 ? pick(random, AZ_MALE) : pick(random, AZ_SURNAME_ROOTS);
    return {
      id, community, sex,
      given: pick(random, sex === 'M' ? AZ_MALE : AZ_FEMALE),
      family: azerbaijaniFamily(root, random(), sex),
      father: pick(random, AZ_MALE),
      birth: { year, month, day },
      place,
    };
  }
  const root = random() < 0.5 ? pick(random, ARM_MALE) : pick(random, ARM_SURNAME_ROOTS);
  return {
    id, community, sex,
    given: pick(random, sex === 'M' ? ARM_MALE : ARM_FEMALE),
    family: root + 'յան',
    father: pick(random, ARM_MALE),
    birth: { year, month, day },
    place,
  };
}

function write(text: string, from: Community, script: ListScript, random: Random): string {
  if (from === 'az') {
    if (script === 'az-latin') return text;
    if (script === 'ru-cyrillic') return azerbaijaniToRussian(text, random);
    if (script === 'armenian') return azerbaijaniToArmenian(text);
    return azerbaijaniToEnglish(text, random);
  }
  if (script === 'armenian') return text;
  if (script === 'ru-cyrillic') return armenianToRussian(text, random);
  if (script === 'az-latin') return armenianToAzerbaijani(text);
  return armenianToEnglish(text, random);
}

function russianPatronymic(father: string, sex: 'M' | 'F', azerbaijani: boolean, random: Random): string {
  if (azerbaijani && random() < 0.5) return `${father} ${sex === 'M' ? 'оглы' : 'кызы'}`;
  const stem = /[аеиоуыэюя]$/.test(father) ? father.slice(0, -1) + 'ев' : father + 'ов';
  return stem + (sex === 'M' ? 'ич' : 'на');
}

function formatDate(birth: SyntheticPerson['birth'], script: ListScript, random: Random, noise: number): string {
  let { year, month, day } = birth;
  const r = random();
  if (r < 0.1 * noise) return '';
  if (r < 0.18 * noise) {
    const kind = Math.floor(random() * 3);
    if (kind === 0) year += random() < 0.5 ? -1 : 1;
    else if (kind === 1 && day <= 12) [day, month] = [month, day];
    else year += random() < 0.5 ? -10 : 10; // a misread digit
  }
  const pad = (n: number) => String(n).padStart(2, '0');
  if (r > 1 - 0.15 * noise || script === 'armenian' && random() < 0.4) return String(year);
  if (script === 'english') return `${year}-${pad(month)}-${pad(day)}`;
  if (script === 'armenian') return `${year}-${pad(month)}-${pad(day)}`;
  return `${pad(day)}.${pad(month)}.${year}`;
}

function writeRecord(person: SyntheticPerson, list: ListSpec, random: Random, noise: number): Omit<SyntheticRecord, 'record_id'> {
  const script = list.script;
  const from = person.community;
  const maybeTypo = (s: string) => (random() < 0.12 * noise ? typo(s, random) : s);
  const given = maybeTypo(write(person.given, from, script, random));
  const family = maybeTypo(write(person.family, from, script, random));
  const father = write(person.father, from, script, random);
  const withPatronymic = random() > 0.3 * noise;
  let parts: string[];
  if (script === 'az-latin') {
    parts = [family, given];
    if (withPatronymic) parts.push(`${father} ${person.sex === 'M' ? 'oğlu' : 'qızı'}`);
  } else if (script === 'ru-cyrillic') {
    parts = [family, given];
    if (withPatronymic) parts.push(russianPatronymic(father, person.sex, from === 'az', random));
  } else if (script === 'armenian') {
    parts = from === 'arm' && withPatronymic ? [family, given, `${father}ի`] : [given, family];
  } else {
    parts = [given, family];
  }
  if (random() < 0.08 * noise) [parts[0], parts[1]] = [parts[1], parts[0]];
  let place = random() < 0.2 * noise ? '' : write(person.place, 'az', script, random);
  if (place && random() < 0.1 * noise) place = typo(place, random);
  return {
    source: list.name,
    name: capitaliseWords(parts.join(' ')),
    sex: random() < 0.1 * noise ? '' : person.sex,
    birth_date: formatDate(person.birth, script, random, noise),
    place,
    true_person: `person-${person.id}`,
  };
}

export function generatePopulation(count: number, seed = 1): SyntheticPerson[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, id) => makePerson(id, random));
}

/** Lists over a fresh population; records are shuffled within each list so that order says nothing. */
export function generateLists(options: SyntheticOptions): { persons: SyntheticPerson[]; records: SyntheticRecord[] } {
  const seed = options.seed ?? 1;
  const persons = generatePopulation(options.persons, seed);
  const random = seededRandom(seed + 7919);
  const noise = options.noise ?? 1;
  const duplicateRate = options.duplicateRate ?? 0.03;
  const records: SyntheticRecord[] = [];
  for (const list of options.lists ?? DEFAULT_LISTS) {
    const listRecords: Array<Omit<SyntheticRecord, 'record_id'>> = [];
    for (const person of persons) {
      if (random() >= list.coverage[person.community]) continue;
      listRecords.push(writeRecord(person, list, random, noise));
      if (random() < duplicateRate) listRecords.push(writeRecord(person, list, random, noise));
    }
    for (let i = listRecords.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [listRecords[i], listRecords[j]] = [listRecords[j], listRecords[i]];
    }
    listRecords.forEach((r, i) => records.push({ record_id: `${list.name}-${String(i + 1).padStart(7, '0')}`, ...r }));
  }
  return { persons, records };
}

export const SYNTHETIC_COLUMNS = ['record_id', 'source', 'name', 'sex', 'birth_date', 'place', 'true_person'] as const;

/** Column-major form for the engine. */
export function recordsToColumns(records: readonly SyntheticRecord[]): Record<string, string[]> {
  const columns: Record<string, string[]> = {};
  for (const c of SYNTHETIC_COLUMNS) columns[c] = records.map((r) => r[c]);
  return columns;
}
