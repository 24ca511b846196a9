import { armenianToLatin } from '../../names/transliterate.ts';

/**
 * How the compilers of different lists write a name they heard or copied: Russian clerks writing Azerbaijani names
 * in Cyrillic (Həsən → Гасан, Əliyev → Алиев), Armenian names in Russian (Հովհաննես → Ованес), English-language
 * reports (Mammadov, Petrosian), and each community writing the other's names in its own script. These are the
 * noise model of the generator; they are deliberately not the normaliser's tables run backwards, and they choose
 * between variants at random the way real lists disagree.
 */

export type Random = () => number;

/** Azerbaijani lower case (İ → i, I → ı) without the cost of toLocaleLowerCase. */
function azLower(text: string): string {
  return text.replace(/İ/g, 'i').replace(/I/g, 'ı').toLowerCase();
}

const pick = <T>(random: Random, options: readonly T[]): T => options[Math.floor(random() * options.length)];

function capitalise(word: string): string {
  return word.length === 0 ? word : word[0].toUpperCase() + word.slice(1);
}

export function capitaliseWords(text: string): string {
  return text
    .split(' ')
    .map((w) => w.split('-').map(capitalise).join('-'))
    .join(' ');
}

const AZ_TO_RUSSIAN: Record<string, string[]> = {
  a: ['а'], b: ['б'], c: ['дж'], ç: ['ч'], d: ['д'], e: ['е'], ə: ['а', 'а', 'е'], f: ['ф'], g: ['г'], ğ: ['г'],
  h: ['г', 'х'], x: ['х'], ı: ['ы'], i: ['и'], j: ['ж'], k: ['к'], q: ['г', 'к'], l: ['л'], m: ['м'], n: ['н'],
  o: ['о'], ö: ['ё', 'о'], p: ['п'], r: ['р'], s: ['с'], ş: ['ш'], t: ['т'], u: ['у'], ü: ['ю', 'у'], v: ['в'],
  y: ['й'], z: ['з'], ' ': [' '], '-': ['-'],
};

/** Azerbaijani Latin as a Russian clerk writes it in Cyrillic. */
export function azerbaijaniToRussian(text: string, random: Random): string {
  const s = azLower(text);
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const next = s[i + 1];
    if (ch === 'y' && next && 'aeəuo'.includes(next)) {
      out += next === 'a' ? 'я' : next === 'u' ? 'ю' : next === 'o' ? 'ё' : 'е';
      i++;
      continue;
    }
    out += pick(random, AZ_TO_RUSSIAN[ch] ?? [ch]);
  }
  return capitaliseWords(out);
}

const AZ_TO_ARMENIAN: Record<string, string> = {
  a: 'ա', b: 'բ', c: 'ջ', ç: 'ճ', d: 'դ', e: 'ե', ə: 'ա', f: 'ֆ', g: 'գ', ğ: 'ղ', h: 'հ', x: 'խ', ı: 'ը', i: 'ի',
  j: 'ժ', k: 'կ', q: 'ղ', l: 'լ', m: 'մ', n: 'ն', o: 'ո', ö: 'ո', p: 'պ', r: 'ր', s: 'ս', ş: 'շ', t: 'թ', u: 'ու',
  ü: 'ու', v: 'վ', y: 'յ', z: 'զ', ' ': ' ', '-': '-',
};

export function azerbaijaniToArmenian(text: string): string {
  const s = azLower(text);
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const wordStart = i === 0 || s[i - 1] === ' ';
    if (wordStart && ch === 'o') out += 'օ';
    else if (wordStart && ch === 'e') out += 'է';
    else out += AZ_TO_ARMENIAN[ch] ?? ch;
  }
  return capitaliseWords(out);
}

const AZ_TO_ENGLISH: Record<string, string> = {
  ə: 'a', ş: 'sh', ç: 'ch', x: 'kh', c: 'j', ğ: 'gh', q: 'g', ı: 'i', ö: 'o', ü: 'u', j: 'zh',
};

/** Azerbaijani Latin in an English-language report: Mammadov, sometimes the Russian-derived Aliev. */
export function azerbaijaniToEnglish(text: string, random: Random): string {
  let out = '';
  for (const ch of azLower(text)) out += AZ_TO_ENGLISH[ch] ?? ch;
  if (random() < 0.4) out = out.replace(/iyev/g, 'iev').replace(/iyeva/g, 'ieva');
  return capitaliseWords(out);
}

const ARM_TO_RUSSIAN: Record<string, string> = {
  ա: 'а', բ: 'б', գ: 'г', դ: 'д', ե: 'е', զ: 'з', է: 'э', ը: 'ы', թ: 'т', ժ: 'ж', ի: 'и', լ: 'л', խ: 'х', ծ: 'ц',
  կ: 'к', հ: 'г', ձ: 'дз', ղ: 'г', ճ: 'ч', մ: 'м', յ: 'й', ն: 'н', շ: 'ш', ո: 'о', չ: 'ч', պ: 'п', ջ: 'дж', ռ: 'р',
  ս: 'с', վ: 'в', տ: 'т', ր: 'р', ց: 'ц', փ: 'п', ք: 'к', օ: 'о', ֆ: 'ф', և: 'ев', ' ': ' ', '-': '-',
};

/** Armenian as written in Russian: յան → ян, ու → у, initial հ usually dropped (Հակոբ → Акоп). */
export function armenianToRussian(text: string, random: Random): string {
  const s = text.toLowerCase();
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const next = s[i + 1];
    const wordStart = i === 0 || s[i - 1] === ' ' || s[i - 1] === '-';
    if (ch === 'ո' && next === 'ւ') {
      out += 'у';
      i++;
    } else if (ch === 'յ' && next === 'ա') {
      out += 'я';
      i++;
    } else if (ch === 'հ' && (wordStart || random() < 0.5)) {
      out += random() < 0.7 ? '' : 'г';
    } else if (ch === 'ո' && wordStart) out += 'во';
    else out += ARM_TO_RUSSIAN[ch] ?? ch;
  }
  return capitaliseWords(out);
}

/** Armenian in an English-language report: BGN-like, -ian or -yan, sometimes a doubled s (Petrossian). */
export function armenianToEnglish(text: string, random: Random): string {
  let out = armenianToLatin(text);
  if (random() < 0.5) out = out.replace(/yan\b/g, 'ian');
  if (random() < 0.15) out = out.replace(/s(ian|yan)\b/g, 'ss$1');
  return capitaliseWords(out);
}

/** Armenian names written in Azerbaijani Latin. */
export function armenianToAzerbaijani(text: string): string {
  const out = armenianToLatin(text)
    .replace(/zh/g, '§')
    .replace(/j/g, 'c')
    .replace(/§/g, 'j')
    .replace(/kh/g, 'x')
    .replace(/sh/g, 'ş')
    .replace(/ch/g, 'ç')
    .replace(/gh/g, 'ğ');
  return capitaliseWords(out);
}

/** One letter deleted, doubled, swapped with its neighbour or replaced by another letter of the same word. */
export function typo(text: string, random: Random): string {
  const chars = [...text];
  const letters = chars.map((c, i) => (/\p{L}/u.test(c) ? i : -1)).filter((i) => i > 0);
  if (letters.length < 2) return text;
  const at = pick(random, letters);
  const kind = Math.floor(random() * 4);
  if (kind === 0) chars.splice(at, 1);
  else if (kind === 1) chars.splice(at, 0, chars[at]);
  else if (kind === 2 && at + 1 < chars.length && /\p{L}/u.test(chars[at + 1])) [chars[at], chars[at + 1]] = [chars[at + 1], chars[at]];
  else chars[at] = chars[pick(random, letters)];
  return chars.join('');
}
