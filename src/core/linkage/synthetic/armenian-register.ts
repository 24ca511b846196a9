import { seededRandom } from '../model.ts';
import {
  armenianGenitive,
  bgnRomanise,
  FAMILY,
  FEMALE,
  isoRomanise,
  MALE,
  PLACES,
  russianPatronymic,
  westernRomanise,
  type ArmenianForms,
} from './armenian-names.ts';
import { pad2, pick, pickSkewed, randomDay, shuffleTogether, type GeneratedList } from './generated-list.ts';
import { typo, type Random } from './writers.ts';

/**
 * A register of the dead kept on the Armenian side, in an Armenian-headed sheet into which three sources were
 * entered as they came (the conventions and their sources are in armenian-names.ts):
 *
 * 1. the civil register's extracts in Armenian script (reformed orthography): family name, given name and the
 *    father's name in the genitive in its own column (Պետրոսյան | Արամ | Վարդանի), sometimes in the nominative;
 *    DD.MM.YYYY; sex արական / իգական; birthplace "ք. Գորիս" (ք. = city) or the town alone;
 * 2. Soviet documents copied in Russian: Петросян | Арам | Варданович (Вардановна for a woman, whose family name
 *    keeps the -ян form), DD.MM.YYYY or the year, М / Ж, "г. Горис"; now and then the old -янц form of a -ян name
 *    (Петросянц) that some families kept in Russian;
 * 3. a diaspora organisation's list in Latin letters: BGN/PCGN (Petrosyan, with the apostrophes of the aspirates),
 *    ISO 9985 with its diacritics (Xačʼatryan, Ġowkasyan) or the Western Armenian spellings of families abroad
 *    (Bedrosian, Petrossian, Kevorkian, Der Krikorian); the father's name in the nominative or missing; often the
 *    year of birth only; male/female, M/F or blank.
 *
 * Header in Armenian: Հ/Հ (row number), Ազգանուն, Անուն, Հայրանուն, Ծննդյան ամսաթիվ, Սեռ, Ծննդավայր, Մահվան
 * ամսաթիվ, Աղբյուր. Persons are households of a father's line (children a year or three apart, siblings never of
 * one given name) with names drawn with a 1/rank law, so namesakes are common. Error processes: typing errors, a
 * birth year off by one, day and month exchanged, family and given name in each other's column, missing values, a
 * person entered twice by one source. Fictional people only.
 */

export const ARMENIAN_REGISTER_HEADER = ['Հ/Հ', 'Ազգանուն', 'Անուն', 'Հայրանուն', 'Ծննդյան ամսաթիվ', 'Սեռ', 'Ծննդավայր', 'Մահվան ամսաթիվ', 'Աղբյուր'];

interface Day {
  year: number;
  month: number;
  day: number;
}

interface Person {
  id: string;
  sex: 'M' | 'F';
  given: ArmenianForms;
  family: ArmenianForms;
  father: ArmenianForms;
  place: readonly [string, string, string];
  birth: Day;
  death: Day;
}

function population(count: number, random: Random): Person[] {
  const out: Person[] = [];
  while (out.length < count) {
    const family = pick(random, FAMILY);
    const father = pickSkewed(random, MALE);
    const place = pick(random, PLACES);
    let year = 1925 + Math.floor(random() * 50);
    const children = 1 + Math.floor(random() * 5);
    const taken = new Set<ArmenianForms>();
    for (let k = 0; k < children && out.length < count; k++) {
      const sex = random() < 0.5 ? 'M' : 'F';
      let given = pickSkewed(random, sex === 'M' ? MALE : FEMALE);
      for (let tries = 0; (taken.has(given) || given === father) && tries < 20; tries++) given = pickSkewed(random, sex === 'M' ? MALE : FEMALE);
      taken.add(given);
      const birth = { year, month: 1 + Math.floor(random() * 12), day: randomDay(random) };
      const death = { year: Math.max(year + 1, 1988 + Math.floor(random() * 7)), month: 1 + Math.floor(random() * 12), day: randomDay(random) };
      out.push({ id: `hy-${out.length}`, sex, given, family, father, place, birth, death });
      year += 1 + Math.floor(random() * 3);
    }
  }
  return out;
}

function dmy(d: Day, random: Random, errors: boolean, yearOnly: number): string {
  let { year, month, day } = d;
  const r = random();
  if (r < 0.07) return '';
  if (errors && r < 0.13) year += random() < 0.5 ? -1 : 1;
  else if (errors && r < 0.16 && day <= 12) [day, month] = [month, day];
  if (random() < yearOnly) return String(year);
  return `${pad2(day)}.${pad2(month)}.${year}`;
}

interface Entry {
  family: string;
  given: string;
  father: string;
  sex: string;
  birth: string;
  place: string;
  death: string;
}

function armenianEntry(p: Person, random: Random): Entry {
  const fatherRoll = random();
  const father = fatherRoll < 0.08 ? '' : fatherRoll < 0.85 ? armenianGenitive(p.father[0]) : p.father[0];
  const sexRoll = random();
  const sex = sexRoll < 0.1 ? '' : sexRoll < 0.3 ? (p.sex === 'M' ? 'ար.' : 'իգ.') : p.sex === 'M' ? 'արական' : 'իգական';
  const placeRoll = random();
  const place = placeRoll < 0.12 ? '' : placeRoll < 0.6 ? `ք. ${p.place[0]}` : p.place[0];
  return { family: p.family[0], given: p.given[0], father, sex, birth: dmy(p.birth, random, true, 0.05), place, death: dmy(p.death, random, false, 0.1) };
}

function russianEntry(p: Person, random: Random): Entry {
  let family = p.family[1];
  // some families kept the older -янц in Russian documents (Wikipedia, "Armenian name": Vardanyants)
  if (family.endsWith('ян') && random() < 0.08) family += 'ц';
  const fatherRoll = random();
  const father = fatherRoll < 0.1 ? '' : russianPatronymic(p.father[1], p.sex);
  const sexRoll = random();
  const sex = sexRoll < 0.12 ? '' : sexRoll < 0.3 ? (p.sex === 'M' ? 'муж.' : 'жен.') : p.sex === 'M' ? 'М' : 'Ж';
  const placeRoll = random();
  const place = placeRoll < 0.15 ? '' : placeRoll < 0.6 ? `г. ${p.place[1]}` : p.place[1];
  return { family, given: p.given[1], father, sex, birth: dmy(p.birth, random, true, 0.3), place, death: dmy(p.death, random, false, 0.2) };
}

function diasporaEntry(p: Person, random: Random): Entry {
  const r = random();
  const write = r < 0.45 ? bgnRomanise : r < 0.65 ? isoRomanise : (text: string) => westernRomanise(text, random);
  const fatherRoll = random();
  const father = fatherRoll < 0.35 ? '' : write(p.father[0]);
  const sexRoll = random();
  const sex = sexRoll < 0.2 ? '' : sexRoll < 0.6 ? (p.sex === 'M' ? 'male' : 'female') : p.sex;
  const place = random() < 0.25 ? '' : p.place[2];
  return {
    family: write(p.family[0]),
    given: write(p.given[0]),
    father,
    sex,
    birth: dmy(p.birth, random, true, 0.6),
    place,
    death: dmy(p.death, random, false, 0.4),
  };
}

interface Source {
  name: string;
  coverage: number;
  entry: (p: Person, random: Random) => Entry;
}

const SOURCES: Source[] = [
  { name: 'ՔԿԱԳ գրանցամատյան', coverage: 0.65, entry: armenianEntry },
  { name: 'Советский паспортный стол', coverage: 0.5, entry: russianEntry },
  { name: 'Diaspora memorial list', coverage: 0.5, entry: diasporaEntry },
];

export interface ArmenianRegisterOptions {
  persons: number;
  seed?: number;
}

export function generateArmenianRegister(options: ArmenianRegisterOptions): GeneratedList {
  const seed = options.seed ?? 1;
  const random = seededRandom(seed * 61 + 29);
  const persons = population(options.persons, random);
  const rows: string[][] = [];
  const truth: string[] = [];
  for (const source of SOURCES) {
    for (const p of persons) {
      if (random() >= source.coverage) continue;
      const copies = random() < 0.03 ? 2 : 1;
      for (let c = 0; c < copies; c++) {
        const e = source.entry(p, random);
        let { family, given } = e;
        if (random() < 0.05) family = typo(family, random);
        if (random() < 0.05) given = typo(given, random);
        if (random() < 0.03) [family, given] = [given, family];
        rows.push(['', family, given, e.father, e.birth, e.sex, e.place, e.death, source.name]);
        truth.push(p.id);
      }
    }
  }
  shuffleTogether(rows, truth, random);
  rows.forEach((row, i) => (row[0] = String(i + 1)));
  return { name: 'Armenian register (hy/ru/Latin)', header: ARMENIAN_REGISTER_HEADER, rows, truth };
}
