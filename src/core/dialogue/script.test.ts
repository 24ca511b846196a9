import { describe, expect, it } from 'vitest';
import { expectedScript, fitsScript } from './script.ts';

describe('fitsScript', () => {
  it('accepts text in the script of its language', () => {
    expect(fitsScript('Hər iki kənd bəndi bərabər bölüşməlidir.', 'az')).toBe(true);
    expect(fitsScript('Երկու գյուղերը պետք է հավասարապես կիսեն ամբարտակը։', 'hy')).toBe(true);
    expect(fitsScript('Оба села должны делить плотину поровну.', 'ru')).toBe(true);
    expect(fitsScript('Both villages should share the dam (1992).', 'en')).toBe(true);
  });

  it('refuses text in another script', () => {
    expect(fitsScript('Оба села должны делить плотину поровну.', 'hy')).toBe(false);
    expect(fitsScript('Both villages should share the dam.', 'ru')).toBe(false);
    expect(fitsScript('Երկու գյուղերը', 'az')).toBe(false);
  });

  it('follows an explicit script subtag, tolerates a few foreign words, and passes unknown languages and letterless text', () => {
    expect(expectedScript('az-Cyrl')).toBe('Cyrl');
    expect(fitsScript('Һәр ики кәнд', 'az-Cyrl')).toBe(true);
    expect(fitsScript('Ходжалы (Khojaly) — город', 'ru')).toBe(true);
    expect(fitsScript('anything at all', 'xx')).toBe(true);
    expect(fitsScript('1992 — 2026', 'hy')).toBe(true);
  });
});
