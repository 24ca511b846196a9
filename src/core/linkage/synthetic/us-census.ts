import { seededRandom } from '../model.ts';
import { ENGLISH_FEMALE, ENGLISH_MALE, type GivenName } from './english-names.ts';
import { pick, pickSkewed, shuffleTogether, type GeneratedList } from './generated-list.ts';
import { typo, type Random } from './writers.ts';

/**
 * United States federal census population schedules of 1850–1880 and the mortality schedules taken with them, as a
 * genealogical index exports them: one row per person per census, given name and surname in separate columns, an
 * age and a place of birth but never a birth date. Conventions modelled, none of which the other generators use:
 *
 * - census day 1 June in each of these years, every free person named from 1850 and everyone from 1870; the age on
 *   census day, infants under one in twelfths of a year ("3/12") in 1870 and 1880; relationship to the head of the
 *   family and marital condition (S, M, W, D) asked only from 1880, so the earlier schedules leave both empty;
 *   birthplace as "the State, Territory, or Country" of birth (U.S. Census Bureau, "Measuring America: The
 *   Decennial Censuses From 1790 to 2000", 2002, the questions of each census; FamilySearch Research Wiki, "United
 *   States Census 1850" … "1880");
 * - mortality schedules 1850–1880: persons who died in the twelve months before census day, with age, sex,
 *   birthplace, the month of death and occupation (same sources);
 * - dwelling and family numbers in the order of visitation, new in each census: a household's number says nothing
 *   across censuses;
 * - ages that drift between censuses and heap on multiples of five (age heaping, a well-documented feature of
 *   self-reported ages in nineteenth-century censuses), birthplaces written in full, abbreviated ("Penn", "Pa") or,
 *   for German-speaking immigrants, as the state of origin in one census and "Germany" in another ("Prussia",
 *   "Bavaria", "Baden"), since the German Empire dates from 1871;
 * - immigrants' names anglicised between censuses (Johann → John, Schmidt → Smith, Müller → Miller, Schneider →
 *   Snyder), Irish surnames with and without their O' (O'Brien, Obrien, Brien), men written by their initials
 *   ("J. W."), middle names written, dropped or shortened to an initial; a married woman under her husband's
 *   surname; families that move west between censuses, so the state of residence changes while the birthplace
 *   stays.
 *
 * Persons are fictional and seeded: couples married 1800–1875 in a few states and their children, who leave home
 * as adults (a daughter mostly under a husband's surname, the husband not drawn).
 */

export const US_CENSUS_HEADER = [
  'line',
  'schedule',
  'state',
  'county',
  'dwelling',
  'family',
  'given_name',
  'surname',
  'age',
  'sex',
  'relationship',
  'marital_status',
  'occupation',
  'birthplace',
  'month_of_death',
  'cause_of_death',
];

interface Origin {
  /** How each census may write the birthplace. */
  forms: string[];
  weight: number;
  given: 'english' | 'german' | 'irish';
}

const STATES: Record<string, string[]> = {
  Pennsylvania: ['Pennsylvania', 'Penn', 'Pa', 'PA', 'Penna'],
  Ohio: ['Ohio', 'O', 'OH'],
  Virginia: ['Virginia', 'Va', 'VA'],
  'New York': ['New York', 'N Y', 'NY', 'N.Y.'],
  Kentucky: ['Kentucky', 'Ky', 'KY'],
  Indiana: ['Indiana', 'Ind', 'IN'],
  Illinois: ['Illinois', 'Ill', 'IL'],
  Iowa: ['Iowa', 'IA'],
  Missouri: ['Missouri', 'Mo', 'MO'],
};
const WEST: Record<string, string> = {
  Pennsylvania: 'Ohio',
  Virginia: 'Kentucky',
  'New York': 'Ohio',
  Ohio: 'Indiana',
  Kentucky: 'Missouri',
  Indiana: 'Illinois',
  Illinois: 'Iowa',
  Iowa: 'Iowa',
  Missouri: 'Missouri',
};
const COUNTIES = ['Washington', 'Franklin', 'Jefferson', 'Clark', 'Greene', 'Union', 'Marion', 'Warren', 'Wayne', 'Madison'];
const ORIGINS: Origin[] = [
  { forms: [], weight: 0.7, given: 'english' }, // born in a state: forms from STATES
  { forms: ['Ireland', 'Irel', 'Ire'], weight: 0.15, given: 'irish' },
  { forms: ['Prussia', 'Bavaria', 'Baden', 'Hesse', 'Germany', 'Ger'], weight: 0.15, given: 'german' },
];

/** German given names and the English forms they were written under in later censuses. */
const GERMAN_MALE: Array<[string, string]> = [
  ['Johann', 'John'],
  ['Heinrich', 'Henry'],
  ['Wilhelm', 'William'],
  ['Friedrich', 'Frederick'],
  ['Karl', 'Charles'],
  ['Georg', 'George'],
  ['Jacob', 'Jacob'],
  ['Peter', 'Peter'],
  ['Conrad', 'Conrad'],
  ['Philipp', 'Philip'],
];
const GERMAN_FEMALE: Array<[string, string]> = [
  ['Catharina', 'Catherine'],
  ['Margaretha', 'Margaret'],
  ['Maria', 'Mary'],
  ['Elisabetha', 'Elizabeth'],
  ['Anna', 'Ann'],
  ['Barbara', 'Barbara'],
  ['Christina', 'Christina'],
  ['Magdalena', 'Lena'],
  ['Sophia', 'Sophia'],
  ['Dorothea', 'Dora'],
];
const GERMAN_SURNAMES: string[][] = [
  ['Schmidt', 'Smith', 'Schmitt'],
  ['Müller', 'Miller', 'Mueller'],
  ['Schneider', 'Snyder', 'Snider'],
  ['Weber', 'Weaver', 'Webber'],
  ['Becker', 'Baker', 'Beck'],
  ['Schäfer', 'Shafer', 'Shaffer'],
  ['Hoffmann', 'Hoffman', 'Huffman'],
  ['Fischer', 'Fisher'],
  ['Meyer', 'Myers', 'Meier'],
  ['Koch', 'Cook'],
  ['Wagner', 'Waggoner'],
  ['Zimmermann', 'Zimmerman'],
];
const IRISH_SURNAMES: string[][] = [
  ["O'Brien", 'Obrien', 'Brien', 'OBrian'],
  ['Sullivan', "O'Sullivan"],
  ['Kelly', 'Kelley'],
  ['Murphy', 'Murphey'],
  ['Ryan', 'Rian'],
  ["O'Connor", 'Connor', 'Oconnor'],
  ['Donnelly', 'Donely'],
  ['Gallagher', 'Gallaher'],
  ['McCarthy', 'McCarty', 'Mc Carthy'],
  ['Walsh', 'Welsh'],
];
const ENGLISH_SURNAMES: string[][] = [
  ['Smith'],
  ['Johnson', 'Johnston'],
  ['Brown', 'Browne'],
  ['Davis', 'Davies'],
  ['Wilson', 'Willson'],
  ['Moore', 'More'],
  ['Taylor', 'Tayler'],
  ['Thomas'],
  ['Martin'],
  ['Anderson', 'Andersen'],
  ['Thompson', 'Thomson'],
  ['White'],
  ['Harris'],
  ['Clark', 'Clarke'],
  ['Lewis'],
  ['Robinson'],
  ['Walker'],
  ['Young'],
  ['Allen', 'Allin'],
  ['Wright'],
  ['Scott'],
  ['Green', 'Greene'],
  ['Adams'],
  ['Baker'],
  ['Nelson'],
  ['Hill'],
  ['Campbell'],
  ['Mitchell'],
  ['Roberts'],
  ['Carter'],
  ['Phillips', 'Philips'],
  ['Evans'],
  ['Turner'],
  ['Parker'],
  ['Collins'],
  ['Edwards'],
  ['Stewart', 'Stuart'],
  ['Morris'],
  ['Murray'],
  ['Reed', 'Reid'],
];
const MALE_OCCUPATIONS = [
  'Farmer',
  'Farm Laborer',
  'Laborer',
  'Carpenter',
  'Blacksmith',
  'Shoemaker',
  'Merchant',
  'Cooper',
  'Miller',
  'Teamster',
  'Wagon Maker',
  'Stone Mason',
];
const FEMALE_OCCUPATIONS = ['Keeping House', 'Keeping House', 'Keeping House', 'Domestic Servant', 'Seamstress', ''];
const CAUSES = ['Consumption', 'Fever', 'Cholera', 'Old Age', 'Croup', 'Dropsy', 'Pneumonia', 'Unknown'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const CENSUS_YEARS = [1850, 1860, 1870, 1880];

interface Person {
  id: number;
  sex: 'M' | 'F';
  /** The name as first given, and the form an anglicised later census writes. */
  given: [string, string];
  middle: string;
  /** Spellings of the surname, the first its original form. */
  surname: string[];
  married: string[] | null;
  marriedYear: number;
  /** Birth as a decimal year (1 June is .42). */
  born: number;
  died: number | null;
  birthState: string | null;
  origin: Origin;
  occupation: string;
  /** The family the person lives in at each census: their parents' until they leave home, then their own. */
  homes: Record<number, Family>;
  /** The family the person heads (or is the wife in), once they have one. */
  own: Family | null;
}

interface Family {
  id: number;
  states: Record<number, string>;
  county: string;
}

function givenFor(random: Random, sex: 'M' | 'F', origin: Origin): [string, string] {
  if (origin.given === 'german') return pickSkewed(random, sex === 'M' ? GERMAN_MALE : GERMAN_FEMALE);
  const g: GivenName = pickSkewed(random, sex === 'M' ? ENGLISH_MALE : ENGLISH_FEMALE);
  return [g.name, g.name];
}

function surnameFor(random: Random, origin: Origin): string[] {
  if (origin.given === 'german') return pickSkewed(random, GERMAN_SURNAMES);
  if (origin.given === 'irish') return pickSkewed(random, IRISH_SURNAMES);
  return pickSkewed(random, ENGLISH_SURNAMES);
}

function originFor(random: Random): Origin {
  const r = random();
  let acc = 0;
  for (const o of ORIGINS) if (r < (acc += o.weight)) return o;
  return ORIGINS[0];
}

/** How an enumerator wrote the age: whole years, twelfths for infants from 1870, heaped on fives now and then. */
function writtenAge(age: number, year: number, random: Random): string {
  const years = Math.floor(age);
  if (years < 1 && year >= 1870) return `${Math.max(1, Math.floor((age - years) * 12))}/12`;
  if (years >= 20 && random() < 0.15) return String(Math.round(years / 5) * 5);
  if (random() < 0.15) return String(Math.max(0, years + pick(random, [-2, -1, 1, 1, 2])));
  return String(years);
}

function writtenGiven(p: Person, year: number, random: Random): string {
  // an immigrant's name anglicised more often the longer the family has been here
  const anglicised = p.given[0] !== p.given[1] && random() < (year - 1840) / 50;
  let given = anglicised ? p.given[1] : p.given[0];
  const english = [...ENGLISH_MALE, ...ENGLISH_FEMALE].find((g) => g.name === given);
  if (english && random() < 0.12) given = random() < 0.5 && english.contraction ? english.contraction : pick(random, english.familiar);
  else if (random() < 0.03) given = typo(given, random);
  if (p.sex === 'M' && year - p.born >= 21 && random() < 0.12) return p.middle ? `${given[0]}. ${p.middle[0]}.` : `${given[0]}.`;
  if (!p.middle) return given;
  const r = random();
  return r < 0.4 ? `${given} ${p.middle[0]}` : r < 0.55 ? `${given} ${p.middle}` : given;
}

function writtenSurname(spellings: string[], year: number, random: Random): string {
  let s = spellings[0];
  if (spellings.length > 1 && random() < 0.25 + (year - 1850) / 100) s = pick(random, spellings.slice(1));
  return random() < 0.04 ? typo(s, random) : s;
}

function writtenBirthplace(p: Person, random: Random): string {
  if (random() < 0.05) return '';
  if (p.birthState) return pick(random, STATES[p.birthState]);
  return pick(random, p.origin.forms);
}

export function generateUsCensus(options: { persons: number; seed: number }): GeneratedList {
  const random = seededRandom(options.seed * 6007 + 1850);
  const people: Person[] = [];
  const person = (
    sex: 'M' | 'F',
    given: [string, string],
    surname: string[],
    born: number,
    birthState: string | null,
    origin: Origin,
    family: Family,
  ): Person => {
    const lifespan = random() < 0.2 ? random() * 5 : 25 + random() * 60;
    const p: Person = {
      id: people.length,
      sex,
      given,
      middle: random() < 0.35 ? (sex === 'M' ? pick(random, ENGLISH_MALE).name : pick(random, ENGLISH_FEMALE).name) : '',
      surname,
      married: null,
      marriedYear: 0,
      born,
      died: born + lifespan < 1880.42 ? born + lifespan : null,
      birthState,
      origin,
      occupation: sex === 'M' ? pick(random, MALE_OCCUPATIONS) : pick(random, FEMALE_OCCUPATIONS),
      homes: Object.fromEntries(CENSUS_YEARS.map((y) => [y, family])),
      own: null,
    };
    people.push(p);
    return p;
  };
  let families = 0;
  const newFamily = (state: string): Family => {
    const states: Record<number, string> = {};
    let here = state;
    for (const year of CENSUS_YEARS) {
      states[year] = here;
      if (random() < 0.3) here = WEST[here];
    }
    return { id: families++, states, county: pick(random, COUNTIES) };
  };
  while (people.length < options.persons) {
    const state = pick(random, Object.keys(STATES).slice(0, 6));
    const family = newFamily(state);
    const origin = originFor(random);
    const wedding = 1800 + random() * 75;
    const husbandBirthState = origin.forms.length === 0 ? state : null;
    const husband = person('M', givenFor(random, 'M', origin), surnameFor(random, origin), wedding - 20 - random() * 10, husbandBirthState, origin, family);
    const wifeOrigin = random() < 0.85 ? origin : originFor(random);
    const wife = person(
      'F',
      givenFor(random, 'F', wifeOrigin),
      surnameFor(random, wifeOrigin),
      wedding - 17 - random() * 8,
      wifeOrigin.forms.length === 0 ? state : null,
      wifeOrigin,
      family,
    );
    husband.own = family;
    wife.own = family;
    wife.married = husband.surname;
    wife.marriedYear = wedding;
    const children = 1 + Math.floor(random() * 7);
    for (let k = 0; k < children; k++) {
      const born = wedding + 1 + 2 * k + random();
      const where = family.states[CENSUS_YEARS.find((y) => y >= born) ?? 1880];
      const sex = random() < 0.5 ? 'M' : 'F';
      const child = person(sex, givenFor(random, sex, origin), husband.surname, born, where, origin, family);
      // children born here get English names more often than not
      if (origin.given === 'german' && random() < 0.5) child.given = [child.given[1], child.given[1]];
      if (child.died === null || child.died > born + 22) {
        const leaves = born + 18 + random() * 8;
        // a grown child heads a household of their own, often further west; a daughter under her husband's surname
        const own = newFamily(family.states[CENSUS_YEARS.find((y) => y >= leaves) ?? 1880]);
        for (const y of CENSUS_YEARS) if (y >= leaves) child.homes[y] = own;
        child.own = own;
        if (sex === 'F' && random() < 0.75) {
          child.married = surnameFor(random, random() < 0.7 ? origin : originFor(random));
          child.marriedYear = leaves;
        }
      }
    }
  }
  const rows: string[][] = [];
  const truth: string[] = [];
  // dwelling and family numbers in the order of visitation, new in every census; a family now and then shares a
  // dwelling with the one visited before it
  const numbers = new Map<string, [number, number]>();
  const counters = new Map<number, [number, number]>();
  const numbered = (year: number, family: Family): [number, number] => {
    const key = `${year}:${family.id}`;
    let n = numbers.get(key);
    if (!n) {
      const [dwelling, fam] = counters.get(year) ?? [0, 0];
      n = [random() < 0.08 && dwelling > 0 ? dwelling : dwelling + 1, fam + 1];
      counters.set(year, n);
      numbers.set(key, n);
    }
    return n;
  };
  for (const p of people) {
    for (const year of CENSUS_YEARS) {
      const day = year + 0.42;
      if (p.born > day || (p.died !== null && p.died < day) || random() < 0.12) continue;
      const age = day - p.born;
      const marriedNow = p.married !== null && day >= p.marriedYear;
      const surname = marriedNow ? p.married! : p.surname;
      const home = p.homes[year];
      const [dwelling, family] = numbered(year, home);
      const grown = age >= 15;
      const inOwn = home === p.own;
      const relationship =
        year < 1880 ? '' : !inOwn ? (p.sex === 'M' ? 'Son' : 'Dau') : marriedNow ? 'Wife' : p.sex === 'M' ? 'Head' : pick(random, ['Servant', 'Boarder']);
      const status = year < 1880 ? '' : marriedNow || (inOwn && p.sex === 'M' && random() < 0.85) ? 'M' : 'S';
      const occupation = !grown
        ? random() < 0.5 && age >= 6
          ? 'At School'
          : ''
        : p.sex === 'M'
          ? p.occupation
          : marriedNow
            ? 'Keeping House'
            : pick(random, FEMALE_OCCUPATIONS);
      rows.push([
        String(rows.length + 1),
        `Population ${year}`,
        home.states[year],
        home.county,
        String(dwelling),
        String(family),
        writtenGiven(p, year, random),
        writtenSurname(surname, year, random),
        writtenAge(age, year, random),
        random() < 0.04 ? '' : p.sex,
        relationship,
        status,
        occupation,
        writtenBirthplace(p, random),
        '',
        '',
      ]);
      truth.push(`us-${p.id}`);
    }
    // the mortality schedule of a census year names those who died in the twelve months before census day
    const deathCensus = p.died === null ? undefined : CENSUS_YEARS.find((y) => p.died! < y + 0.42 && p.died! >= y - 0.58);
    if (deathCensus !== undefined && random() < 0.85) {
      const age = p.died! - p.born;
      const marriedNow = p.married !== null && p.died! >= p.marriedYear;
      rows.push([
        String(rows.length + 1),
        `Mortality ${deathCensus}`,
        p.homes[deathCensus].states[deathCensus],
        p.homes[deathCensus].county,
        '',
        '',
        writtenGiven(p, deathCensus, random),
        writtenSurname(marriedNow ? p.married! : p.surname, deathCensus, random),
        age < 1 ? `${Math.max(1, Math.floor(age * 12))}/12` : writtenAge(age, deathCensus, random),
        p.sex,
        '',
        deathCensus < 1860 ? '' : marriedNow ? pick(random, ['M', 'W']) : age >= 15 ? 'S' : '',
        age >= 15 && p.sex === 'M' ? p.occupation : '',
        writtenBirthplace(p, random),
        MONTHS[Math.floor((p.died! % 1) * 12)],
        random() < 0.15 ? '' : pick(random, CAUSES),
      ]);
      truth.push(`us-${p.id}`);
    }
  }
  shuffleTogether(rows, truth, random);
  return { name: 'US federal census and mortality schedules (ages only, 1850–1880)', header: US_CENSUS_HEADER, rows, truth };
}
