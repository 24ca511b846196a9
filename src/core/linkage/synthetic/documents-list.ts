import { seededRandom } from '../model.ts';
import { AZ_DISTRICTS, generateAzPopulation, type AzPerson } from './az-population.ts';
import { pad2, pick, shuffleTogether, type GeneratedList } from './generated-list.ts';
import { azerbaijaniToSovietRussian, RUSSIAN_DISTRICT_TOWNS } from './soviet-russian.ts';
import { typo, type Random } from './writers.ts';

/**
 * A list of the dead compiled from identity documents (a commission identifying victims copies the name and date of
 * birth from whatever document the body or the family had), written from conventions none of the other generators
 * uses:
 *
 * - a Russian international passport issued since 2014 writes the name in Latin capitals by the transliteration of
 *   ICAO Doc 9303 (7th edition, part 3, the table for Cyrillic): й → I, ю → IU, я → IA, ё → E, х → KH, ж → ZH,
 *   ц → TS, щ → SHCH, ъ → IE, ь left out (Кямаля → KIAMALIA, Юсиф → IUSIF, Гусейнова → GUSEINOVA); it carries no
 *   patronymic in Latin;
 * - a Soviet internal passport writes the name in Cyrillic with the patronymic (ГУСЕЙНОВА САБИНА ФАМИЛЬ КЫЗЫ when a
 *   clerk copies it in capitals), from the Soviet-era Russian rendering of the Azerbaijani name;
 * - an Azerbaijani identity card writes it in the Azerbaijani Latin alphabet, which clerks copy in capitals with
 *   the dotted İ and the undotted I of the alphabet (ƏLİYEV, QASIMOVA), and gives the father's name;
 * - surname and given name in separate columns (as every one of these documents prints them), the father's name in a
 *   third column that only some documents fill; dates of birth DD.MM.YYYY; where a document gave no day and month,
 *   the clerk wrote 01.01 of the year, and a few dates were copied with day and month exchanged; sex M/F as the
 *   documents print it, or М/Ж from the Soviet passport.
 *
 * Each person is documented one to three times (several documents, or the same document copied by two teams).
 * Every person is fictional; real district names are used as place names only.
 */

export const DOCUMENTS_LIST_HEADER = ['Case', 'Surname', 'Given name', "Father's name", 'Date of birth', 'Sex', 'Place of birth', 'Document'];

/** ICAO Doc 9303 (7th ed.), part 3: transliteration of Cyrillic characters used in Russian. */
const ICAO: Record<string, string> = {
  а: 'A', б: 'B', в: 'V', г: 'G', д: 'D', е: 'E', ё: 'E', ж: 'ZH', з: 'Z', и: 'I', й: 'I', к: 'K', л: 'L', м: 'M',
  н: 'N', о: 'O', п: 'P', р: 'R', с: 'S', т: 'T', у: 'U', ф: 'F', х: 'KH', ц: 'TS', ч: 'CH', ш: 'SH', щ: 'SHCH',
  ъ: 'IE', ы: 'Y', ь: '', э: 'E', ю: 'IU', я: 'IA',
};

/** Russian Cyrillic in the Latin capitals of a passport's data page (ICAO Doc 9303). */
export function icaoTransliteration(russian: string): string {
  let out = '';
  for (const ch of russian.toLowerCase()) out += ICAO[ch] ?? ch.toUpperCase();
  return out;
}

/** Azerbaijani Latin in capitals, with the alphabet's own dotted and undotted I. */
function azerbaijaniCapitals(text: string): string {
  return text.replace(/i/g, 'İ').replace(/ı/g, 'I').toUpperCase();
}

type DocumentKind = 'passport RU' | 'Soviet passport' | 'AZ identity card';

interface Entry {
  surname: string;
  given: string;
  father: string;
  sex: string;
  place: string;
}

function entry(p: AzPerson, kind: DocumentKind, random: Random): Entry {
  if (kind === 'AZ identity card') {
    const capitals = random() < 0.7;
    const write = (s: string) => (capitals ? azerbaijaniCapitals(s) : s);
    return { surname: write(p.family), given: write(p.given), father: random() < 0.8 ? write(p.father) : '', sex: p.sex, place: AZ_DISTRICTS[p.district] };
  }
  const surname = azerbaijaniToSovietRussian(p.family, random);
  const given = azerbaijaniToSovietRussian(p.given, random);
  if (kind === 'passport RU') {
    return { surname: icaoTransliteration(surname), given: icaoTransliteration(given), father: '', sex: p.sex, place: icaoTransliteration(RUSSIAN_DISTRICT_TOWNS[p.district]) };
  }
  const capitals = random() < 0.5;
  const write = (s: string) => (capitals ? s.toUpperCase() : s);
  const father = azerbaijaniToSovietRussian(p.father, random);
  const patronymic = `${father} ${p.sex === 'M' ? 'оглы' : 'кызы'}`;
  return { surname: write(surname), given: write(given), father: random() < 0.85 ? write(patronymic) : '', sex: p.sex === 'M' ? 'М' : 'Ж', place: RUSSIAN_DISTRICT_TOWNS[p.district] };
}

function birthDate(p: AzPerson, random: Random): string {
  const r = random();
  const { day, month, year } = p.birth;
  if (r < 0.1) return `01.01.${year}`;
  if (r < 0.13 && day <= 12 && day !== month) return `${pad2(month)}.${pad2(day)}.${year}`;
  if (r < 0.16) return '';
  return `${pad2(day)}.${pad2(month)}.${year}`;
}

export interface DocumentsListOptions {
  persons: number;
  seed?: number;
}

export function generateDocumentsList(options: DocumentsListOptions): GeneratedList {
  const seed = options.seed ?? 1;
  const persons = generateAzPopulation({ persons: options.persons, seed: seed + 4400 });
  const random = seededRandom(seed * 61 + 29);
  const rows: string[][] = [];
  const truth: string[] = [];
  const kinds: DocumentKind[] = ['passport RU', 'Soviet passport', 'AZ identity card'];
  for (const p of persons) {
    const u = random();
    const documents = u < 0.35 ? 1 : u < 0.8 ? 2 : 3;
    for (let k = 0; k < documents; k++) {
      // younger people more often held a post-Soviet document, older ones a Soviet passport
      const kind: DocumentKind = p.birth.year < 1940 && random() < 0.6 ? 'Soviet passport' : pick(random, kinds);
      const e = entry(p, kind, random);
      if (random() < 0.05) e.surname = typo(e.surname, random);
      if (random() < 0.05) e.given = typo(e.given, random);
      const sex = random() < 0.1 ? '' : e.sex;
      rows.push(['', e.surname, e.given, e.father, birthDate(p, random), sex, random() < 0.25 ? '' : e.place, kind]);
      truth.push(`az-${p.id}`);
    }
  }
  shuffleTogether(rows, truth, random);
  rows.forEach((row, i) => (row[0] = String(i + 1)));
  return { name: 'List from identity documents (ICAO, Soviet, Azerbaijani)', header: DOCUMENTS_LIST_HEADER, rows, truth };
}
