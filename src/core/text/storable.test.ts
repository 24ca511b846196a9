import { describe, expect, it } from 'vitest';
import { forbiddenCharacter } from '../registry/text.ts';
import { findUnstorable, findUnstorableCell, unstorableText } from './storable.ts';

describe('unstorable text', () => {
  it('finds NUL and both halves of a lone surrogate, with line and column', () => {
    expect(unstorableText('ab\u0000')).toEqual({ problem: 'nul', line: 1, column: 3 });
    expect(unstorableText('a\nbc\n\ud800')).toEqual({ problem: 'lone_surrogate', line: 3, column: 1 });
    expect(unstorableText('\udc00x')).toMatchObject({ problem: 'lone_surrogate', column: 1 });
    expect(unstorableText('x\ud83d')).toMatchObject({ problem: 'lone_surrogate', column: 2 });
    expect(unstorableText('\udfff\ud800')).toMatchObject({ column: 1 });
  });

  it('passes every well-formed text: pairs (emoji), bidi controls, other controls, empty', () => {
    for (const text of ['', '😀', 'Ադամ Əli Иван', '\u202e\u2066x', '\u0001\u001f\u007f', 'a'.repeat(1 << 20)]) {
      expect(unstorableText(text), JSON.stringify(text.slice(0, 10))).toBeNull();
    }
  });

  it('walks nested bodies without recursion and names the path, keys included', () => {
    expect(findUnstorable({ a: [1, { b: 'x\u0000' }] })).toMatchObject({ path: 'a.1.b', problem: 'nul', inKey: false });
    expect(findUnstorable({ ['k\ud800']: 1 })).toMatchObject({ path: 'k\ufffd', inKey: true });
    expect(findUnstorable('\u0000')).toMatchObject({ path: '(root)' });
    expect(findUnstorable({ n: 1, b: true, z: null, s: 'ok' })).toBeNull();
    let deep: unknown = '\u0000';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(findUnstorable(deep)).toMatchObject({ problem: 'nul' });
  });

  it('reports an imported cell by file line and column, a cell spanning lines at its own line', () => {
    const records = [
      { line: 2, cells: { name: 'ok', place: 'fine' } },
      { line: 3, cells: { name: 'two\nlines\u0000', place: 'x' } },
    ];
    expect(findUnstorableCell(records)).toMatchObject({ line: 4, column: 'name', problem: 'nul' });
    expect(findUnstorableCell([{ line: 7, cells: ['a', '\udc00'] }], ['first', 'second'])).toMatchObject({ line: 7, column: 'second' });
    expect(findUnstorableCell([{ line: 7, cells: ['a', 'b'] }])).toBeNull();
  });

  it('makes the registry refuse a lone surrogate as it refuses control characters', () => {
    expect(forbiddenCharacter('a\ud800b')).toBe('U+D800 (a lone surrogate)');
    expect(forbiddenCharacter('a\u0000')).toBe('U+0000');
    expect(forbiddenCharacter('😀')).toBeNull();
  });
});
