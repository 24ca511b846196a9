import { seededRandom } from '../model.ts';
import { pick, pickSkewed, randomDay, shuffleTogether, type GeneratedList } from './generated-list.ts';
import { typo, type Random } from './writers.ts';

/**
 * Scottish census households and statutory death registers, 1841–1901, as an index of both exports them: one row
 * per person per census and one per registered death, with no birth date anywhere. Conventions modelled, none of
 * which the other generators use:
 *
 * - ages only: a census gives each person's age on census night, a death register the age at death; the birth year
 *   has to be read from the age and the date of the event. In 1841 the ages of those over 15 were rounded down to a
 *   multiple of five and the birthplace was only "Y"/"N" (born in this county or not) or "E"/"I" (England,
 *   Ireland); from 1851 the exact age and "County, Parish" (National Records of Scotland, ScotlandsPeople guides
 *   "Census records" and "Census returns 1841–1911");
 * - household position: from 1851 each person's relation to the head (Head, Wife, Son, Daur, Servt, Lodger) and
 *   condition (Mar, Unm, Wid) (the same guides);
 * - a married woman under her maiden surname: Scottish registers name a married woman by her maiden surname, the
 *   statutory death registers as "Mary Smith or Brown" (maiden surname first, "or" the married one; ScotlandsPeople,
 *   "Statutory registers – deaths", which also indexes her under both), while census enumerators wrote her under her
 *   husband's surname as often as not;
 * - the parents in the death register: from 1855 the deceased's father's name and the mother's name with her maiden
 *   surname ("M.S.") are registered (the same guide);
 * - spelling: Mc/Mac and M' written freely for one family (Macdonald, McDonald, M'Donald), contractions of the
 *   clerks (Alexr, Jas, Wm, Robt, Margt), Janet as Jessie and Margaret as Peggy (Scottish pet forms of these names).
 *
 * Persons are fictional and seeded: households of a few parishes, born 1770–1890, the children named after
 * grandparents and parents as the Scottish naming pattern has it, so that cousins share names.
 */

export const SCOTTISH_REGISTER_HEADER = ['entry', 'source', 'name', 'relation', 'condition', 'age', 'sex', 'where_born', 'occupation', 'event_date', 'father', 'mother'];

const SURNAMES = ['Macdonald', 'Campbell', 'Stewart', 'Robertson', 'Mackenzie', 'Fraser', 'Murray', 'Cameron', 'Grant', 'Reid', 'Ross', 'Paterson', 'Thomson', 'Anderson', 'Mackay', 'Henderson', 'Sinclair', 'Mclean', 'Ferguson', 'Gillies', 'Buchanan', 'Munro', 'Drummond', 'Kerr', 'Hamilton', 'Wallace', 'Bruce', 'Mcgregor', 'Ritchie', 'Lindsay'];
const MALE = ['John', 'James', 'William', 'Alexander', 'Robert', 'Donald', 'Duncan', 'Archibald', 'Hugh', 'Peter', 'Andrew', 'Thomas', 'Malcolm', 'Neil', 'George'];
const FEMALE = ['Margaret', 'Janet', 'Mary', 'Elizabeth', 'Isabella', 'Ann', 'Jean', 'Christina', 'Catherine', 'Helen', 'Agnes', 'Marion', 'Grace', 'Flora', 'Euphemia'];
const FORMS: Record<string, string[]> = { Alexander: ['Alexr', 'Alex'], James: ['Jas'], William: ['Wm'], Robert: ['Robt'], Margaret: ['Margt', 'Peggy'], Janet: ['Jessie', 'Jent'], Elizabeth: ['Eliz', 'Betty'], Christina: ['Christian', 'Kirsty'], Catherine: ['Cathrine', 'Kate'], Helen: ['Ellen', 'Nelly'] };
const COUNTIES = ['Perthshire', 'Argyllshire', 'Inverness-shire', 'Lanarkshire', 'Fife'];
const PARISHES = ['Kilmorie', 'Dalbrae', 'Inverallan', 'Kirkstane', 'Glenmure', 'Ardlach', 'Balquhan', 'Strathbeg'];
const OCCUPATIONS = ['Ag Lab', 'Ploughman', 'Crofter', 'Shepherd', 'Weaver', 'Mason', 'Blacksmith', 'Fisherman', 'Coal Miner', 'Joiner'];
const CENSUSES: Array<[number, number, number]> = [
  [1841, 6, 6],
  [1851, 3, 30],
  [1861, 4, 7],
  [1871, 4, 2],
  [1881, 4, 3],
  [1891, 4, 5],
];

interface Person {
  id: number;
  sex: 'M' | 'F';
  given: string;
  surname: string;
  married: string | null;
  marriedYear: number;
  birth: { year: number; month: number; day: number };
  death: { year: number; month: number; day: number } | null;
  county: string;
  parish: string;
  occupation: string;
  father: Person | null;
  mother: Person | null;
  head: Person | null;
}

const dmy = (d: { year: number; month: number; day: number }) => `${d.day}/${d.month}/${d.year}`;

function ageAt(p: Person, year: number, month: number, day: number): number {
  return year - p.birth.year - (p.birth.month > month || (p.birth.month === month && p.birth.day > day) ? 1 : 0);
}

function spellSurname(s: string, random: Random): string {
  const mac = /^Ma?c(.*)$/.exec(s);
  if (mac && random() < 0.4) return pick(random, [`Mac${mac[1]}`, `Mc${mac[1]}`, `M'${mac[1]}`, `Mc${mac[1].toLowerCase()}`]).replace(/^(M[ac']+)(\w)/, (_, a: string, b: string) => a + b.toUpperCase());
  return random() < 0.04 ? typo(s, random) : s;
}

function spellGiven(g: string, random: Random): string {
  const forms = FORMS[g];
  if (forms && random() < 0.2) return pick(random, forms);
  return random() < 0.03 ? typo(g, random) : g;
}

export function generateScottishRegister(options: { persons: number; seed: number }): GeneratedList {
  const random = seededRandom(options.seed * 7919 + 41);
  const people: Person[] = [];
  const person = (sex: 'M' | 'F', given: string, surname: string, year: number, county: string, parish: string, father: Person | null, mother: Person | null): Person => {
    const lifespan = random() < 0.15 ? Math.floor(random() * 5) : 30 + Math.floor(random() * 55);
    const deathYear = year + lifespan;
    const p: Person = {
      id: people.length,
      sex,
      given,
      surname,
      married: null,
      marriedYear: 0,
      birth: { year, month: 1 + Math.floor(random() * 12), day: randomDay(random) },
      death: deathYear <= 1901 ? { year: deathYear, month: 1 + Math.floor(random() * 12), day: randomDay(random) } : null,
      county,
      parish,
      occupation: pick(random, OCCUPATIONS),
      father,
      mother,
      head: null,
    };
    people.push(p);
    return p;
  };
  // couples and their children: first son after the father's father, second after the mother's father, first
  // daughter after the mother's mother, second after the father's mother; the rest drawn
  while (people.length < options.persons) {
    const county = pick(random, COUNTIES);
    const parish = pick(random, PARISHES);
    const year = 1770 + Math.floor(random() * 75);
    const husband = person('M', pickSkewed(random, MALE), pickSkewed(random, SURNAMES), year, county, parish, null, null);
    const wife = person('F', pickSkewed(random, FEMALE), pickSkewed(random, SURNAMES), year + Math.floor(random() * 6) - 2, county, parish, null, null);
    const wedding = Math.max(husband.birth.year, wife.birth.year) + 22 + Math.floor(random() * 6);
    wife.married = husband.surname;
    wife.marriedYear = wedding;
    husband.head = husband;
    wife.head = husband;
    const names = { M: [pickSkewed(random, MALE), pickSkewed(random, MALE)], F: [pickSkewed(random, FEMALE), wife.given] };
    const children = 2 + Math.floor(random() * 6);
    for (let k = 0, sons = 0, daughters = 0; k < children; k++) {
      const sex = random() < 0.5 ? 'M' : 'F';
      const order = sex === 'M' ? sons++ : daughters++;
      const given = order < 2 ? names[sex][order] : pickSkewed(random, sex === 'M' ? MALE : FEMALE);
      const child = person(sex, given, husband.surname, wedding + 1 + 2 * k, county, parish, husband, wife);
      child.head = husband;
      if (sex === 'F' && random() < 0.6) {
        child.married = pickSkewed(random, SURNAMES);
        child.marriedYear = child.birth.year + 20 + Math.floor(random() * 8);
      }
    }
  }
  const rows: string[][] = [];
  const truth: string[] = [];
  const alive = (p: Person, year: number) => p.birth.year <= year && (!p.death || p.death.year >= year);
  for (const p of people) {
    for (const [year, month, day] of CENSUSES) {
      if (!alive(p, year) || random() < 0.2) continue;
      const age = ageAt(p, year, month, day);
      if (age < 0) continue;
      const child = p.head !== p && p.father !== null;
      const leftHome = child && age >= 20;
      const marriedNow = p.married !== null && year >= p.marriedYear;
      // a married woman under her husband's surname in most censuses, her maiden one in some
      const surname = marriedNow && random() < 0.75 ? p.married! : p.surname;
      let shownAge = age;
      if (year === 1841 && age >= 15) shownAge = age - (age % 5);
      else if (random() < 0.12) shownAge = age + pick(random, [-1, 1, -2, 2]);
      const relation = year === 1841 ? '' : p.head === p ? 'Head' : marriedNow ? 'Wife' : leftHome ? pick(random, ['Servt', 'Lodger']) : p.sex === 'M' ? 'Son' : pick(random, ['Daur', 'Dau']);
      const condition = year === 1841 || age < 15 ? '' : marriedNow || (p.head === p && !child) ? 'Mar' : 'Unm';
      const born = year === 1841 ? pick(random, ['Y', 'Y', 'Y', 'N']) : random() < 0.15 ? '' : `${p.county}, ${random() < 0.1 ? typo(p.parish, random) : p.parish}`;
      const occupation = age < 14 ? (random() < 0.5 ? 'Scholar' : '') : p.sex === 'M' ? p.occupation : random() < 0.7 ? '' : 'Domestic Servt';
      const name = `${spellGiven(p.given, random)} ${spellSurname(surname, random)}`;
      rows.push([`${year}-${String(rows.length + 1).padStart(6, '0')}`, `Census ${year}`, name, relation, condition, String(shownAge), random() < 0.1 ? '' : p.sex, born, occupation, `${day}/${month}/${year}`, '', '']);
      truth.push(`s-${p.id}`);
    }
    if (p.death && p.death.year >= 1855 && random() < 0.9) {
      const age = ageAt(p, p.death.year, p.death.month, p.death.day);
      const shownAge = age < 1 ? `${1 + Math.floor(random() * 11)} months` : random() < 0.1 ? String(age + pick(random, [-1, 1])) : String(age);
      const everMarried = p.married !== null && p.death.year >= p.marriedYear;
      const name = everMarried ? `${spellGiven(p.given, random)} ${spellSurname(p.surname, random)} or ${spellSurname(p.married!, random)}` : `${spellGiven(p.given, random)} ${spellSurname(p.surname, random)}`;
      const father = p.father ? `${spellGiven(p.father.given, random)} ${spellSurname(p.father.surname, random)}${random() < 0.5 ? `, ${p.father.occupation}` : ''}` : random() < 0.5 ? '' : 'Not known';
      const mother = p.mother ? `${spellGiven(p.mother.given, random)} ${spellSurname(p.mother.surname, random)}` : '';
      rows.push([`D${p.death.year}-${String(rows.length + 1).padStart(6, '0')}`, `Statutory deaths, ${p.parish}`, name, '', everMarried ? pick(random, ['Married', 'Widow']) : age >= 15 ? 'Single' : '', shownAge, p.sex, '', p.sex === 'M' && age >= 14 ? p.occupation : '', dmy(p.death), father, mother]);
      truth.push(`s-${p.id}`);
    }
  }
  shuffleTogether(rows, truth, random);
  return { name: 'Scottish census and death registers (ages only, 1841–1901)', header: SCOTTISH_REGISTER_HEADER, rows, truth };
}
