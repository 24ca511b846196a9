import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/server/accounts/actor.ts';
import { refreshItemSearch } from '../../src/server/archive/search-index.ts';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { loginAs, type Headers } from './archive-helpers.ts';

type Who = 'public' | 'viewer' | 'editor' | 'admin';

interface Result {
  total: number;
  items: Array<{ id: string }>;
  facets: Record<string, Array<{ value: string; count: number }>>;
}

/**
 * Names and places across scripts in the archive search, through the names machinery of the casualty name search:
 * one synthetic person and three places, each written in Azerbaijani Latin, Russian Cyrillic and an English
 * romanisation, in titles, descriptions, places and the text of files. None is a real person's record.
 */
describe('archive search finds a name or place in any of its spellings, and only where the searcher may read it', () => {
  let t: TestApp;
  let as: Record<Who, Headers>;
  const ids: Record<string, string> = {};
  const system = systemActor('test');
  const text = (body: string) => Readable.from([Buffer.from(`${body}\n`)]);

  beforeAll(async () => {
    t = await createTestApp();
    const users = await loginAs(t, ['viewer', 'editor']);
    as = { public: {}, ...users, admin: (await t.login('admin', t.admin.password)).headers } as Record<Who, Headers>;
    const items = t.ctx.archive.items;
    const make = async (key: string, input: Parameters<typeof items.createItem>[1], file?: string) => {
      const item = await items.createItem(system, input);
      ids[key] = item.id;
      if (file) await items.addFile(system, item.id, text(file), { filename: `${key}.txt` });
      await items.setState(system, item.id, 'published');
    };
    await make('az', { kind: 'document', title: 'Rəşid Əliyevin ifadəsi', description: 'Səbinə Hüseynova danışır', languages: ['az'], confidentiality: 'public', place: { name: 'Ağdam', country: 'AZ' } }, 'Əsgəran yolunda görülənlər.');
    await make('ru', { kind: 'document', title: 'Показания: Алиев Рашид', description: 'Гусейнова Сабина, Аскеран', languages: ['ru'], confidentiality: 'public' }, 'Дорога на Агдам.');
    await make('en', { kind: 'document', title: 'Statement of Rashid Aliyev', languages: ['en'], confidentiality: 'public' }, 'Sabina Huseynova travelled from Agdam to Askeran.');
    await make('other', { kind: 'document', title: 'Tofiq Həsənov haqqında', languages: ['az'], confidentiality: 'public' }, 'Heç bir adı yoxdur.');
    // Spellings only hidden items hold: a confidential item, and a public item whose restricted file names a place.
    await make('hidden', { kind: 'document', title: 'Məmmədov Xəlil', languages: ['az'], confidentiality: 'confidential' }, 'Zəngilan rayonu.');
    const partly = await items.createItem(system, { kind: 'image', title: 'Photographs of a road', languages: ['en'], confidentiality: 'restricted' });
    ids.partly = partly.id;
    await items.addFile(system, partly.id, text('Taken near Füzuli.'), { filename: 'restricted.txt' });
    await items.updateItem(system, partly.id, { confidentiality: 'public' });
    await items.setState(system, partly.id, 'published');
    await t.ctx.jobs.drain();
  });
  afterAll(async () => t?.close());

  const search = async (who: Who, q: string): Promise<Result> => {
    const res = await t.app.inject({ method: 'GET', url: `/api/archive/items?limit=100&q=${encodeURIComponent(q)}`, headers: as[who] });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Result;
  };
  const found = async (who: Who, q: string) => (await search(who, q)).items.map((i) => i.id).sort();
  const keys = (...k: string[]) => k.map((key) => ids[key]).sort();

  it('finds Əliyev, Алиев and Aliyev from any of the three spellings, in titles', async () => {
    for (const q of ['Aliyev', 'Алиев', 'Əliyev', 'ALIEV']) expect(await found('public', q), q).toEqual(keys('az', 'ru', 'en'));
  });

  it('finds Ağdam, Агдам and Agdam in place names and file text, in both directions', async () => {
    for (const q of ['Agdam', 'Агдам', 'Ağdam', 'Aghdam']) expect(await found('public', q), q).toEqual(keys('az', 'ru', 'en'));
  });

  it('finds Əsgəran, Аскеран and Askeran in descriptions and file text, in both directions', async () => {
    for (const q of ['Askeran', 'Аскеран', 'Əsgəran']) expect(await found('public', q), q).toEqual(keys('az', 'ru', 'en'));
  });

  it('finds Hüseynova, Гусейнова and Huseynova, in both directions', async () => {
    for (const q of ['Гусейнова', 'Hüseynova', 'Huseynova']) expect(await found('public', q), q).toEqual(keys('az', 'ru', 'en'));
  });

  it('keeps every word of a query: a name and a place must both be there', async () => {
    expect(await found('public', 'Aliyev Askeran')).toEqual(keys('az', 'ru', 'en'));
    expect(await found('public', 'Алиев Füzuli')).toEqual([]);
  });

  it('does not take a different family with the same consonants for a spelling (Hasanov is not Hüseynova)', async () => {
    expect(await found('public', 'Hasanov')).toEqual(keys('other'));
    expect(await found('public', 'Гусейнова')).not.toContain(ids.other);
  });

  it('finds nothing for the public through a spelling variant of a word only hidden text holds, in results, total or facets', async () => {
    for (const q of ['Mammadov', 'Мамедов', 'Məmmədov', 'Zangilan', 'Зангелан', 'Fuzuli', 'Физули']) {
      const result = await search('public', q);
      expect(result.items, q).toEqual([]);
      expect(result.total, q).toBe(0);
      for (const [name, facet] of Object.entries(result.facets)) expect(facet, `${q} ${name}`).toEqual([]);
    }
    // The same spellings do find the items for those who may read their text.
    for (const q of ['Mammadov', 'Зангелан']) {
      expect(await found('editor', q), q).toEqual(keys('hidden'));
      expect(await found('viewer', q), q).toEqual([]);
    }
    for (const q of ['Fuzuli', 'Физули']) {
      expect(await found('viewer', q), q).toEqual(keys('partly'));
      expect(await found('admin', q), q).toEqual(keys('partly'));
    }
  });

  it('survives hostile and odd queries on the spelling path', async () => {
    // A lone surrogate cannot be percent-encoded from a JS string; its UTF-8-shaped bytes are sent as a client could.
    const raw = ['%00Aliyev', 'Ali%ED%A0%80yev', encodeURIComponent("'r=aliev'"), encodeURIComponent('<script>Aliyev</script>'), encodeURIComponent('ə'.repeat(400)), '12345%206789'];
    for (const q of raw) {
      const res = await t.app.inject({ method: 'GET', url: `/api/archive/items?q=${q}`, headers: as.public });
      if (res.statusCode === 400) expect(res.json().error.code, q).toBeTruthy();
      else expect(res.statusCode, `${q}: ${res.body}`).toBe(200);
    }
    expect(await found('public', '«Aliyev», Askeran!')).toEqual(keys('az', 'ru', 'en'));
    // The prefix of the spelling lexemes cannot be typed: "r=aliev" is the words r and aliev.
    expect(await found('public', 'r=zzzz')).toEqual([]);
  });

  it('indexes a long text of distinct words in many scripts without overflowing the search document', async () => {
    const letters = ['ə', 'ğ', 'ж', 'ш', 'ա', 'ք', 'x', 'q'];
    const word = (n: number) => `${letters[n % 8]}${n.toString(36)}${letters[(n >> 3) % 8]}ov`;
    const body = Array.from({ length: 40_000 }, (_, n) => word(n)).join(' ');
    const system = systemActor('test');
    const item = await t.ctx.archive.items.createItem(system, { kind: 'document', title: 'Long register', languages: ['az'], confidentiality: 'public' });
    await t.ctx.archive.items.addFile(system, item.id, text(`Zərdabi ${body}`), { filename: 'register.txt' });
    await t.ctx.archive.items.setState(system, item.id, 'published');
    await t.ctx.jobs.drain();
    const res = await search('admin', 'register');
    expect(res.items.map((i) => i.id)).toContain(item.id);
    expect(await found('admin', 'Зардаби')).toEqual([item.id]);
  });

  it('reindexing is idempotent: the same items are found after a second refresh', async () => {
    for (const id of Object.values(ids)) await refreshItemSearch(t.ctx.db, id);
    expect(await found('public', 'Askeran')).toEqual(keys('az', 'ru', 'en'));
  });
});
