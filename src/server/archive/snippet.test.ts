import { describe, expect, it } from 'vitest';
import { searchedWords, snippetOf, stemCandidates, type SnippetPart } from './snippet.ts';

const marked = (parts: SnippetPart[] | null) => (parts ?? []).filter((p) => p.match).map((p) => p.text);
const whole = (parts: SnippetPart[] | null) => (parts ?? []).map((p) => p.text).join('');

describe('snippetOf', () => {
  it('cuts a window around the first match in the first text that has one, marking every match inside it', () => {
    const text = `${'filler '.repeat(40)}the harbour was shelled; the harbours burned ${'tail '.repeat(40)}`;
    const parts = snippetOf('harbours', ['a description without it', text]);
    expect(marked(parts)).toEqual(['harbour', 'harbours']);
    expect(whole(parts).startsWith('… ')).toBe(true);
    expect(whole(parts).endsWith(' …')).toBe(true);
    expect(
      whole(parts)
        .split(/\s+/)
        .filter((w) => /\w/.test(w)).length,
    ).toBeLessThanOrEqual(30);
  });

  it('needs no ellipsis for a short text and folds line breaks into spaces', () => {
    expect(snippetOf('Ağdam', ['Shelling of\n\nAĞDAM, 1993'])).toEqual([
      { text: 'Shelling of ', match: false },
      { text: 'AĞDAM', match: true },
      { text: ', 1993', match: false },
    ]);
    expect(snippetOf('note', ['(Synthetic note.)\n'])).toEqual([
      { text: '(Synthetic ', match: false },
      { text: 'note', match: true },
      { text: '.)', match: false },
    ]);
  });

  it('reaches another script through the comparable form, and leaves out words the query excludes', () => {
    expect(marked(snippetOf('Aliyev', ['Показания Алиев о событиях']))).toEqual(['Алиев']);
    expect(snippetOf('-secret', ['a secret word'])).toBeNull();
    expect(marked(snippetOf('"mass grave" or burial -secret', ['the secret burial site']))).toEqual(['burial']);
  });

  it('marks the words the caller found the stemmer matched, and asks only about words not matched as written', () => {
    expect(snippetOf('studies', ['they were studying the lists'])).toBeNull();
    expect(marked(snippetOf('studies', ['they were studying the lists'], new Set(['studying'])))).toEqual(['studying']);
    const asked = new Set<string>();
    stemCandidates('studies -secret', ['Studies and studying, a secret', 'more studying'], asked);
    expect([...asked]).toEqual(['and', 'studying', 'secret', 'more']);
    expect(searchedWords('"mass grave" or burial -secret')).toBe('mass grave burial');
    const few = new Set<string>();
    stemCandidates('x1', ['aa bb cc dd ee'], few, 3);
    expect(few.size).toBe(3);
  });

  it('answers null when nothing matches, the query has no words, or there is no text', () => {
    expect(snippetOf('absent', ['present words only'])).toBeNull();
    expect(snippetOf('  " - ', ['anything'])).toBeNull();
    expect(snippetOf('word', [])).toBeNull();
    expect(snippetOf('word', ['', ''])).toBeNull();
  });

  it('survives hostile text: NUL bytes, lone surrogates, markup and a very long run', () => {
    const hostile = `<script>alert(1)</script>\u0000 target \ud800 ${'x'.repeat(300_000)} end`;
    const parts = snippetOf('target', [hostile]);
    expect(marked(parts)).toEqual(['target']);
    // Markup stays text (the page renders it escaped); the NUL is dropped, the lone surrogate replaced, the run cut.
    expect(whole(parts)).toBe(`<script>alert(1)</script> target \ufffd ${'x'.repeat(60)}… end`);
  });
});
