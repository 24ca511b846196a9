import type { Page } from 'playwright-core';

/**
 * What on a page looks like a code a person should never have to read (issue 18, "words, not codes"): event names
 * (item.file_added), identifiers (UUIDs), camelCase and snake_case keys, and, in a language not written in Latin
 * letters, Latin kebab-case codes (primary-seen). Only visible text counts, outside folded <details> (the technical
 * disclosures), <code> and what is marked translate="no" (a username); file names (comments.csv) are not codes.
 */
export async function rawCodesOn(page: Page, options: { latinCodes?: boolean } = {}): Promise<string[]> {
  const text = await page.evaluate(() => {
    // translate="no" marks what is no one's words to translate: names and usernames.
    const hidden = [...document.querySelectorAll<HTMLElement>('details:not([open]) > :not(summary), code, pre, input, textarea, [translate="no"]')];
    const before = hidden.map((element) => element.style.display);
    hidden.forEach((element) => (element.style.display = 'none'));
    const visible = document.body.innerText;
    hidden.forEach((element, i) => (element.style.display = before[i]));
    return visible;
  });
  return findRawCodes(text, options);
}

export function findRawCodes(text: string, { latinCodes = false }: { latinCodes?: boolean } = {}): string[] {
  const words = text
    .replace(/[\w.-]+\.(?:csv|json|jpe?g|png|pdf|zip|txt|docx|webp|tsv)\b/gi, ' ')
    .replace(/\bhttps?:\/\/\S+|\b[\w-]+(?:\.[\w-]+)+\.(?:org|com|net|ph|cz|center|am|az|ru|uk|io)\b/gi, ' ');
  const patterns = [
    /\b[a-z]{2,}(?:\.[a-z_]{2,})+\b/g,
    /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi,
    /\b[a-z]+[A-Z][A-Za-z]*\b/g,
    /\b[a-z]+_[a-z_]+\b/g,
    ...(latinCodes ? [/\b[a-z]+-[a-z]+(?:-[a-z]+)*\b/g] : []),
  ];
  return [...new Set(patterns.flatMap((pattern) => [...words.matchAll(pattern)].map((m) => m[0])))];
}

/** A message key as the catalogue names it ("archive.bulk.publish"), which a page shows only when untranslated. */
const KEY =
  /\b(?:archive|registry|cases|casualties|dialogue|estimates|missing|submissions|admin|nav|common|error|login|publication|ledger|public|audit|receipts)\.[a-zA-Z_]+(?:\.[a-zA-Z_]+)*\b/g;

/** Message keys a page's visible text shows, which it does only when their words are missing. */
export async function untranslatedKeysOn(page: Page): Promise<string[]> {
  return [...new Set((await page.evaluate(() => document.body.innerText)).match(KEY) ?? [])];
}
