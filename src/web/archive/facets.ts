import type { MessageKey } from '../i18n/en.ts';

/** A language or country code named in the reader's language by the browser (az → "azərbaycan"); the code if not. */
export function displayName(tag: string, type: 'language' | 'region', code: string): string {
  try {
    const name = new Intl.DisplayNames([tag], { type, fallback: 'none' }).of(type === 'region' ? code.toUpperCase() : code);
    return name ? name.charAt(0).toLocaleUpperCase(tag) + name.slice(1) : code;
  } catch {
    return code; // a malformed code from old data
  }
}

/** Facet values in words, in the reader's language; years stay as they are. */
export function facetLabel(t: (key: MessageKey) => string, tag: string, name: string, value: string): string {
  if (name === 'kind') return t(`archive.kind.${value}` as MessageKey);
  if (name === 'confidentiality') return t(`archive.conf.${value}` as MessageKey);
  if (name === 'extractionState') return t(`archive.extraction.${value}` as MessageKey);
  if (name === 'language') return displayName(tag, 'language', value);
  if (name === 'country') return displayName(tag, 'region', value);
  return value;
}
