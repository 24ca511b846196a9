import { seededRandom } from '../model.ts';
import { ageAtDeath, AZ_DISTRICTS, generateAzPopulation, type AzPerson } from './az-population.ts';
import { pick, shuffleTogether, type GeneratedList } from './generated-list.ts';
import { azerbaijaniToPressEnglish, russianToPressEnglish } from './press-english.ts';
import { azerbaijaniToSovietRussian, sovietPatronymic } from './soviet-russian.ts';
import { typo, type Random } from './writers.ts';

/**
 * An English-language list of the dead as NGO reports and newspapers print them: "Given Surname" and an age at
 * death, never a date of birth (the form of victim lists in human-rights reports and in the press, where a
 * relative or a hospital register gave an age: "aged about 40", "40–45"), sex as male/female or not given, a place
 * name romanised one of two ways (Khojaly / Khodzhaly, Agdam / Aghdam). Names come either through Russian
 * documents (Gasanov, Guseinova, Mamedov, Aliev) or straight from Azerbaijani (Hasanov, Huseynova, Mammadov,
 * Aliyev); see press-english.ts for the romanisation sources. Three reports are merged in one file; one of them
 * also prints the date of death in English style ("26 February 1992"). Every person is fictional.
 *
 * Error processes: the two romanisation routes (each report has a habit and departs from it), typing errors,
 * surname printed first, Russian name order with the patronymic copied from a Russian list, ages off by one or
 * rounded, ranges, missing ages, sex and places, a person printed twice in one report.
 */

export const PRESS_LIST_HEADER = ['No.', 'Name', 'Age', 'Sex', 'Place', 'Date of death', 'Source'];

interface ReportSpec {
  name: string;
  coverage: number;
  /** Share of names taken through Russian documents (the rest from Azerbaijani Latin). */
  viaRussian: number;
  printsDate: boolean;
}

const REPORTS: ReportSpec[] = [
  { name: 'NGO field report', coverage: 0.6, viaRussian: 0.85, printsDate: false },
  { name: 'Newspaper list', coverage: 0.45, viaRussian: 0.5, printsDate: true },
  { name: 'Later NGO report', coverage: 0.5, viaRussian: 0.15, printsDate: false },
];

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A place as an English report writes it: through Russian (Khodzhaly, Agdam) or Azerbaijani (Khojaly, Aghdam). */
function place(p: AzPerson, viaRussian: boolean, habit: number, random: Random): string {
  if (random() < 0.15) return '';
  const az = AZ_DISTRICTS[p.district];
  if (!viaRussian) {
    // a final ı is usually y in English (Khojaly, Gubadly), sometimes i (Khojali)
    const english = azerbaijaniToPressEnglish(az, random).replace(/^Agh/, random() < 0.5 ? 'Agh' : 'Ag');
    return az.endsWith('ı') && random() < 0.7 ? english.replace(/i$/, 'y') : english;
  }
  return russianToPressEnglish(azerbaijaniToSovietRussian(az, random), habit);
}

function age(p: AzPerson, random: Random): string {
  const a = ageAtDeath(p);
  const r = random();
  if (r < 0.12) return '';
  if (a === 0) return random() < 0.5 ? 'infant' : `${1 + Math.floor(random() * 11)} months`;
  if (r < 0.22) return String(Math.max(1, a + (random() < 0.5 ? -1 : 1)));
  if (r < 0.3 && a >= 15) return `about ${Math.round(a / 5) * 5}`;
  if (r < 0.35 && a >= 15) {
    const low = a - Math.floor(random() * 5);
    return `${low}-${low + 5}`;
  }
  return String(a);
}

function name(p: AzPerson, report: ReportSpec, habit: number, random: Random): { text: string; viaRussian: boolean } {
  const viaRussian = random() < report.viaRussian;
  const write = (az: string) => (viaRussian ? russianToPressEnglish(azerbaijaniToSovietRussian(az, random), habit) : azerbaijaniToPressEnglish(az, random));
  let given = write(p.given);
  let family = write(p.family);
  if (random() < 0.08) given = typo(given, random);
  if (random() < 0.08) family = typo(family, random);
  const r = random();
  if (viaRussian && r < 0.08) {
    // copied from a Russian list in its order, patronymic included: "Gasanov Tofik Ali ogly"
    const patronymic = russianToPressEnglish(sovietPatronymic(azerbaijaniToSovietRussian(p.father, random), p.sex, random), habit);
    return { text: `${family} ${given} ${patronymic}`, viaRussian };
  }
  if (r < 0.16) return { text: `${family} ${given}`, viaRussian };
  if (r < 0.2) return { text: `${family}, ${given}`, viaRussian };
  return { text: `${given} ${family}`, viaRussian };
}

export interface PressEntry {
  name: string;
  age: string;
  sex: string;
  place: string;
  death: string;
}

/** One entry as the given report prints it; `habit` is the report's romanisation habit in [0, 1). */
export function pressEntry(p: AzPerson, reportIndex: number, habit: number, random: Random): PressEntry {
  const report = REPORTS[reportIndex];
  const n = name(p, report, habit, random);
  const s = random() < 0.3 ? '' : p.sex === 'M' ? pick(random, ['male', 'male', 'Male', 'm']) : pick(random, ['female', 'female', 'Female', 'f']);
  const death = report.printsDate && random() < 0.85 ? `${p.death.day} ${MONTHS[p.death.month - 1]} ${p.death.year}` : '';
  return { name: n.text, age: age(p, random), sex: s, place: place(p, n.viaRussian, habit, random), death };
}

export interface PressListOptions {
  persons: number;
  seed?: number;
}

export function generatePressList(options: PressListOptions): GeneratedList {
  const seed = options.seed ?? 1;
  const persons = generateAzPopulation({ persons: options.persons, seed });
  const random = seededRandom(seed * 37 + 211);
  const rows: string[][] = [];
  const truth: string[] = [];
  for (const report of REPORTS) {
    const habit = random();
    for (const p of persons) {
      if (random() >= report.coverage) continue;
      const copies = random() < 0.03 ? 2 : 1;
      for (let c = 0; c < copies; c++) {
        const e = pressEntry(p, REPORTS.indexOf(report), habit, random);
        rows.push(['', e.name, e.age, e.sex, e.place, e.death, report.name]);
        truth.push(`az-${p.id}`);
      }
    }
  }
  shuffleTogether(rows, truth, random);
  rows.forEach((row, i) => (row[0] = String(i + 1)));
  return { name: 'English press list (ages only)', header: PRESS_LIST_HEADER, rows, truth };
}
