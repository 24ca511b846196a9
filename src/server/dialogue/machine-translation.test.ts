import { describe, expect, it } from 'vitest';
import { checkAnswer } from './machine-translation.ts';

describe('checkAnswer (what a LibreTranslate-compatible service answered)', () => {
  const ok = (text: string) => JSON.stringify({ translatedText: text });
  it('keeps a translation in the target script', () => {
    expect(checkAnswer(ok(' Երկու գյուղերը '), 'Two villages', 'hy')).toEqual({ ok: true, text: 'Երկու գյուղերը' });
  });
  it('refuses garbage, text PostgreSQL cannot store, the original sent back, the wrong script and oversized text', () => {
    expect(checkAnswer('<html>', 'x', 'hy')).toEqual({ ok: false, reason: 'garbage' });
    expect(checkAnswer('{"error":"x"}', 'x', 'hy')).toEqual({ ok: false, reason: 'garbage' });
    expect(checkAnswer(ok('   '), 'x', 'hy')).toEqual({ ok: false, reason: 'garbage' });
    expect(checkAnswer(ok('Երկու\u0000'), 'x', 'hy')).toEqual({ ok: false, reason: 'garbage' });
    expect(checkAnswer(ok('Երկու \ud800'), 'x', 'hy')).toEqual({ ok: false, reason: 'garbage' });
    expect(checkAnswer(ok('Two villages'), 'Two villages', 'hy')).toEqual({ ok: false, reason: 'unchanged' });
    expect(checkAnswer(ok('Два села'), 'Two villages', 'hy')).toEqual({ ok: false, reason: 'wrong_script' });
    expect(checkAnswer(ok('Երկու '.repeat(300)), 'Two', 'hy')).toEqual({ ok: false, reason: 'too_long' });
  });
});
