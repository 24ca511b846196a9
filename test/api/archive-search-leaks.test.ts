import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/server/accounts/actor.ts';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { loginAs, type Headers } from './archive-helpers.ts';

type Who = 'public' | 'viewer' | 'facilitator' | 'editor' | 'reviewer' | 'admin';
const everyone: Who[] = ['public', 'viewer', 'facilitator', 'editor', 'reviewer', 'admin'];
const staff: Who[] = ['viewer', 'facilitator', 'editor', 'reviewer', 'admin'];
const documenters: Who[] = ['editor', 'reviewer', 'admin'];

interface Result {
  total: number;
  totalExact: boolean;
  facetsExact: boolean;
  items: Array<{
    id: string;
    snippet: Array<{ text: string; match: boolean }> | null;
    kind: string;
    languages: string[];
    place: { country: string | null };
    confidentiality: string;
    extractionState: string;
    eventStart: string | null;
  }>;
  facets: Record<string, Array<{ value: string; count: number }>>;
}

/**
 * Tries to learn, through search, words the searcher may not read: words inside files of a confidentiality above
 * the searcher's, and transcripts outside consent. Each probe checks the results, the total and every facet, per
 * role; facets are recomputed from the items the searcher may see and must agree exactly.
 */
describe('archive search leaks nothing through results, totals or facets', () => {
  let t: TestApp;
  let as: Record<Who, Headers>;
  const ids: Record<string, string> = {};
  let term = '';
  const system = systemActor('test');

  const text = (word: string) => Readable.from([Buffer.from(`Statement recorded in the field. The word is ${word} and nothing else.\n`)]);

  beforeAll(async () => {
    t = await createTestApp();
    const users = await loginAs(t, ['viewer', 'facilitator', 'editor', 'reviewer']);
    as = { public: {}, ...users, admin: (await t.login('admin', t.admin.password)).headers } as Record<Who, Headers>;
    const items = t.ctx.archive.items;
    const vocabulary = await items.createVocabulary(system, 'events', 'Events');
    term = (await items.addTerm(system, vocabulary.id, 'shelling')).id;

    // Restricted published item carrying a confidential file (added while the item was confidential) and a restricted one.
    const restricted = await items.createItem(system, {
      kind: 'document',
      title: 'Village statements',
      languages: ['en'],
      confidentiality: 'confidential',
      place: { country: 'GE' },
      eventDate: '1992-03',
      tags: [term],
    });
    ids.restricted = restricted.id;
    await items.addFile(system, restricted.id, text('zulucipher'), { filename: 'secret.txt' });
    await items.updateItem(system, restricted.id, { confidentiality: 'restricted' });
    await items.addFile(system, restricted.id, text('yankeeword'), { filename: 'internal.txt' });
    await items.setState(system, restricted.id, 'published');

    // Public published item carrying files of all three confidentialities.
    const open = await items.createItem(system, {
      kind: 'image',
      title: 'Photographs of the square',
      languages: ['ru'],
      confidentiality: 'confidential',
      place: { country: 'AM' },
      eventDate: '1991',
      tags: [term],
    });
    ids.open = open.id;
    await items.addFile(system, open.id, text('victorcode'), { filename: 'a.txt' });
    await items.updateItem(system, open.id, { confidentiality: 'restricted' });
    await items.addFile(system, open.id, text('whiskeyterm'), { filename: 'b.txt' });
    await items.updateItem(system, open.id, { confidentiality: 'public' });
    await items.addFile(system, open.id, text('xrayopen'), { filename: 'c.txt' });
    await items.setState(system, open.id, 'published');

    // A testimony published with internal-use and publication consent, and a transcript.
    const testimony = await t.ctx.archive.testimonies.create(
      system,
      { title: 'Account of witness K-4', confidentiality: 'public', languages: ['az'], place: { country: 'AZ' } },
      {
        pseudonym: 'K-4',
        language: 'az',
        consents: [
          { scope: 'internal_use', givenOn: '2024-01-01' },
          { scope: 'publication', givenOn: '2024-01-01' },
        ],
      },
    );
    ids.testimony = testimony.itemId;
    await t.ctx.archive.testimonies.putText(system, testimony.itemId, 'az', 'transcript', 'Gecə evlər tangocinder yandırıldı');
    await items.setState(system, testimony.itemId, 'published');
    await t.ctx.jobs.drain();
  });
  afterAll(async () => t?.close());

  const search = async (who: Who, query: string): Promise<Result> => {
    const res = await t.app.inject({ method: 'GET', url: `/api/archive/items?limit=100&${query}`, headers: as[who] });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Result;
  };

  /** Facets recomputed from what the searcher may see; any extra count is a leak. */
  const expectHonestFacets = (result: Result, label: string) => {
    const count = (values: Array<string | null>) => {
      const out = new Map<string, number>();
      for (const v of values) if (v !== null) out.set(v, (out.get(v) ?? 0) + 1);
      return [...out.entries()].map(([value, n]) => ({ value, count: n })).sort((a, b) => a.value.localeCompare(b.value));
    };
    const sorted = (facet: Array<{ value: string; count: number }>) =>
      facet.map(({ value, count: n }) => ({ value, count: n })).sort((a, b) => a.value.localeCompare(b.value));
    const items = result.items;
    expect(result.total, label).toBe(items.length);
    expect(result.totalExact, label).toBe(true);
    expect(result.facetsExact, label).toBe(true);
    expect(sorted(result.facets.kind), `${label} kind`).toEqual(count(items.map((i) => i.kind)));
    expect(sorted(result.facets.language), `${label} language`).toEqual(count(items.flatMap((i) => i.languages)));
    expect(sorted(result.facets.country), `${label} country`).toEqual(count(items.map((i) => i.place.country)));
    expect(sorted(result.facets.confidentiality), `${label} confidentiality`).toEqual(count(items.map((i) => i.confidentiality)));
    expect(sorted(result.facets.extractionState), `${label} extractionState`).toEqual(count(items.map((i) => i.extractionState)));
    expect(sorted(result.facets.year), `${label} year`).toEqual(count(items.map((i) => i.eventStart?.slice(0, 4) ?? null)));
    const tagged = items.filter((i) => i.id === ids.restricted || i.id === ids.open).length;
    expect(
      result.facets.tag.map((f) => f.count),
      `${label} tag`,
    ).toEqual(tagged ? [tagged] : []);
  };

  const probe = async (word: string, expected: Partial<Record<Who, string[]>>) => {
    for (const who of everyone) {
      const want = (expected[who] ?? []).map((k) => ids[k]).sort();
      for (const query of [
        `q=${encodeURIComponent(word)}`,
        `q=${encodeURIComponent(word)}&confidentiality=public,restricted,confidential`,
        `q=${encodeURIComponent(word)}&tag=${term}`,
      ]) {
        const result = await search(who, query);
        const label = `${who} "${word}" ${query}`;
        const got = result.items.map((i) => i.id).sort();
        if (query.includes('tag=')) expect(got, label).toEqual(want.filter((id) => id !== ids.testimony));
        else expect(got, label).toEqual(want);
        expectHonestFacets(result, label);
      }
    }
  };

  it('indexes the text the extraction job stores (the job refreshes the search documents)', async () => {
    const admin = await search('admin', 'q=xrayopen');
    expect(admin.items.map((i) => i.id)).toEqual([ids.open]);
    expect(admin.items[0].extractionState).toBe('done');
  });

  it('finds the words of a confidential file only for the roles that may open it', async () => {
    const restrictedItem = Object.fromEntries(documenters.map((w) => [w, ['restricted']]));
    await probe('zulucipher', restrictedItem);
    await probe('victorcode', Object.fromEntries(documenters.map((w) => [w, ['open']])));
  });

  it('finds the words of a restricted file for staff only, and of a public file for everyone', async () => {
    await probe('yankeeword', Object.fromEntries(staff.map((w) => [w, ['restricted']])));
    await probe('whiskeyterm', Object.fromEntries(staff.map((w) => [w, ['open']])));
    await probe('xrayopen', Object.fromEntries(everyone.map((w) => [w, ['open']])));
  });

  it('searches transcripts only for staff and only under a consent that covers internal use', async () => {
    await probe('tangocinder', Object.fromEntries(staff.map((w) => [w, ['testimony']])));
    await probe('K-4', Object.fromEntries(everyone.map((w) => [w, ['testimony']])));
    await t.ctx.archive.testimonies.withdrawConsent(system, ids.testimony, 'internal_use', '2025-01-01');
    // Still published with publication consent: everyone finds its public text, only admins its transcript.
    await probe('K-4', Object.fromEntries(everyone.map((w) => [w, ['testimony']])));
    await probe('tangocinder', { admin: ['testimony'] });
    await t.ctx.archive.testimonies.giveConsent(system, ids.testimony, 'court_use', '2025-02-01');
    await probe('tangocinder', Object.fromEntries(documenters.map((w) => [w, ['testimony']])));
  });

  it('cuts snippets only from text the searcher may read: a canary word beside a title match never shows', async () => {
    // State here: the testimony has lost internal-use consent and gained court use (previous case).
    const words = {
      zulucipher: 'restricted',
      victorcode: 'open',
      yankeeword: 'restricted',
      whiskeyterm: 'open',
      xrayopen: 'open',
      tangocinder: 'testimony',
    } as const;
    const titleWord: Record<string, string> = { restricted: 'village', open: 'photographs', testimony: 'witness' };
    const readers: Record<keyof typeof words, Who[]> = {
      zulucipher: documenters,
      victorcode: documenters,
      yankeeword: staff,
      whiskeyterm: staff,
      xrayopen: everyone,
      tangocinder: documenters,
    };
    const snippetOf = (result: Result, id: string) => result.items.find((i) => i.id === id)?.snippet ?? null;
    for (const [word, item] of Object.entries(words) as Array<[keyof typeof words, string]>) {
      for (const who of everyone) {
        // The title makes the item match for everyone who sees it; the canary only decides what the snippet holds.
        const result = await search(who, `q=${encodeURIComponent(`${word} or ${titleWord[item]}`)}`);
        if (!result.items.some((i) => i.id === ids[item])) continue;
        const shown = (snippetOf(result, ids[item]) ?? []).map((p) => p.text).join('');
        if (readers[word].includes(who)) {
          expect(
            snippetOf(result, ids[item])
              ?.filter((p) => p.match)
              .map((p) => p.text),
            `${who} ${word}`,
          ).toContain(word);
        } else {
          expect(shown, `${who} must not read ${word}`).not.toContain(word);
        }
        for (const other of result.items) {
          const text = (other.snippet ?? []).map((p) => p.text).join(' ');
          for (const [canary] of Object.entries(readers).filter(([, who2]) => !who2.includes(who))) expect(text, `${who} ${canary}`).not.toContain(canary);
        }
      }
    }
  });

  it('keeps facets and totals honest for broad queries and filters, per role', async () => {
    for (const who of everyone) {
      for (const query of [
        '',
        'q=word',
        'q=statement',
        'kind=document,image',
        'country=GE',
        'confidentiality=restricted',
        `tag=${term}`,
        'dateFrom=1991&dateTo=1992',
      ]) {
        expectHonestFacets(await search(who, query), `${who} ${query}`);
      }
    }
    // Filtering on a value the searcher cannot see yields nothing rather than an empty-but-counted facet.
    expect((await search('public', 'q=zulucipher&confidentiality=restricted')).total).toBe(0);
    expect((await search('viewer', 'q=zulucipher&confidentiality=restricted')).total).toBe(0);
  });

  it('follows metadata edits, publication and confidentiality changes at once', async () => {
    const items = t.ctx.archive.items;
    await items.updateItem(system, ids.open, { title: 'Photographs of the market', tags: [] });
    expect((await search('public', 'q=market')).items.map((i) => i.id)).toEqual([ids.open]);
    expect((await search('public', 'q=square')).total).toBe(0);
    expect((await search('public', `tag=${term}`)).total).toBe(0);
    await items.setState(system, ids.open, 'draft');
    expect((await search('public', 'q=xrayopen')).total).toBe(0);
    expect((await search('viewer', 'q=xrayopen')).total).toBe(1);
    await items.updateItem(system, ids.open, { confidentiality: 'confidential' });
    expect((await search('viewer', 'q=market')).total).toBe(0);
    expect((await search('editor', 'q=victorcode')).total).toBe(1);
  });
});
