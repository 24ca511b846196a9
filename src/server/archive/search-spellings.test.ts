import { describe, expect, it } from 'vitest';
import { comparableWord, formQuery, MAX_SPELLINGS, spellingLexemes, spellingsOf } from './search-spellings.ts';

describe('spellings of an item text for the archive search', () => {
  it('gives one comparable form to a name in Azerbaijani Latin, Russian Cyrillic and English romanisation', () => {
    expect(comparableWord('Əliyev')).toBe(comparableWord('Алиев'));
    expect(comparableWord('Aliyev')).toBe(comparableWord('Алиев'));
    expect(comparableWord('Ходжалы')).toBe(comparableWord('Khojaly'));
  });

  it('romanises each word alone, so one Azerbaijani letter does not change how the other words are read', () => {
    const alone = [...spellingsOf('Jackson').keys()];
    const beside = [...spellingsOf('Jackson Ağdam').keys()];
    expect(beside[0]).toBe(alone[0]);
  });

  it('writes an r= lexeme only for forms some word was written differently from', () => {
    const spellings = spellingsOf('report Əliyev Aliyev aliev');
    expect(spellings.get('report')?.differs).toBe(false);
    expect(spellings.get('aliev')?.differs).toBe(true);
    expect(spellingLexemes(spellings.values())).toEqual(['r=aliev']);
  });

  it('skips words too short or without letters, and survives hostile text', () => {
    expect([...spellingsOf('a bc 12 345 -- \u0000\u202e<script>alert(1)</script>').keys()]).toEqual(['script', 'alert']);
    expect([...spellingsOf('Ali\ud800yev').keys()].every((f) => /^[a-z]+$/.test(f))).toBe(true);
    expect(comparableWord('x'.repeat(101))).toBeNull();
    expect(comparableWord('')).toBeNull();
  });

  it('bounds the number of distinct forms taken from a huge text', () => {
    const words = Array.from({ length: 2_000 }, (_, n) => `w${n.toString(26).replace(/\d/g, (d) => 'abcdefghij'[Number(d)])}xyz`);
    const all = spellingsOf(words.join(' '));
    expect(all.size).toBeGreaterThan(100);
    expect(spellingsOf(words.join(' '), 100).size).toBe(100);
    expect(MAX_SPELLINGS).toBeGreaterThan(100);
  });

  it('builds tsquery text only from comparable forms', () => {
    expect(formQuery('aliev')).toBe("('r=aliev' | 'aliev')");
    expect(() => formQuery("a'); drop")).toThrow();
  });
});
