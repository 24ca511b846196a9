import { describe, expect, it } from 'vitest';
import { acceptedLanguages, matchLocale, preferredLocale, routeOf } from './web-pages.ts';

describe('the language a browser chooses, read the same from navigator.languages and from Accept-Language', () => {
  it('takes the first of the preferences the web app has', () => {
    expect(preferredLocale(['fr-FR', 'de', 'hy-AM', 'ru'])).toBe('hy');
    expect(preferredLocale(['az-Latn-AZ'])).toBe('az');
    expect(preferredLocale(['fr', '', null, undefined])).toBeNull();
    expect(preferredLocale([])).toBeNull();
  });

  it('orders a header by weight, then by place, and drops a weight of 0', () => {
    expect(acceptedLanguages('de-DE,ru;q=0.5,az;q=0.7')).toEqual(['de-DE', 'az', 'ru']);
    expect(acceptedLanguages('ru;q=0, az;q=0.2')).toEqual(['az']);
    expect(acceptedLanguages(undefined)).toEqual([]);
    expect(acceptedLanguages(';;;, ,')).toEqual([]);
  });

  it('gives the header and the same list in a browser the same language', () => {
    for (const [header, languages] of [
      ['hy-AM,hy;q=0.9,en;q=0.8', ['hy-AM', 'hy', 'en']],
      ['fr-FR,fr;q=0.9,ru;q=0.8,en;q=0.7', ['fr-FR', 'fr', 'ru', 'en']],
      ['en-GB', ['en-GB']],
    ] as const) {
      expect(preferredLocale(acceptedLanguages(header))).toBe(preferredLocale(languages));
    }
  });

  it('reads nothing from a hostile tag', () => {
    for (const tag of ['<script>', '\u0000hy', 'x'.repeat(10_000), '__proto__', 'constructor']) expect(matchLocale(tag)).toBeNull();
  });
});

describe('the module whose address a path is under', () => {
  const routes = [{ path: '/dialogue' }, { path: '/archive' }];
  it('matches the address and what is under it, not a longer name', () => {
    expect(routeOf(routes, '/dialogue')?.path).toBe('/dialogue');
    expect(routeOf(routes, '/dialogue/join/abc')?.path).toBe('/dialogue');
    expect(routeOf(routes, '/dialogues')).toBeUndefined();
    expect(routeOf(routes, '/')).toBeUndefined();
  });
});
