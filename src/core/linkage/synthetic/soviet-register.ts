import { seededRandom } from '../model.ts';
import { generateAzPopulation, type AzPerson } from './az-population.ts';
import { pad2, pick, shuffleTogether, type GeneratedList } from './generated-list.ts';
import { azerbaijaniToSovietRussian, RUSSIAN_DISTRICTS, RUSSIAN_DISTRICT_TOWNS, sovietPatronymic } from './soviet-russian.ts';
import { typo, type Random } from './writers.ts';

/**
 * A Russian-language register of the dead in the layout of Soviet and post-Soviet memorial registers (the entries
 * of a regional "Книга памяти", as the OBD Memorial database also reproduces wartime ones): surname, given name and
 * patronymic together in one column in that order, the year of birth only, the place of birth as republic,
 * district and village ("Азерб. ССР, Агдамский р-н, с. Карабулаг"), the date of death as DD.MM.YYYY, sex as М/Ж (or
 * муж./жен.). Three sources are merged in one file, as compilers of such books merge them: the memorial book, a
 * district police summary ("сводка РОВД": surname and initials, the form of Soviet official papers, and more
 * errors) and a district executive committee's list. Every person is fictional (az-population.ts).
 *
 * Error processes: clerks' spelling variants (soviet-russian.ts), typing errors, a birth year off by one (an age
 * recomputed from a different date), missing fields, the year written "1923 г." or "1923 г.р.", month-only or
 * year-only dates of death, day and month exchanged, names in the order given name–surname, a person entered twice
 * in one source.
 */

export const SOVIET_REGISTER_HEADER = ['№', 'Фамилия Имя Отчество', 'Год рождения', 'Место рождения', 'Дата гибели', 'Пол', 'Источник'];

interface SourceSpec {
  name: string;
  coverage: number;
  /** Share of rows where given name and patronymic are initials only. */
  initials: number;
  /** Scale of all other noise. */
  noise: number;
}

const SOURCES: SourceSpec[] = [
  { name: 'Книга памяти', coverage: 0.75, initials: 0, noise: 1 },
  { name: 'Сводка РОВД', coverage: 0.45, initials: 0.3, noise: 1.6 },
  { name: 'Список райисполкома', coverage: 0.35, initials: 0.05, noise: 1.2 },
];

function birthPlace(p: AzPerson, random: Random, noise: number): string {
  if (random() < 0.08 * noise) return '';
  const republic = pick(random, ['Азерб. ССР', 'Азербайджанская ССР', 'АзССР', 'Азерб. ССР', '']);
  const districtWord = random() < 0.7 ? 'р-н' : 'район';
  const district = random() < 0.85 ? `${RUSSIAN_DISTRICTS[p.district]} ${districtWord}` : RUSSIAN_DISTRICT_TOWNS[p.district];
  let village = azerbaijaniToSovietRussian(p.village, random);
  if (random() < 0.08 * noise) village = typo(village, random);
  const settlement = random() < 0.15 * noise ? '' : `${pick(random, ['с.', 'с.', 'село', 'пос.'])} ${village}`;
  return [republic, district, settlement].filter(Boolean).join(', ');
}

function deathDate(p: AzPerson, random: Random, noise: number): string {
  const year = p.death.year;
  let { month, day } = p.death;
  const r = random();
  if (r < 0.07 * noise) return '';
  if (r < 0.1 * noise && day <= 12) [day, month] = [month, day];
  else if (r < 0.13 * noise) day = Math.min(28, Math.max(1, day + (random() < 0.5 ? -1 : 1)));
  const form = random();
  if (form < 0.05 * noise) return String(year);
  if (form < 0.1 * noise) return `${pad2(month)}.${year}`;
  return `${pad2(day)}.${pad2(month)}.${year}`;
}

function birthYear(p: AzPerson, random: Random, noise: number): string {
  const r = random();
  if (r < 0.08 * noise) return '';
  let year = p.birth.year;
  if (r < 0.2 * noise) year += random() < 0.5 ? -1 : 1;
  const form = random();
  return form < 0.08 ? `${year} г.` : form < 0.12 ? `${year} г.р.` : String(year);
}

function sex(p: AzPerson, random: Random, noise: number): string {
  const r = random();
  if (r < 0.1 * noise) return '';
  if (r < 0.2) return p.sex === 'M' ? 'муж.' : 'жен.';
  return p.sex === 'M' ? 'М' : 'Ж';
}

function fullName(p: AzPerson, source: SourceSpec, random: Random): string {
  const noise = source.noise;
  let family = azerbaijaniToSovietRussian(p.family, random);
  let given = azerbaijaniToSovietRussian(p.given, random);
  const father = azerbaijaniToSovietRussian(p.father, random);
  if (random() < 0.1 * noise) family = typo(family, random);
  if (random() < 0.08 * noise) given = typo(given, random);
  if (random() < source.initials) return `${family} ${given[0]}.${father[0]}.`;
  const patronymic = random() < 0.12 * noise ? '' : sovietPatronymic(father, p.sex, random);
  const parts = random() < 0.04 * noise ? [given, family, patronymic] : [family, given, patronymic];
  return parts.filter(Boolean).join(' ');
}

export interface SovietEntry {
  name: string;
  birthYear: string;
  birthPlace: string;
  death: string;
  sex: string;
}

/** One entry as the given source writes it (also used by the mixed list). */
export function sovietEntry(p: AzPerson, sourceIndex: number, random: Random): SovietEntry {
  const source = SOURCES[sourceIndex];
  return { name: fullName(p, source, random), birthYear: birthYear(p, random, source.noise), birthPlace: birthPlace(p, random, source.noise), death: deathDate(p, random, source.noise), sex: sex(p, random, source.noise) };
}

export interface SovietRegisterOptions {
  persons: number;
  seed?: number;
}

export function generateSovietRegister(options: SovietRegisterOptions): GeneratedList {
  const seed = options.seed ?? 1;
  const persons = generateAzPopulation({ persons: options.persons, seed });
  const random = seededRandom(seed * 31 + 101);
  const rows: string[][] = [];
  const truth: string[] = [];
  for (const source of SOURCES) {
    for (const p of persons) {
      if (random() >= source.coverage) continue;
      const copies = random() < 0.04 ? 2 : 1;
      for (let c = 0; c < copies; c++) {
        const e = sovietEntry(p, SOURCES.indexOf(source), random);
        rows.push(['', e.name, e.birthYear, e.birthPlace, e.death, e.sex, source.name]);
        truth.push(`az-${p.id}`);
      }
    }
  }
  shuffleTogether(rows, truth, random);
  rows.forEach((row, i) => (row[0] = String(i + 1)));
  return { name: 'Soviet register (ru)', header: SOVIET_REGISTER_HEADER, rows, truth };
}
