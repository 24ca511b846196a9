import { seededRandom } from '../model.ts';
import { FARMS, NORDIC_FEMALE, NORDIC_MALE, PARISHES, type NordicGiven } from './nordic-names.ts';
import { pad2, pick, pickSkewed, randomDay, shuffleTogether, type GeneratedList } from './generated-list.ts';
import { typo, type Random } from './writers.ts';

/**
 * A Norwegian parish and census register as a genealogical index exports it: one row per record of a person —
 * baptism (in the minister's book and often again in the parish clerk's copy), confirmation, marriage, burial, and
 * the censuses 1801, 1865, 1875, 1891 and 1900 — with the name over several columns (first name, middle names,
 * surname, maiden name) and the parents' names in columns of their own. Persons are fictional, born 1690–1899, in
 * a few parishes, so that many people share the same few names.
 *
 * Conventions modelled, with sources:
 * - patronymic surnames from the father's given name, -sen for a son and -sdatter (written -sdr., -sd.) for a
 *   daughter (Ole's children Olsen and Olsdatter), with a farm name as a second surname that changes when the
 *   family moves to another farm; a married woman keeps her patronymic in the older records and is entered under
 *   her husband's surname with her maiden name beside it by 1900 (FamilySearch Research Wiki, "Norway Naming
 *   Customs"; the Norwegian Names Act of 1923 later made surnames hereditary);
 * - naming after grandparents: the first son after the father's father, the second after the mother's father, the
 *   first daughter after the father's mother, the second after the mother's mother; a dead child's name given to
 *   the next child of the same sex (same source): siblings differ by given name, cousins share it;
 * - baptism a few days to weeks after birth, the birth date often not written in the 1700s (FamilySearch Research
 *   Wiki, "Norway Church Records"); the minister's book (ministerialbok) and the parish clerk's copy (klokkerbok)
 *   indexed separately, so one event appears twice with its own spellings;
 * - the censuses as Digitalarkivet publishes them: 1801 gives the age only, 1865, 1875 and 1891 the birth year,
 *   1900 the full birth date; ages stated at confirmation (about 15), marriage and burial;
 * - spelling of the era: Christian / Kristian, Catharina / Karen / Kari, Peder / Peter / Per, Latinised names
 *   (Johannes, Petrus) in the 1700s (nordic-names.ts); dates as DD.MM.YYYY or the year alone; typing errors of the
 *   indexers and missing values;
 * - heavy-tailed record counts: an index that aggregates secondary sources — farm and family histories
 *   (bygdebøker), probate records (skifteprotokoller), deed and mortgage registers (panteregistre), court books
 *   (tingbøker), emigrant lists and user-submitted family trees (Digitalarkivet's and the FamilySearch Research
 *   Wiki's guides to these sources) — holds most people a few times but farm owners and well-documented ancestors
 *   many times: about one person in seventy here has 20–60 extra records restating the name, the birth date or year
 *   (a tree's year sometimes off by one or two, now and then a namesake's) and often the father.
 */

export const NORDIC_REGISTER_HEADER = [
  'record_id', 'source', 'first_name', 'middle_names', 'surname', 'maiden_name', 'father', 'mother', 'birth_date', 'baptism_date', 'age', 'event_date', 'parish', 'sex',
];

interface Ymd {
  year: number;
  month: number;
  day: number;
}

interface NordicPerson {
  id: number;
  sex: 'M' | 'F';
  given: NordicGiven;
  middle: NordicGiven | null;
  father: NordicPerson | null;
  mother: NordicPerson | null;
  /** Patronymic of a founder, whose father is not in the population. */
  founderPatronymic?: string;
  farm: string;
  /** Farm after marriage (a move), and the spouse's surname for a wife. */
  laterFarm: string;
  husband: NordicPerson | null;
  marriage: number;
  birth: Ymd;
  death: number;
  parish: string;
}

const CENSUS_YEARS = [1801, 1865, 1875, 1891, 1900];

function patronymic(father: NordicGiven, sex: 'M' | 'F', random: Random): string {
  const root = father.root;
  const s = root.endsWith('s') ? '' : 's';
  if (sex === 'M') return root + s + pick(random, ['en', 'en', 'en', 'en', 'øn']);
  return root + s + pick(random, ['datter', 'datter', 'datter', 'dr.', 'dtr.', 'd.']);
}

function lifespan(random: Random): number {
  const r = random();
  if (r < 0.18) return Math.floor(random() * 3); // infant and child mortality
  if (r < 0.26) return 3 + Math.floor(random() * 15);
  return 18 + Math.floor(random() * 70);
}

function generatePopulation(count: number, random: Random): NordicPerson[] {
  const persons: NordicPerson[] = [];
  // about 400 persons a parish: the same few names recur in every generation of it
  const parishes = PARISHES.slice(0, Math.max(2, Math.min(PARISHES.length, Math.round(count / 400))));
  const birth = (year: number): Ymd => ({ year, month: 1 + Math.floor(random() * 12), day: randomDay(random) });
  const person = (p: Omit<NordicPerson, 'id' | 'laterFarm' | 'husband' | 'marriage' | 'death'>): NordicPerson => {
    const full: NordicPerson = { ...p, id: persons.length, laterFarm: p.farm, husband: null, marriage: 99999, death: p.birth.year + lifespan(random) };
    persons.push(full);
    return full;
  };
  const middleFor = (year: number, sex: 'M' | 'F') => (year >= 1790 && random() < 0.25 ? pickSkewed(random, sex === 'M' ? NORDIC_MALE : NORDIC_FEMALE) : null);
  while (persons.length < count) {
    const parish = pick(random, parishes);
    const farm = pick(random, FARMS);
    const year = 1690 + Math.floor(random() * 170);
    const paternalGrandfather = pickSkewed(random, NORDIC_MALE);
    const paternalGrandmother = pickSkewed(random, NORDIC_FEMALE);
    const maternalGrandfather = pickSkewed(random, NORDIC_MALE);
    const maternalGrandmother = pickSkewed(random, NORDIC_FEMALE);
    const father = person({ sex: 'M', given: pickSkewed(random, NORDIC_MALE), middle: null, father: null, mother: null, founderPatronymic: patronymic(paternalGrandfather, 'M', random), farm, birth: birth(year), parish });
    const mother = person({ sex: 'F', given: pickSkewed(random, NORDIC_FEMALE), middle: null, father: null, mother: null, founderPatronymic: patronymic(maternalGrandfather, 'F', random), farm: pick(random, FARMS), birth: birth(year + Math.floor(random() * 6) - 2), parish });
    const wedding = year + 22 + Math.floor(random() * 6);
    father.marriage = mother.marriage = wedding;
    mother.husband = father;
    mother.laterFarm = farm;
    father.death = Math.max(father.death, wedding + 12);
    mother.death = Math.max(mother.death, wedding + 12);
    const sequence: Record<'M' | 'F', NordicGiven[]> = { M: [paternalGrandfather, maternalGrandfather], F: [paternalGrandmother, maternalGrandmother] };
    const living = new Set<string>();
    let died: NordicPerson | null = null;
    let childYear = wedding + 1;
    const children = 2 + Math.floor(random() * 7);
    for (let k = 0; k < children && persons.length < count && childYear < 1899; k++) {
      const sex = random() < 0.5 ? 'M' : 'F';
      let given = died && died.sex === sex && random() < 0.7 ? died.given : (sequence[sex].shift() ?? pickSkewed(random, sex === 'M' ? NORDIC_MALE : NORDIC_FEMALE));
      for (let tries = 0; living.has(given.name) && tries < 20; tries++) given = pickSkewed(random, sex === 'M' ? NORDIC_MALE : NORDIC_FEMALE);
      const child = person({ sex, given, middle: middleFor(childYear, sex), father, mother, farm, birth: birth(childYear), parish });
      died = child.death - childYear < 3 ? child : null;
      if (died) living.delete(given.name);
      else living.add(given.name);
      if (child.death - childYear > 22 && random() < 0.7) {
        child.marriage = childYear + 20 + Math.floor(random() * 10);
        // on marriage a son often takes over or clears another farm, and its name becomes his
        if (sex === 'M' && random() < 0.5) child.laterFarm = pick(random, FARMS);
        if (sex === 'F') {
          const husbandFather = pickSkewed(random, NORDIC_MALE);
          child.husband = { ...child, sex: 'M', given: pickSkewed(random, NORDIC_MALE), father: null, founderPatronymic: patronymic(husbandFather, 'M', random) };
          child.laterFarm = pick(random, FARMS);
        }
      }
      childYear += 1 + Math.floor(random() * 3);
    }
  }
  return persons;
}

function givenForm(name: NordicGiven, year: number, random: Random): string {
  const r = random();
  let out = name.name;
  if (year < 1780 && name.latin && r < 0.3) out = name.latin;
  else if (r < 0.35) out = pick(random, name.variants);
  if (random() < 0.04) out = typo(out, random);
  return out;
}

function patronymicOf(p: NordicPerson, random: Random): string {
  if (p.father) return patronymic(p.father.given, p.sex, random);
  return p.founderPatronymic ?? '';
}

/** Surname as a record of the given year writes it: the patronymic, often with the farm lived on. */
function surnameAt(p: NordicPerson, year: number, random: Random): { surname: string; maiden: string } {
  const married = year >= p.marriage;
  const farm = married ? p.laterFarm : p.farm;
  const own = patronymicOf(p, random);
  if (p.sex === 'F' && married && p.husband && year >= 1885 && random() < 0.6) {
    // entered under the husband's name by 1900, her own beside it
    const husbandName = random() < 0.5 ? farm : `${patronymicOf(p.husband, random)} ${farm}`;
    return { surname: husbandName, maiden: random() < 0.6 ? own : '' };
  }
  const r = random();
  let surname = r < 0.35 ? own : r < 0.85 ? `${own} ${farm}` : farm;
  if (random() < 0.04) surname = typo(surname, random);
  return { surname, maiden: '' };
}

function parentName(p: NordicPerson | null, year: number, random: Random): string {
  if (!p || random() < 0.1) return '';
  const given = givenForm(p.given, year, random);
  const r = random();
  return r < 0.3 ? given : r < 0.8 ? `${given} ${patronymicOf(p, random)}` : `${given} ${patronymicOf(p, random)} ${p.laterFarm}`;
}

const date = (d: Ymd) => `${pad2(d.day)}.${pad2(d.month)}.${d.year}`;

function addDays(d: Ymd, days: number): Ymd {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

function sexCode(p: NordicPerson, random: Random, blank: number): string {
  if (random() < blank) return '';
  return random() < 0.7 ? p.sex : p.sex === 'M' ? 'Male' : 'Female';
}

interface Entry {
  source: string;
  year: number;
  birthDate: string;
  baptism: string;
  age: string;
  event: string;
  withParents: boolean;
  blankSex: number;
}

function entries(p: NordicPerson, random: Random): Entry[] {
  const out: Entry[] = [];
  const age = (year: number) => year - p.birth.year;
  const stated = (year: number, spread: number) => String(Math.max(0, age(year) + Math.floor(random() * (2 * spread + 1)) - spread));
  if (random() < 0.88) {
    const baptism = addDays(p.birth, 2 + Math.floor(random() * 50));
    const books = random() < 0.35 ? ['Ministerialbok, dåp', 'Klokkerbok, dåp'] : ['Ministerialbok, dåp'];
    for (const source of books) {
      const written = p.birth.year < 1814 ? random() < 0.35 : random() < 0.9;
      out.push({ source, year: baptism.year, birthDate: written ? date(p.birth) : '', baptism: random() < 0.95 ? date(baptism) : '', age: '', event: '', withParents: true, blankSex: 0.2 });
    }
  }
  const confirmation = p.birth.year + 14 + Math.floor(random() * 3);
  if (p.death > confirmation && confirmation > 1736 && random() < 0.6) {
    const d = { year: confirmation, month: pick(random, [4, 5, 9, 10]), day: randomDay(random) };
    out.push({ source: 'Ministerialbok, konfirmasjon', year: confirmation, birthDate: random() < 0.4 ? date(p.birth) : '', baptism: '', age: random() < 0.8 ? stated(confirmation, 0) : '', event: date(d), withParents: true, blankSex: 0.5 });
  }
  if (p.marriage < p.death && p.marriage < 1900 && random() < 0.75) {
    const d = { year: p.marriage, month: 1 + Math.floor(random() * 12), day: randomDay(random) };
    out.push({ source: 'Ministerialbok, viede', year: p.marriage, birthDate: p.marriage > 1815 && random() < 0.3 ? date(p.birth) : '', baptism: '', age: random() < 0.7 ? stated(p.marriage, 1) : '', event: date(d), withParents: random() < 0.6, blankSex: 0.3 });
  }
  for (const year of CENSUS_YEARS) {
    if (year < p.birth.year || year > p.death || random() > 0.8) continue;
    const born = year === 1900 ? (random() < 0.85 ? date(p.birth) : String(p.birth.year)) : year === 1801 ? '' : String(p.birth.year + (random() < 0.15 ? (random() < 0.5 ? -1 : 1) : 0));
    out.push({ source: `Folketelling ${year}`, year, birthDate: born, baptism: '', age: year === 1801 ? stated(year, 1) : '', event: String(year), withParents: false, blankSex: 0.03 });
  }
  if (p.death < 1900 && random() < 0.75) {
    const d = { year: p.death, month: 1 + Math.floor(random() * 12), day: randomDay(random) };
    const ageText = age(p.death) === 0 ? pick(random, ['0', '3 uker', '5 mnd', '']) : stated(p.death, 2);
    out.push({ source: 'Ministerialbok, begravde', year: p.death, birthDate: '', baptism: '', age: ageText, event: date(d), withParents: age(p.death) < 10, blankSex: 0.3 });
  }
  return out;
}

/** Share of persons documented many times over, and how many extra records each has (20–60). */
const NOTABLE_SHARE = 0.015;
const NOTABLE_MIN_RECORDS = 20;
const NOTABLE_MAX_RECORDS = 60;
const SECONDARY_SOURCES = ['Bygdebok', 'Slektstre', 'Skifteprotokoll', 'Pantebok', 'Tingbok', 'Slektstre', 'Emigrantprotokoll'];

/** The extra records of a much-documented person: secondary sources that restate name, birth and father. */
function secondaryEntries(p: NordicPerson, random: Random): Entry[] {
  const out: Entry[] = [];
  const count = NOTABLE_MIN_RECORDS + Math.floor(random() * (NOTABLE_MAX_RECORDS - NOTABLE_MIN_RECORDS + 1));
  const last = Math.max(p.birth.year + 1, Math.min(p.death, 1900));
  for (let k = 0; k < count; k++) {
    const source = pick(random, SECONDARY_SOURCES);
    const r = random();
    const shift = r < 0.04 ? (random() < 0.5 ? -1 : 1) * (6 + Math.floor(random() * 10)) : r < 0.14 ? Math.floor(random() * 5) - 2 : 0;
    const birth = { ...p.birth, year: p.birth.year + shift };
    const year = source === 'Slektstre' || source === 'Bygdebok' ? last : p.birth.year + 18 + Math.floor(random() * Math.max(1, last - p.birth.year - 18));
    const written = random();
    const birthDate = written < 0.5 ? date(birth) : written < 0.8 ? String(birth.year) : '';
    out.push({ source, year: Math.min(year, last), birthDate, baptism: '', age: '', event: source === 'Slektstre' || source === 'Bygdebok' ? '' : String(Math.min(year, last)), withParents: random() < 0.6, blankSex: 0.4 });
  }
  return out;
}

function row(p: NordicPerson, e: Entry, random: Random): string[] {
  const calledByMiddle = p.middle !== null && random() < 0.08;
  let first = givenForm(calledByMiddle ? p.middle! : p.given, e.year, random);
  let middle = p.middle && !calledByMiddle && random() < 0.7 ? givenForm(p.middle, e.year, random) : '';
  // some indexes put every given name in the first-name column
  if (middle && random() < 0.3) {
    first = `${first} ${middle}`;
    middle = '';
  }
  const baptismRecord = e.source.endsWith('dåp');
  const { surname, maiden } = baptismRecord && random() < 0.5 ? { surname: '', maiden: '' } : surnameAt(p, e.year, random);
  const parish = random() < 0.1 ? '' : random() < 0.05 ? typo(p.parish, random) : p.parish;
  return [
    '',
    e.source,
    first,
    middle,
    surname,
    maiden,
    e.withParents ? parentName(p.father, e.year, random) : '',
    e.withParents ? parentName(p.mother, e.year, random) : '',
    e.birthDate,
    e.baptism,
    e.age,
    e.event,
    parish,
    sexCode(p, random, e.blankSex),
  ];
}

export interface NordicRegisterOptions {
  persons: number;
  seed?: number;
}

/** Rows for every record of a fictional population of a few parishes; persons with no record are left out. */
export function generateNordicRegister(options: NordicRegisterOptions): GeneratedList {
  const seed = options.seed ?? 1;
  const random = seededRandom(seed * 53 + 911);
  const persons = generatePopulation(options.persons, random);
  const rows: string[][] = [];
  const truth: string[] = [];
  for (const p of persons) {
    const records = entries(p, random);
    if (random() < NOTABLE_SHARE && p.death - p.birth.year >= 20) records.push(...secondaryEntries(p, random));
    for (const e of records) {
      rows.push(row(p, e, random));
      truth.push(`n-${p.id}`);
    }
  }
  shuffleTogether(rows, truth, random);
  rows.forEach((r, i) => (r[0] = String(100000 + i + 1)));
  return { name: 'Norwegian parish and census register (1690–1900)', header: NORDIC_REGISTER_HEADER, rows, truth };
}
