import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/server/accounts/actor.ts';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';

interface Result {
  total: number;
  items: Array<{ id: string }>;
}

/**
 * Issue 12, item 6, for Armenian names: the archive search reads item text through the names machinery, so one
 * family name written in Armenian script, in its Russian form, and in the Eastern (BGN/PCGN, ISO 9985) and Western
 * Armenian romanisations is found from any of them. Fictional people; the names are common family names.
 */
describe('archive search finds an Armenian family name in Armenian script, Russian and its romanisations', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  const system = systemActor('test');
  const text = (body: string) => Readable.from([Buffer.from(`${body}\n`)]);

  beforeAll(async () => {
    t = await createTestApp();
    const items = t.ctx.archive.items;
    const make = async (key: string, title: string, languages: string[], file: string) => {
      const item = await items.createItem(system, { kind: 'document', title, languages, confidentiality: 'public' });
      ids[key] = item.id;
      await items.addFile(system, item.id, text(file), { filename: `${key}.txt` });
      await items.setState(system, item.id, 'published');
    };
    // the family name only in the text of a file, each in one convention
    await make('hy', 'Վկայություն', ['hy'], 'Արամ Վարդանի Պետրոսյան, ծնված 1950 թվականին։');
    await make('ru', 'Показания', ['ru'], 'Записано со слов: Петросян Арам Варданович.');
    await make('en', 'Statement', ['en'], 'Aram Petrossian, interviewed in Marseille.');
    await make('western', 'Letter', ['en'], 'Signed: Aram Bedrosian.');
    await make('iso', 'Index card', ['en'], 'Xačʼatryan, Aram; Ġowkasyan, Lilitʼ.');
    await make('other', 'Another family', ['en'], 'Aram Petrov and Aram Pogosyan were not there.');
    await t.ctx.jobs.drain();
  });
  afterAll(async () => t?.close());

  const found = async (q: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/archive/items?limit=100&q=${encodeURIComponent(q)}` });
    expect(res.statusCode, res.body).toBe(200);
    return ((res.json() as Result).items.map((i) => i.id) ?? []).sort();
  };
  const keys = (...k: string[]) => k.map((key) => ids[key]).sort();

  it('finds Петросян, Petrossian, Petrosyan, Bedrosian and Պետրոսյան from any one of them', async () => {
    for (const q of ['Петросян', 'Petrossian', 'Պետրոսյան', 'Petrosyan', 'Bedrosian', 'PETROSIAN']) {
      const hits = await found(q);
      for (const key of ['hy', 'ru', 'en', 'western']) expect(hits, `${q} → ${key}`).toContain(ids[key]);
      expect(hits, q).not.toContain(ids.other);
    }
  });

  it('finds names written in ISO 9985 from their BGN/PCGN and Russian spellings', async () => {
    expect(await found('Khachatryan')).toEqual(keys('iso'));
    expect(await found('Хачатрян')).toEqual(keys('iso'));
    expect(await found('Ghukasyan')).toEqual(keys('iso'));
  });

  it('does not take another family for a spelling (Petrov, Pogosyan are not Petrosyan)', async () => {
    expect(await found('Petrov')).toEqual(keys('other'));
    expect(await found('Погосян')).toEqual(keys('other'));
  });
});
