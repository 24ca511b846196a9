import { seededRandom } from '../model.ts';
import { ageAtDeath, AZ_FEMALE_NAMES, generateAzPopulation, type AzPerson } from './az-population.ts';
import { pad2, pick, shuffleTogether, type GeneratedList } from './generated-list.ts';
import { azerbaijaniToPressEnglish } from './press-english.ts';
import { azerbaijaniToSovietRussian, RUSSIAN_DISTRICT_TOWNS } from './soviet-russian.ts';
import { russianToFrench } from './western-transliteration.ts';
import { typo, type Random } from './writers.ts';

/**
 * A missing-persons list built from tracing requests, in the form humanitarian tracing services keep them: one
 * row per request, and a person is asked for by one to three relatives who each filed their own (the ICRC's
 * published descriptions of its tracing work and of the missing-persons files it hands to commissions on missing
 * persons: identity of the sought person, the **father's name and the mother's name** to tell namesakes apart,
 * place and **date last seen** instead of a date of death, and who asked). Conventions none of the other generators
 * uses:
 *
 * - the person is **missing**, not known dead: "Date last seen" is the day of disappearance as the enquirer gives
 *   it (the day of death or up to three days before, sometimes the month only), and "Place of disappearance" is
 *   where it happened, not where the person was born;
 * - **the mother's name** in its own column (given name and her own family name, which an Azerbaijani wife keeps),
 *   and the father's given name alone, without oğlu/qızı — columns a linker must not take for the person's name;
 * - names spelled by the delegation's French letter values from the family's Soviet papers (Гусейнов →
 *   Gousseïnov or Gousseinov, Гасанов → Gassanov, Джафаров → Djafarov; see western-transliteration.ts), or by
 *   English values from an Azerbaijani document (Huseynov), or as the family wrote them in Azerbaijani Latin;
 * - dates DD/MM/YYYY (slashes, the French form); a date of birth often unknown to the enquirer, then an age
 *   ("40", "approx. 40", "35-40") at disappearance;
 * - the enquirer's relation to the person ("mother", "brother") in an "Enquirer" column.
 *
 * Every person is fictional (az-population.ts); real district names are used as place names only.
 */

export const TRACING_LIST_HEADER = [
  'Ref.',
  'Family name',
  'First name',
  "Father's name",
  "Mother's name",
  'Sex',
  'Date of birth',
  'Age',
  'Place of birth',
  'Place of disappearance',
  'Date last seen',
  'Enquirer',
];

type Spelling = 'french' | 'english' | 'azerbaijani';

/** A household's mother, drawn from the household key so that brothers and sisters name the same mother. */
function motherOf(p: AzPerson, population: Map<string, string>, random: Random): string {
  const stem = p.family.replace(/(ov|yev|ev)a$/, '$1');
  const key = `${stem}|${p.father}|${p.village}`;
  let mother = population.get(key);
  if (!mother) {
    const roots = [
      'Əliyeva',
      'Həsənova',
      'Quliyeva',
      'Məmmədova',
      'Nəbiyeva',
      'Rzayeva',
      'Kazımova',
      'Səfərova',
      'Bayramova',
      'Zeynalova',
      'Orucova',
      'İsayeva',
    ];
    mother = `${pick(random, AZ_FEMALE_NAMES)} ${pick(random, roots)}`;
    population.set(key, mother);
  }
  return mother;
}

function spell(text: string, spelling: Spelling, random: Random, diaeresis: boolean): string {
  if (spelling === 'azerbaijani') return text;
  if (spelling === 'english') return azerbaijaniToPressEnglish(text, random);
  return russianToFrench(azerbaijaniToSovietRussian(text, random), diaeresis);
}

function slashDate(d: { year: number; month: number; day: number }): string {
  return `${pad2(d.day)}/${pad2(d.month)}/${d.year}`;
}

function lastSeen(p: AzPerson, random: Random): string {
  const r = random();
  if (r < 0.1) return '';
  if (r < 0.22) return `${pad2(p.death.month)}/${p.death.year}`;
  const day = Math.max(1, p.death.day - (random() < 0.6 ? 0 : 1 + Math.floor(random() * 3)));
  return slashDate({ ...p.death, day });
}

function birthAndAge(p: AzPerson, random: Random): [string, string] {
  const r = random();
  const age = ageAtDeath(p);
  if (r < 0.5) return [slashDate(p.birth), ''];
  if (r < 0.62) return [String(p.birth.year + (random() < 0.15 ? (random() < 0.5 ? -1 : 1) : 0)), ''];
  if (r < 0.9) {
    const given = age + (random() < 0.3 ? (random() < 0.5 ? -1 : 1) : 0);
    const a = random();
    if (age < 15 || a < 0.5) return ['', String(Math.max(0, given))];
    if (a < 0.8) return ['', `approx. ${Math.round(given / 5) * 5}`];
    const low = given - Math.floor(random() * 5);
    return ['', `${low}-${low + 5}`];
  }
  return ['', ''];
}

const ENQUIRERS = {
  parent: ['mother', 'father'],
  sibling: ['brother', 'sister'],
  spouse: ['wife', 'husband'],
  child: ['son', 'daughter'],
  other: ['cousin', 'neighbour', 'uncle'],
};

function enquirer(p: AzPerson, random: Random): string {
  const age = ageAtDeath(p);
  const kind =
    age < 25 ? pick(random, ['parent', 'parent', 'sibling', 'other'] as const) : pick(random, ['sibling', 'spouse', 'child', 'child', 'other'] as const);
  return pick(random, ENQUIRERS[kind]);
}

export interface TracingListOptions {
  persons: number;
  seed?: number;
}

export function generateTracingList(options: TracingListOptions): GeneratedList {
  const seed = options.seed ?? 1;
  const persons = generateAzPopulation({ persons: options.persons, seed: seed + 7100 });
  const random = seededRandom(seed * 67 + 211);
  const mothers = new Map<string, string>();
  const rows: string[][] = [];
  const truth: string[] = [];
  for (const p of persons) {
    const u = random();
    const requests = u < 0.5 ? 1 : u < 0.85 ? 2 : 3;
    const mother = motherOf(p, mothers, random);
    for (let k = 0; k < requests; k++) {
      const s = random();
      const spelling: Spelling = s < 0.55 ? 'french' : s < 0.8 ? 'english' : 'azerbaijani';
      const diaeresis = random() < 0.5;
      let family = spell(p.family, spelling, random, diaeresis);
      let given = spell(p.given, spelling, random, diaeresis);
      if (random() < 0.06) family = typo(family, random);
      if (random() < 0.05) given = typo(given, random);
      if (random() < 0.03) [family, given] = [given, family];
      const father = random() < 0.15 ? '' : spell(p.father, spelling, random, diaeresis);
      const motherCell = random() < 0.3 ? '' : spell(random() < 0.3 ? mother.split(' ')[0] : mother, spelling, random, diaeresis);
      const sex = random() < 0.08 ? '' : p.sex;
      const [birth, age] = birthAndAge(p, random);
      const town = russianToFrench(RUSSIAN_DISTRICT_TOWNS[p.district], false);
      const birthPlace = random() < 0.35 ? '' : spelling === 'azerbaijani' ? p.village : spell(p.village, spelling, random, false);
      const disappeared = random() < 0.15 ? '' : random() < 0.7 ? town : `${town} district`;
      rows.push(['', family, given, father, motherCell, sex, birth, age, birthPlace, disappeared, lastSeen(p, random), enquirer(p, random)]);
      truth.push(`az-${p.id}`);
    }
  }
  shuffleTogether(rows, truth, random);
  rows.forEach((row, i) => (row[0] = `TR-${String(i + 1).padStart(5, '0')}`));
  return { name: 'Missing-persons tracing list (French spellings)', header: TRACING_LIST_HEADER, rows, truth };
}
