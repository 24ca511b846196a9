import { capitaliseWords, type Random } from './writers.ts';

/**
 * How English-language press and NGO reports spell Azerbaijani names. Reports of the early 1990s mostly took names
 * from Russian documents and romanised the Russian by BGN/PCGN-style rules (Гасанов → Gasanov, Гусейнова →
 * Guseynova or Guseinova, Ходжалы → Khodzhaly, Алиев → Aliev); later reports take them from Azerbaijani Latin with
 * English letter values (Həsənov → Hasanov, Hüseynova → Huseynova, Məmmədov → Mammadov, Xocalı → Khojaly).
 * Sources: the BGN/PCGN romanization of Russian (1947 system, as published by the UK PCGN) with the common press
 * simplifications (й → y or i, ё → yo, nothing for ь); for the Azerbaijani route, the English letter values that
 * English-language media give the Azerbaijani Latin alphabet of 1991 (ə → a, x → kh, ş → sh, c → j, q → g).
 */

const RUSSIAN_TO_LATIN: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'yo', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm',
  н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch',
  ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};

/**
 * Russian Cyrillic as an English report romanises it: й as y (Guseynova) or i (Guseinova), and -иев as -iyev by the
 * letter or the shorter -iev (Aliev) that most of the press used, each report keeping to its habit (`habit` in [0,1)).
 */
export function russianToPressEnglish(text: string, habit: number): string {
  const iForY = habit < 0.4;
  const s = text.toLowerCase();
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const prev = s[i - 1] ?? ' ';
    // BGN/PCGN writes е as ye at the start of a word and after a vowel; the press mostly keeps that
    if (ch === 'е' && /[ ьъаеёиоуыэюя-]/.test(prev)) out += 'ye';
    else if (ch === 'й') out += iForY ? 'i' : 'y';
    else out += RUSSIAN_TO_LATIN[ch] ?? ch;
  }
  return capitaliseWords(habit < 0.8 ? out.replace(/iye/g, 'ie') : out);
}

const AZ_TO_LATIN: Record<string, string> = {
  ə: 'a', ş: 'sh', ç: 'ch', x: 'kh', c: 'j', ğ: 'gh', q: 'g', ı: 'i', ö: 'o', ü: 'u', j: 'zh',
};

/** Azerbaijani Latin with English letter values (Məmmədov → Mammadov, Xocalı → Khojaly). */
export function azerbaijaniToPressEnglish(text: string, random: Random): string {
  let out = '';
  for (const ch of text.replace(/İ/g, 'i').replace(/I/g, 'ı').toLowerCase()) out += AZ_TO_LATIN[ch] ?? ch;
  // the -iyev / -iev split runs through the English press itself
  if (random() < 0.3) out = out.replace(/iyev/g, 'iev');
  return capitaliseWords(out);
}
