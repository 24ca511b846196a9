import { seededRandom } from '../model.ts';
import {
  COUNTIES,
  ENGLISH_FEMALE,
  ENGLISH_MALE,
  ENGLISH_SURNAMES,
  FEMALE_OCCUPATIONS,
  OCCUPATIONS,
  PARISH_ENDS,
  PARISH_PREFIXES,
  PARISH_STARTS,
  type GivenName,
} from './english-names.ts';
import { pad2, pick, pickSkewed, randomDay, shuffleTogether, type GeneratedList } from './generated-list.ts';
import { typo, type Random } from './writers.ts';

/**
 * A historical person register as genealogical indexes export it: one row per event record (baptism, marriage,
 * burial in an English parish register or its bishop's transcript, a household in a census 1841–1901), several
 * rows per person, with the name spread over given, middle and surname columns plus two redundant composite
 * columns (a full name and a "first and surname"), a birth date the way each source yields it, a birth place, an
 * occupation and sex. Persons are fictional, born 1580–1890.
 *
 * Conventions modelled, with sources:
 * - English naming patterns: the first son named after the paternal grandfather, the second after the father, the
 *   first daughter after a grandmother, the second after the mother; a child who died was often followed by a
 *   sibling of the same name (FamilySearch Research Wiki, "England Naming Customs"); so cousins and siblings born a
 *   few years apart in one parish share given name and surname;
 * - baptism rather than birth dates in parish registers (the birth date of most people before civil registration
 *   in 1837 is known only through the baptism, days to weeks later);
 * - dates before 1752 between 1 January and 24 March written with two years ("12 Feb 1733/4"), as the year began
 *   on 25 March until the Calendar (New Style) Act 1750; Latin given names in registers until about 1733, when the
 *   Proceedings in Courts of Justice Act 1730 made English the language of legal records; see english-names.ts;
 * - census ages: in 1841 enumerators rounded the ages of those over 15 down to a multiple of five and recorded
 *   only whether a person was born in the same county ("Y"/"N"); from 1851 exact age and parish and county of
 *   birth (The National Archives, research guide "Census records");
 * - genealogical date forms for an estimate from an age: "abt 1823" (GEDCOM 5.5.1's ABT), "c. 1823";
 * - a woman's records after her marriage under her husband's surname; bishop's transcripts (annual copies of the
 *   register sent to the diocese) indexed beside the register itself, so one event appears twice;
 * - surnames spelled as the clerk heard them before spelling settled, typing errors of the indexers, initials,
 *   nicknames, contractions (Wm, Jno, Thos) and missing values;
 * - heavy-tailed record counts: aggregated genealogical and biographical collections (user-submitted family trees
 *   merged into one index, as FamilySearch's IGI and Ancestral File and WikiTree/Geni collate them; wills, manor
 *   court rolls, land tax and quarter sessions indexes beside the parish registers) hold most people once to three
 *   times but the landowners, clergy and well-documented ancestors many times over: about one person in a hundred
 *   here has 20–60 extra records, each copying the name and birth date with its own spelling and errors (a tree
 *   submitter's birth year off by one or two, a baptism date given as the birth date, a wrong namesake's date
 *   now and then). Pairwise scores are dominated by such persons (n records make n(n−1)/2 pairs).
 */

export const HISTORICAL_REGISTER_HEADER = ['record_id', 'source', 'given', 'middle', 'surname', 'full_name', 'first_and_surname', 'sex', 'birth_date', 'birth_place', 'occupation'];

interface HistPerson {
  id: number;
  sex: 'M' | 'F';
  given: GivenName;
  middle: string;
  surname: number;
  marriedSurname: number;
  marriageYear: number;
  birth: { year: number; month: number; day: number };
  deathYear: number;
  parish: string;
  county: number;
  occupations: string[];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const CENSUS_YEARS = [1841, 1851, 1861, 1871, 1881, 1891, 1901];
type DateStyle = 'english' | 'gedcom' | 'slash' | 'iso';

function lifespan(random: Random): number {
  const r = random();
  if (r < 0.2) return Math.floor(random() * 3); // infant and child mortality
  if (r < 0.3) return 3 + Math.floor(random() * 17);
  return 20 + Math.floor(random() * 66);
}

function parishName(random: Random): string {
  return pick(random, PARISH_PREFIXES) + pick(random, PARISH_STARTS) + pick(random, PARISH_ENDS);
}

function generatePopulation(count: number, random: Random): HistPerson[] {
  const persons: HistPerson[] = [];
  const person = (p: Omit<HistPerson, 'id' | 'occupations' | 'deathYear' | 'marriedSurname' | 'marriageYear'> & { deathYear?: number }): HistPerson => {
    const occupations = p.sex === 'M' ? [pick(random, OCCUPATIONS), pick(random, OCCUPATIONS)] : [pick(random, FEMALE_OCCUPATIONS)];
    const full: HistPerson = { ...p, id: persons.length, occupations, deathYear: p.deathYear ?? p.birth.year + lifespan(random), marriedSurname: -1, marriageYear: 99999 };
    persons.push(full);
    return full;
  };
  const birth = (year: number) => ({ year, month: 1 + Math.floor(random() * 12), day: randomDay(random) });
  const middleFor = (year: number, motherSurname: number) => {
    // middle names are rare before the late 18th century; often the mother's maiden surname
    if (year < 1770 || random() > 0.3) return '';
    return random() < 0.5 ? ENGLISH_SURNAMES[motherSurname][0] : pickSkewed(random, random() < 0.5 ? ENGLISH_MALE : ENGLISH_FEMALE).name;
  };
  while (persons.length < count) {
    const surname = Math.floor(random() * ENGLISH_SURNAMES.length);
    const county = Math.floor(random() * COUNTIES.length);
    const parish = parishName(random);
    const grandfather = pickSkewed(random, ENGLISH_MALE);
    const base = 1580 + Math.floor(random() * 280);
    const brothers = 1 + Math.floor(random() * 3);
    for (let b = 0; b < brothers && persons.length < count; b++) {
      const fatherName = b === 0 ? grandfather : pickSkewed(random, ENGLISH_MALE);
      const fatherYear = base + b * (2 + Math.floor(random() * 3));
      const father = person({ sex: 'M', given: fatherName, middle: '', surname, birth: birth(fatherYear), parish, county });
      const motherSurname = Math.floor(random() * ENGLISH_SURNAMES.length);
      const mother = person({ sex: 'F', given: pickSkewed(random, ENGLISH_FEMALE), middle: '', surname: motherSurname, birth: birth(fatherYear + Math.floor(random() * 6) - 1), parish, county });
      const marriage = fatherYear + 22 + Math.floor(random() * 6);
      mother.marriedSurname = surname;
      mother.marriageYear = marriage;
      father.marriageYear = marriage;
      father.deathYear = Math.max(father.deathYear, marriage + 2);
      mother.deathYear = Math.max(mother.deathYear, marriage + 2);
      const grandmother = pickSkewed(random, ENGLISH_FEMALE);
      const children = 2 + Math.floor(random() * 7);
      const named: Record<'M' | 'F', GivenName[]> = { M: [], F: [] };
      let died: { sex: 'M' | 'F'; name: GivenName } | null = null;
      const living = new Set<string>();
      let year = marriage + 1;
      for (let k = 0; k < children && persons.length < count && year < 1895; k++) {
        const sex = random() < 0.5 ? 'M' : 'F';
        const order = named[sex].length;
        let given: GivenName;
        if (died && died.sex === sex && random() < 0.6) given = died.name;
        else if (sex === 'M') given = order === 0 ? grandfather : order === 1 ? fatherName : pickSkewed(random, ENGLISH_MALE);
        else given = order === 0 ? grandmother : order === 1 ? mother.given : pickSkewed(random, ENGLISH_FEMALE);
        // a name is reused only once its bearer has died: two living siblings do not share it
        for (let tries = 0; living.has(given.name) && tries < 20; tries++) given = pickSkewed(random, sex === 'M' ? ENGLISH_MALE : ENGLISH_FEMALE);
        named[sex].push(given);
        const child = person({ sex, given, middle: middleFor(year, motherSurname), surname, birth: birth(year), parish, county });
        died = child.deathYear - child.birth.year < 3 ? { sex, name: given } : null;
        if (died) living.delete(given.name);
        else living.add(given.name);
        if (child.sex === 'F' && child.deathYear - year > 24 && random() < 0.6) {
          child.marriedSurname = Math.floor(random() * ENGLISH_SURNAMES.length);
          child.marriageYear = year + 20 + Math.floor(random() * 8);
        } else if (child.deathYear - year > 24 && random() < 0.6) child.marriageYear = year + 21 + Math.floor(random() * 8);
        year += 1 + Math.floor(random() * 3);
      }
    }
  }
  return persons;
}

interface SourceStyle {
  name: string;
  dates: DateStyle;
  /** Share of rows where only the full name was transcribed. */
  fullNameOnly: number;
  latin: boolean;
}

function surnameAt(p: HistPerson, year: number): number {
  return year >= p.marriageYear && p.marriedSurname >= 0 ? p.marriedSurname : p.surname;
}

function formatDate(date: { year: number; month: number; day: number }, style: DateStyle, random: Random): string {
  const { year, month, day } = date;
  const r = random();
  if (r < 0.08) return String(year);
  // the year began on 25 March until 1752: a date in January–24 March is written with both years ("1733/4"), or
  // with the old-style year alone, one less than the modern one
  const oldStyle = year < 1752 && (month < 3 || (month === 3 && day < 25));
  const form = random();
  const dual = oldStyle && form < 0.5 && style !== 'slash';
  const shownYear = dual ? `${year - 1}/${String(year).slice(year % 10 === 0 ? -2 : -1)}` : oldStyle && form < 0.75 ? String(year - 1) : String(year);
  if (r < 0.16) return style === 'iso' ? `${year}-${pad2(month)}` : `${MONTHS[month - 1]} ${shownYear}`;
  if (style === 'gedcom') return `${day} ${MONTHS[month - 1].toUpperCase()} ${shownYear}`;
  if (style === 'slash') return `${pad2(day)}/${pad2(month)}/${shownYear}`;
  if (style === 'iso') return `${shownYear}-${pad2(month)}-${pad2(day)}`;
  return `${day} ${MONTHS[month - 1]} ${shownYear}`;
}

function estimate(year: number, random: Random): string {
  const r = random();
  return r < 0.5 ? `abt ${year}` : r < 0.7 ? `c. ${year}` : r < 0.8 ? `about ${year}` : String(year);
}

function givenForm(p: HistPerson, year: number, source: SourceStyle, random: Random): string {
  const r = random();
  let out = p.given.name;
  if (source.latin && year < 1733 && p.given.latin && r < 0.6) out = p.given.latin;
  else if (r < 0.12 && p.given.contraction) out = p.given.contraction + (random() < 0.5 ? '.' : '');
  else if (r < 0.2) out = pick(random, p.given.familiar);
  else if (r < 0.24) out = `${p.given.name[0]}.`;
  if (random() < 0.05) out = typo(out, random);
  return out;
}

function surnameForm(index: number, year: number, random: Random): string {
  const variants = ENGLISH_SURNAMES[index];
  let out = random() < (year < 1800 ? 0.35 : 0.1) ? pick(random, variants) : variants[0];
  if (random() < 0.05) out = typo(out, random);
  return out;
}

interface EventRecord {
  year: number;
  /** A bride is written under her maiden name. */
  maiden?: boolean;
  source: SourceStyle;
  birthDate: string;
  birthPlace: string;
  occupation: string;
  sex: string;
}

function row(p: HistPerson, e: EventRecord, random: Random): string[] {
  const given = givenForm(p, e.year, e.source, random);
  const middleRoll = random();
  const middle = !p.middle || middleRoll < 0.3 ? '' : middleRoll < 0.45 ? `${p.middle[0]}.` : p.middle;
  const surname = surnameForm(e.maiden ? p.surname : surnameAt(p, e.year), e.year, random);
  const style = random();
  const fullName =
    style < 0.15 ? `${surname.toUpperCase()} ${[given, middle].filter(Boolean).join(' ')}` : style < 0.3 ? `${surname}, ${[given, middle].filter(Boolean).join(' ')}` : [given, middle, surname].filter(Boolean).join(' ');
  const firstAndSurname = random() < 0.1 ? '' : `${given} ${surname}`;
  const onlyFull = random() < e.source.fullNameOnly;
  return [
    '',
    e.source.name,
    onlyFull ? '' : given,
    onlyFull ? '' : middle,
    onlyFull ? '' : surname,
    random() < 0.05 ? '' : fullName,
    onlyFull ? '' : firstAndSurname,
    e.sex,
    e.birthDate,
    e.birthPlace,
    e.occupation,
  ];
}

const sexCode = (p: HistPerson, random: Random, blank: number) => (random() < blank ? '' : random() < 0.8 ? p.sex : p.sex === 'M' ? 'Male' : 'Female');

function place(p: HistPerson, random: Random): string {
  const county = pick(random, COUNTIES[p.county]);
  const parish = random() < 0.06 ? typo(p.parish, random) : p.parish;
  const r = random();
  return r < 0.1 ? '' : r < 0.2 ? county : r < 0.3 ? parish : `${parish}, ${county}`;
}

function events(p: HistPerson, random: Random): EventRecord[] {
  const out: EventRecord[] = [];
  const register: SourceStyle = { name: 'Parish register', dates: pick(random, ['english', 'gedcom'] as const), fullNameOnly: 0.05, latin: true };
  const transcript: SourceStyle = { name: "Bishop's transcript", dates: 'slash', fullNameOnly: 0.3, latin: true };
  const age = (year: number) => year - p.birth.year;
  const occupationAt = (year: number) => (age(year) < 14 ? '' : p.occupations[age(year) < 35 ? 0 : p.occupations.length - 1]);
  // baptism: days to weeks after birth
  if (random() < 0.85) {
    const baptism = new Date(Date.UTC(p.birth.year, p.birth.month - 1, p.birth.day + Math.floor(random() * 45)));
    const d = { year: baptism.getUTCFullYear(), month: baptism.getUTCMonth() + 1, day: baptism.getUTCDate() };
    for (const source of random() < 0.2 ? [register, transcript] : [register]) {
      out.push({ year: d.year, source: { ...source, name: `${source.name}, baptisms` }, birthDate: formatDate(d, source.dates, random), birthPlace: random() < 0.3 ? '' : place(p, random), occupation: random() < 0.15 ? pick(random, OCCUPATIONS) : '', sex: sexCode(p, random, 0.3) });
    }
  }
  if (p.marriageYear < p.deathYear && p.marriageYear < 1901 && random() < 0.7) {
    const stated = age(p.marriageYear) + Math.floor(random() * 3) - 1;
    out.push({
      year: p.marriageYear,
      maiden: true,
      source: { ...register, name: 'Parish register, marriages' },
      birthDate: random() < 0.5 ? '' : estimate(p.marriageYear - stated, random),
      birthPlace: '',
      occupation: p.sex === 'F' ? (random() < 0.6 ? 'spinster' : '') : occupationAt(p.marriageYear),
      sex: sexCode(p, random, 0.5),
    });
  }
  for (const year of CENSUS_YEARS) {
    if (year < p.birth.year || year > p.deathYear || random() > 0.75) continue;
    const exact = age(year);
    const stated = year === 1841 && exact > 15 ? exact - (exact % 5) : Math.max(0, exact + (random() < 0.2 ? (random() < 0.5 ? -1 : 1) : 0));
    const source: SourceStyle = { name: `Census ${year}`, dates: 'iso', fullNameOnly: 0.02, latin: false };
    const bornIn = year === 1841 ? (random() < 0.9 ? 'Y' : '') : place(p, random);
    out.push({ year, source, birthDate: estimate(year - stated, random), birthPlace: bornIn, occupation: occupationAt(year), sex: sexCode(p, random, 0.03) });
  }
  if (p.deathYear < 1901 && random() < 0.7) {
    const stated = age(p.deathYear) + (random() < 0.4 ? Math.floor(random() * 5) - 2 : 0);
    for (const source of random() < 0.2 ? [register, transcript] : [register]) {
      out.push({ year: p.deathYear, source: { ...source, name: `${source.name}, burials` }, birthDate: random() < 0.25 ? '' : estimate(p.deathYear - Math.max(0, stated), random), birthPlace: '', occupation: '', sex: sexCode(p, random, 0.5) });
    }
  }
  return out;
}

/** Share of persons who are documented many times over, and how many extra records each has (20–60). */
const NOTABLE_SHARE = 0.015;
const NOTABLE_MIN_RECORDS = 20;
const NOTABLE_MAX_RECORDS = 60;
const SECONDARY_SOURCES = ['Family tree submission', 'Will index', 'Manor court roll', 'Land tax assessment', 'Quarter sessions roll', 'Family tree submission', 'Monumental inscription', 'Apprenticeship index'];

/** The extra records of a much-documented person: secondary sources that restate name and birth. */
function secondaryEvents(p: HistPerson, random: Random): EventRecord[] {
  const out: EventRecord[] = [];
  const count = NOTABLE_MIN_RECORDS + Math.floor(random() * (NOTABLE_MAX_RECORDS - NOTABLE_MIN_RECORDS + 1));
  const last = Math.max(p.birth.year + 1, Math.min(p.deathYear + 30, 1901));
  for (let k = 0; k < count; k++) {
    const name = pick(random, SECONDARY_SOURCES);
    const tree = name.startsWith('Family tree');
    const year = tree ? 1890 + Math.floor(random() * 11) : p.birth.year + Math.floor(random() * (last - p.birth.year));
    const source: SourceStyle = { name, dates: tree ? pick(random, ['english', 'gedcom', 'iso'] as const) : 'english', fullNameOnly: tree ? 0.05 : 0.2, latin: false };
    const r = random();
    // a tree copies the birth (sometimes off by a year or two, now and then a namesake's); the others estimate it
    const shift = r < 0.04 ? (random() < 0.5 ? -1 : 1) * (6 + Math.floor(random() * 10)) : r < 0.14 ? Math.floor(random() * 5) - 2 : 0;
    const birth = { ...p.birth, year: p.birth.year + shift };
    const birthDate = tree ? (random() < 0.85 ? formatDate(birth, source.dates, random) : '') : random() < 0.5 ? estimate(birth.year, random) : '';
    out.push({ year: Math.min(year, p.deathYear), source, birthDate, birthPlace: random() < 0.5 ? place(p, random) : '', occupation: random() < 0.3 ? p.occupations[p.occupations.length - 1] : '', sex: sexCode(p, random, 0.4) });
  }
  return out;
}

export interface HistoricalRegisterOptions {
  persons: number;
  seed?: number;
}

/** Rows for every recorded event of a fictional population; persons with no surviving record are left out. */
export function generateHistoricalRegister(options: HistoricalRegisterOptions): GeneratedList {
  const seed = options.seed ?? 1;
  const random = seededRandom(seed * 41 + 307);
  const persons = generatePopulation(options.persons, random);
  const rows: string[][] = [];
  const truth: string[] = [];
  for (const p of persons) {
    const records = events(p, random);
    if (random() < NOTABLE_SHARE && p.deathYear - p.birth.year >= 20) records.push(...secondaryEvents(p, random));
    for (const e of records) {
      rows.push(row(p, e, random));
      truth.push(`h-${p.id}`);
    }
  }
  shuffleTogether(rows, truth, random);
  rows.forEach((r, i) => (r[0] = `R${String(i + 1).padStart(7, '0')}`));
  return { name: 'Historical register (en, 1580–1901)', header: HISTORICAL_REGISTER_HEADER, rows, truth };
}
