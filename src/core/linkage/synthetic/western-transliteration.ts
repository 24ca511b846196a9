import type { Random } from './writers.ts';

/**
 * Russian Cyrillic as French and German documents write it: the Azerbaijani diaspora in France and Germany, and
 * the French-speaking delegations of an international humanitarian organisation, spelled names from Soviet papers
 * by their own language's letter values, not by the English ones the other generators use.
 *
 * - French usage (French Wikipedia, "Transcription du russe en français"): у → ou, ш → ch, ж → j, ч → tch,
 *   дж → dj, х → kh, й → ï after a vowel (often written i), ю → iou, я → ia, г → gu before е/и (Гейдар → Gueïdar),
 *   с between vowels → ss (Гасанов → Gassanov, Гусейнова → Gousseïnova), е → e, word-initial е → ie; final
 *   -ов/-ев kept as -ov/-ev.
 * - German usage (Duden transcription; German Wikipedia, "Deutsche Transkription russischer Namen"): в → w,
 *   ж → sh, ш → sch, ч → tsch, щ → schtsch, дж → dsch, х → ch, ц → z, з → s, с between vowels → ss, й → j (some
 *   writers i), е → je at the start of a word and after a vowel (Алиев → Alijew), ю → ju, я → ja, ы → y;
 *   -ов/-ев → -ow/-ew (Мамедов → Mamedow, Гусейнова → Gussejnowa, Джафаров → Dschafarow).
 *
 * Noise model for the benchmark, written from those published tables; it is not the normaliser's table reversed.
 */

const VOWELS = 'аеёиоуыэюя';

const FRENCH: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'io',
  ж: 'j',
  з: 'z',
  и: 'i',
  й: 'ï',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'ou',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'tch',
  ш: 'ch',
  щ: 'chtch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'iou',
  я: 'ia',
};

const GERMAN: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'w',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'jo',
  ж: 'sh',
  з: 's',
  и: 'i',
  й: 'j',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'ch',
  ц: 'z',
  ч: 'tsch',
  ш: 'sch',
  щ: 'schtsch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'ju',
  я: 'ja',
};

function capitaliseParts(text: string): string {
  return text.replace(/(^|[ -])(\p{L})/gu, (_, sep: string, c: string) => sep + c.toUpperCase());
}

/** Russian Cyrillic in French letter values; `diaeresis` false writes ï as i, as most typists do. */
export function russianToFrench(text: string, diaeresis: boolean): string {
  const s = text.toLowerCase();
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const prev = s[i - 1] ?? ' ';
    const next = s[i + 1] ?? ' ';
    if (ch === 'д' && next === 'ж') {
      out += 'dj';
      i++;
    } else if (ch === 'г' && 'еиэй'.includes(next)) out += 'gu';
    else if (ch === 'с' && VOWELS.includes(prev) && VOWELS.includes(next)) out += 'ss';
    else if (ch === 'е' && !/\p{L}/u.test(prev)) out += 'ie';
    else if (ch === 'й') out += VOWELS.includes(prev) && diaeresis ? 'ï' : 'i';
    else out += FRENCH[ch] ?? ch;
  }
  return capitaliseParts(out);
}

/** Russian Cyrillic in German letter values; й as j, or as i by writers who follow the older Duden habit. */
export function russianToGerman(text: string, random: Random): string {
  const s = text.toLowerCase();
  const shortI = random() < 0.25;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const prev = s[i - 1] ?? ' ';
    const next = s[i + 1] ?? ' ';
    if (ch === 'д' && next === 'ж') {
      out += 'dsch';
      i++;
    } else if (ch === 'с' && VOWELS.includes(prev) && VOWELS.includes(next)) out += 'ss';
    else if (ch === 'е' && (!/\p{L}/u.test(prev) || VOWELS.includes(prev) || 'ьъ'.includes(prev))) out += 'je';
    else if (ch === 'й') out += shortI ? 'i' : 'j';
    else out += GERMAN[ch] ?? ch;
  }
  return capitaliseParts(out);
}
