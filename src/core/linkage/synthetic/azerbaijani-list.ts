import { seededRandom } from '../model.ts';
import { AZ_DISTRICTS, generateAzPopulation, type AzPerson } from './az-population.ts';
import { pad2, shuffleTogether, type GeneratedList } from './generated-list.ts';
import { typo, type Random } from './writers.ts';

/**
 * A list of the dead in Azerbaijani Latin as district offices and families' associations type them: surname, given
 * name and father's name in separate columns ("Soyadı", "Adı", "Ata adı", the order of Azerbaijani official
 * forms), the father's name with or without oğlu/qızı, dates as DD.MM.YYYY (the Azerbaijani civil date form), sex
 * as K (kişi, man) or Q (qadın, woman), place of birth as "<district> rayonu, <village> kəndi". Lists typed on
 * keyboards without the Azerbaijani letters replace ə, ı, ş, ç, ğ, ö, ü by e, i, s, c, g, o, u (a common informal
 * practice). Two sources merged in one file. Every person is fictional (az-population.ts).
 *
 * Error processes: the keyboard fallback, typing errors, year-only, missing and wrong birth dates (a year off,
 * day and month exchanged), given name and surname in each other's column, missing sex and places, a person
 * entered twice in one source.
 */

export const AZERBAIJANI_LIST_HEADER = ['Sıra №', 'Soyadı', 'Adı', 'Ata adı', 'Cinsi', 'Doğum tarixi', 'Doğum yeri', 'Ölüm tarixi', 'Mənbə'];

const ASCII: Record<string, string> = { ə: 'e', Ə: 'E', ı: 'i', I: 'I', İ: 'I', ş: 's', Ş: 'S', ç: 'c', Ç: 'C', ğ: 'g', Ğ: 'G', ö: 'o', Ö: 'O', ü: 'u', Ü: 'U' };
const toAscii = (text: string) => text.replace(/[əƏıIİşŞçÇğĞöÖüÜ]/g, (c) => ASCII[c] ?? c);

interface SourceSpec {
  name: string;
  coverage: number;
  /** Share of rows typed without Azerbaijani letters. */
  ascii: number;
}

const SOURCES: SourceSpec[] = [
  { name: 'Rayon icra hakimiyyətinin siyahısı', coverage: 0.7, ascii: 0.1 },
  { name: 'Ailələrin məlumatı', coverage: 0.5, ascii: 0.45 },
];

function date(d: AzPerson['birth'], random: Random, errors: boolean): string {
  let { year, month, day } = d;
  const r = random();
  if (r < 0.08) return '';
  if (errors && r < 0.13) year += random() < 0.5 ? -1 : 1;
  else if (errors && r < 0.16 && day <= 12) [day, month] = [month, day];
  if (random() < 0.1) return String(year);
  return `${pad2(day)}.${pad2(month)}.${year}`;
}

export interface AzerbaijaniEntry {
  family: string;
  given: string;
  father: string;
  sex: string;
  birth: string;
  place: string;
  death: string;
}

export function azerbaijaniEntry(p: AzPerson, sourceIndex: number, random: Random): AzerbaijaniEntry {
  const source = SOURCES[sourceIndex];
  const ascii = random() < source.ascii;
  const write = (text: string) => (ascii ? toAscii(text) : text);
  let family = write(p.family);
  let given = write(p.given);
  if (random() < 0.07) family = typo(family, random);
  if (random() < 0.06) given = typo(given, random);
  if (random() < 0.03) [family, given] = [given, family];
  const fatherRoll = random();
  const father = fatherRoll < 0.1 ? '' : write(fatherRoll < 0.55 ? `${p.father} ${p.sex === 'M' ? 'oğlu' : 'qızı'}` : p.father);
  const sexRoll = random();
  const sex = sexRoll < 0.08 ? '' : sexRoll < 0.18 ? write(p.sex === 'M' ? 'kişi' : 'qadın') : p.sex === 'M' ? 'K' : 'Q';
  const district = AZ_DISTRICTS[p.district];
  const placeRoll = random();
  const place =
    placeRoll < 0.1 ? '' : placeRoll < 0.3 ? write(`${district} rayonu`) : placeRoll < 0.5 ? write(`${district} r., ${p.village} k.`) : write(`${district} rayonu, ${p.village} kəndi`);
  return { family, given, father, sex, birth: date(p.birth, random, true), place, death: date(p.death, random, false) };
}

export interface AzerbaijaniListOptions {
  persons: number;
  seed?: number;
}

export function generateAzerbaijaniList(options: AzerbaijaniListOptions): GeneratedList {
  const seed = options.seed ?? 1;
  const persons = generateAzPopulation({ persons: options.persons, seed });
  const random = seededRandom(seed * 43 + 401);
  const rows: string[][] = [];
  const truth: string[] = [];
  SOURCES.forEach((source, s) => {
    for (const p of persons) {
      if (random() >= source.coverage) continue;
      const copies = random() < 0.04 ? 2 : 1;
      for (let c = 0; c < copies; c++) {
        const e = azerbaijaniEntry(p, s, random);
        rows.push(['', e.family, e.given, e.father, e.sex, e.birth, e.place, e.death, source.name]);
        truth.push(`az-${p.id}`);
      }
    }
  });
  shuffleTogether(rows, truth, random);
  rows.forEach((row, i) => (row[0] = String(i + 1)));
  return { name: 'Azerbaijani Latin list', header: AZERBAIJANI_LIST_HEADER, rows, truth };
}
