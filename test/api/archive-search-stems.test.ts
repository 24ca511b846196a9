import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { loginAs, type Headers } from './archive-helpers.ts';

/**
 * Snippets mark what the search matched, including the words the stemmer matched and the typed word's first letters
 * did not ("studies" finds "studying", "дома" finds "домов"), in one statement for the page; the canary test in
 * archive-search-leaks.test.ts holds them to the text each reader may read.
 */
describe('archive search: snippets for the stemmer’s matches', () => {
  let test: TestApp;
  let editor: Headers;

  beforeAll(async () => {
    test = await createTestApp();
    editor = (await loginAs(test, ['editor'])).editor;
    const items = [
      { title: 'Notes from the commission', description: 'Two researchers were studying the burial lists before the hearing.', languages: ['en'] },
      { title: 'Свидетельства', description: 'Жители сожжённых домов рассказали о событиях той ночи.', languages: ['ru'] },
      { title: 'Died in the hospital', description: 'Nothing about the word in this text.', languages: ['en'] },
    ];
    for (const item of items) {
      const res = await test.app.inject({
        method: 'POST',
        url: '/api/archive/items',
        headers: editor,
        payload: { kind: 'document', confidentiality: 'public', ...item },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
  });
  afterAll(async () => test?.close());

  const marks = async (q: string) => {
    const res = await test.app.inject({ method: 'GET', url: `/api/archive/items?q=${encodeURIComponent(q)}`, headers: editor });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as Array<{ title: string; snippet: Array<{ text: string; match: boolean }> | null }>;
    return Object.fromEntries(items.map((i) => [i.title, (i.snippet ?? []).filter((p) => p.match).map((p) => p.text)]));
  };

  it('marks an English and a Russian word the stemmer matched', async () => {
    expect(await marks('studies')).toEqual({ 'Notes from the commission': ['studying'] });
    expect(await marks('дома')).toEqual({ Свидетельства: ['домов'] });
  });

  it('marks nothing for a title-only match, and nothing for a word the query leaves out', async () => {
    expect(await marks('dies')).toEqual({ 'Died in the hospital': [] });
    expect(await marks('burial -studies')).toEqual({ 'Notes from the commission': ['burial'] });
  });
});
