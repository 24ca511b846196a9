import { seededRandom } from '../model.ts';
import { generateAzPopulation, type AzPerson } from './az-population.ts';
import { shuffleTogether, type GeneratedList } from './generated-list.ts';
import { russianToPressEnglish } from './press-english.ts';
import { azerbaijaniToSovietRussian, RUSSIAN_DISTRICT_TOWNS, sovietPatronymic } from './soviet-russian.ts';
import { russianToFrench, russianToGerman } from './western-transliteration.ts';
import { typo, type Random } from './writers.ts';

/**
 * A list of victims that diaspora community associations in Germany, France and the United States sent to an
 * international organisation on its English-language form, and that the organisation exported from a spreadsheet.
 * Conventions none of the other generators uses:
 *
 * - the **family name in capitals** in its own column, given names (with the patronymic when the member gave it)
 *   in the next, the usual form of names on the lists and forms of international organisations;
 * - names spelled from the members' Soviet papers by the letter values of the country the association works in:
 *   German (Alijew, Gassanow, Gussejnowa, Dschafarow, the patronymic Gussejnowitsch), French (Aliev, Gassanov,
 *   Gousseinova, Djafarov) or English (Aliyev, Gasanov, Guseynova) — see western-transliteration.ts and
 *   press-english.ts for the tables;
 * - **dates month first**, MM/DD/YYYY, as the form asks, and often M/D/YYYY without leading zeros (the United
 *   States short date of spreadsheet programs); a few dates exported as spreadsheet serial numbers (days since
 *   30 December 1899, the 1900 date system of Excel and of the OOXML standard, ECMA-376 part 1, 18.17.4.1);
 * - the artefacts of a spreadsheet export: a byte-order mark before the header, cells with trailing spaces and
 *   non-breaking spaces between words, a whole name typed into the family-name cell of a row whose given-name cell
 *   stayed empty, the submitting association written only on the first row of its block (a merged cell exported),
 *   and Cyrillic letters that look like Latin ones (А Е О С Р К М Т Н Х В) in names typed on a keyboard switched to
 *   Russian.
 *
 * Every person is fictional (az-population.ts); real district names are used as place names only.
 */

export const DIASPORA_SUBMISSION_HEADER = [
  '\uFEFFNo',
  'SURNAME',
  'Given name(s)',
  'DOB (MM/DD/YYYY)',
  'Sex',
  'Place of birth',
  'Date of death (MM/DD/YYYY)',
  'Submitted by',
];

type Letters = 'german' | 'french' | 'english';

interface SubmitterSpec {
  name: string;
  letters: Letters;
  coverage: number;
}

const SUBMITTERS: SubmitterSpec[] = [
  { name: 'Community association (Germany)', letters: 'german', coverage: 0.55 },
  { name: 'Community association (France)', letters: 'french', coverage: 0.45 },
  { name: 'Community association (USA)', letters: 'english', coverage: 0.45 },
];

const HOMOGLYPHS: Record<string, string> = {
  A: 'А',
  E: 'Е',
  O: 'О',
  C: 'С',
  P: 'Р',
  K: 'К',
  M: 'М',
  T: 'Т',
  H: 'Н',
  X: 'Х',
  B: 'В',
  a: 'а',
  e: 'е',
  o: 'о',
  c: 'с',
  p: 'р',
  x: 'х',
};

function romanise(russian: string, letters: Letters, random: Random): string {
  if (letters === 'german') return russianToGerman(russian, random);
  if (letters === 'french') return russianToFrench(russian, random() < 0.3);
  return russianToPressEnglish(russian, random());
}

/** One or two Latin letters replaced by their Cyrillic look-alikes. */
function homoglyphs(text: string, random: Random): string {
  const chars = [...text];
  const at = chars.map((c, i) => (HOMOGLYPHS[c] ? i : -1)).filter((i) => i >= 0);
  for (let k = 0; k < Math.min(at.length, 1 + Math.floor(random() * 2)); k++) {
    const i = at[Math.floor(random() * at.length)];
    chars[i] = HOMOGLYPHS[chars[i]];
  }
  return chars.join('');
}

/** Days since 30 December 1899, as a spreadsheet stores a date. */
function serialDate(d: { year: number; month: number; day: number }): string {
  return String(Math.round((Date.UTC(d.year, d.month - 1, d.day) - Date.UTC(1899, 11, 30)) / 86_400_000));
}

function usDate(d: { year: number; month: number; day: number }, random: Random, birth: boolean): string {
  const r = random();
  if (r < 0.08) return '';
  if (r < 0.11) return serialDate(d);
  if (birth && r < 0.2) return String(d.year);
  if (birth && r < 0.24 && d.day <= 12 && d.day !== d.month) return `${String(d.day).padStart(2, '0')}/${String(d.month).padStart(2, '0')}/${d.year}`;
  return random() < 0.45 ? `${d.month}/${d.day}/${d.year}` : `${String(d.month).padStart(2, '0')}/${String(d.day).padStart(2, '0')}/${d.year}`;
}

function entry(p: AzPerson, submitter: SubmitterSpec, random: Random): string[] {
  const write = (az: string) => romanise(azerbaijaniToSovietRussian(az, random), submitter.letters, random);
  let surname = write(p.family).toUpperCase();
  let given = write(p.given);
  if (random() < 0.06) surname = typo(surname, random);
  if (random() < 0.05) given = typo(given, random);
  if (random() < 0.35) {
    const father = azerbaijaniToSovietRussian(p.father, random);
    given += ' ' + romanise(sovietPatronymic(father, p.sex, random), submitter.letters, random);
  }
  if (random() < 0.04) surname = homoglyphs(surname, random);
  if (random() < 0.1) given = given.replace(/ /g, '\u00A0');
  if (random() < 0.12) {
    // the whole name typed into the family-name cell, the given-name cell left empty
    surname = `${surname} ${given}`;
    given = '';
  }
  if (random() < 0.15) surname += ' ';
  if (random() < 0.1) given += '  ';
  const sexRoll = random();
  const sex = sexRoll < 0.1 ? '' : sexRoll < 0.3 ? (p.sex === 'M' ? 'Male' : 'Female') : p.sex;
  const town = romanise(RUSSIAN_DISTRICT_TOWNS[p.district], submitter.letters, random);
  const place = random() < 0.3 ? '' : random() < 0.5 ? `${town}, Azerbaijan` : town;
  return ['', surname, given, usDate(p.birth, random, true), sex, place, usDate(p.death, random, false), submitter.name];
}

export interface DiasporaSubmissionOptions {
  persons: number;
  seed?: number;
}

export function generateDiasporaSubmission(options: DiasporaSubmissionOptions): GeneratedList {
  const seed = options.seed ?? 1;
  const persons = generateAzPopulation({ persons: options.persons, seed: seed + 8300 });
  const random = seededRandom(seed * 71 + 97);
  const rows: string[][] = [];
  const truth: string[] = [];
  for (const submitter of SUBMITTERS) {
    const block: string[][] = [];
    const blockTruth: string[] = [];
    for (const p of persons) {
      if (random() >= submitter.coverage) continue;
      const copies = random() < 0.04 ? 2 : 1;
      for (let c = 0; c < copies; c++) {
        block.push(entry(p, submitter, random));
        blockTruth.push(`az-${p.id}`);
      }
    }
    shuffleTogether(block, blockTruth, random);
    // a merged "Submitted by" cell exports its value on the block's first row only
    block.forEach((row, i) => i > 0 && (row[7] = ''));
    rows.push(...block);
    truth.push(...blockTruth);
  }
  rows.forEach((row, i) => (row[0] = String(i + 1)));
  return { name: 'Diaspora submissions (German/French spellings, US dates, spreadsheet export)', header: DIASPORA_SUBMISSION_HEADER, rows, truth };
}
