import type { MessageKey } from '../i18n/en.ts';
import type { Params } from '../i18n/translate.ts';
import type { Figure, Source } from './api.ts';

type T = (key: MessageKey, params?: Params) => string;

const QUALIFIER_KEYS: Record<Exclude<NonNullable<Figure['qualifier']>, 'exact'>, MessageKey> = {
  about: 'registry.figure.about',
  'at-least': 'registry.figure.atLeast',
  'more-than': 'registry.figure.moreThan',
  'at-most': 'registry.figure.atMost',
  'up-to': 'registry.figure.upTo',
};

/** A figure in the reader's language: "at least 161 civilians known to have been murdered (including …)". */
export function figureText(t: T, f: Figure, locale: string): string {
  const n = (x: number) => x.toLocaleString(locale);
  const number =
    f.value !== undefined
      ? !f.qualifier || f.qualifier === 'exact'
        ? n(f.value)
        : t(QUALIFIER_KEYS[f.qualifier], { n: n(f.value) })
      : f.min !== undefined && f.max !== undefined
        ? t('registry.figure.range', { min: n(f.min), max: n(f.max) })
        : f.min !== undefined
          ? t('registry.figure.atLeast', { n: n(f.min) })
          : t('registry.figure.upTo', { n: n(f.max ?? 0) });
  const head = [number, f.unit, f.label].filter(Boolean).join(' ');
  if (!f.breakdown) return head;
  const parts = f.breakdown.parts.map((p) => figureText(t, p, locale)).join('; ');
  return `${head} (${t(f.breakdown.mode === 'partial' ? 'registry.figure.including' : 'registry.figure.of', { parts })})`;
}

export function sourceText(s: Pick<Source, 'publisher' | 'title' | 'date'>): string {
  return `${s.publisher}, “${s.title}”${s.date ? ` (${s.date})` : ''}`;
}

/** "According to <actor>, <sources>": the only way the interface introduces a claim. */
export function attributionText(t: T, actor: string, note: string | null, sources: readonly Source[], short = false): string {
  // A publisher that is the actor itself is not named twice; the short form (chart labels) names publishers only.
  const name = (s: Source) => (short ? s.publisher : s.publisher === actor ? `“${s.title}”${s.date ? ` (${s.date})` : ''}` : sourceText(s));
  const source = sources.length ? [...new Set(sources.map(name))].join('; ') : t('registry.noSource');
  return note ? t('registry.accordingNote', { actor, note, source }) : t('registry.according', { actor, source });
}

/** Where a figure sits on a number line: a point, a closed range, or open-ended upwards. */
export function figureInterval(f: Figure): { low: number; high: number | null; point: boolean } {
  if (f.value !== undefined) {
    switch (f.qualifier ?? 'exact') {
      case 'at-least':
      case 'more-than':
        return { low: f.value, high: null, point: false };
      case 'at-most':
      case 'up-to':
        return { low: 0, high: f.value, point: false };
      default:
        return { low: f.value, high: f.value, point: true };
    }
  }
  return { low: f.min ?? 0, high: f.max ?? null, point: false };
}
