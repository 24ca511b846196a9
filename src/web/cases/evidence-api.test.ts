import { afterEach, describe, expect, it } from 'vitest';
import { setFetchForTesting } from '../api/client.ts';
import { evidenceApi, LINK_PAGE } from './evidence-api.ts';

/** A fake server holding `count()` links, answering pages by limit and offset; records the offsets asked. */
function server(count: () => number, at: (offset: number) => void = () => {}, idAt: (position: number) => string = (p) => `link-${p}`): number[] {
  const offsets: number[] = [];
  setFetchForTesting(async (url) => {
    const query = new URL(url, 'http://reckon.test').searchParams;
    const offset = Number(query.get('offset'));
    const limit = Number(query.get('limit'));
    offsets.push(offset);
    at(offset);
    const links = Array.from({ length: Math.max(0, Math.min(limit, count() - offset)) }, (_, i) => ({ id: idAt(offset + i) }));
    return new Response(JSON.stringify({ links }), { status: 200, headers: { 'content-type': 'application/json' } });
  });
  return offsets;
}

afterEach(() => setFetchForTesting((input, init) => fetch(input, init)));

describe('every link of an allegation (the print view)', () => {
  it('reads page after page without a count, as before', async () => {
    const offsets = server(() => 2_500);
    const links = await evidenceApi.allLinks('AL1');
    expect(links.map((l) => l.id)).toEqual(Array.from({ length: 2_500 }, (_, i) => `link-${i}`));
    expect(offsets).toEqual([0, 1000, 2000]);
  });

  it('with the count, asks for the pages after the first together, in order, and stops at a short page', async () => {
    const offsets = server(() => 2 * LINK_PAGE + 500);
    const links = await evidenceApi.allLinks('AL1', Promise.resolve(2 * LINK_PAGE + 500));
    expect(links).toHaveLength(2 * LINK_PAGE + 500);
    expect(links.map((l) => l.id)).toEqual(Array.from({ length: 2 * LINK_PAGE + 500 }, (_, i) => `link-${i}`));
    expect(offsets.slice(0, 1)).toEqual([0]);
    expect(offsets.slice(1).sort((a, b) => a - b)).toEqual([1000, 2000]);
  });

  it('reads on when links were added after the count (a full last page), and asks once for an empty allegation', async () => {
    let offsets = server(() => 3_200);
    expect(await evidenceApi.allLinks('AL1', Promise.resolve(1_000))).toHaveLength(3_200);
    expect(offsets).toEqual([0, 1000, 2000, 3000]);
    offsets = server(() => 0);
    expect(await evidenceApi.allLinks('AL1', Promise.resolve(0))).toEqual([]);
    expect(offsets).toEqual([0]);
  });

  it('keeps a link once when a change between pages shifted it onto the next page too', async () => {
    // a link is inserted at the top before the second page is read: every link moves down one place, so the second
    // page starts with the first page's last link
    let shifted = false;
    server(
      () => 1_500 + (shifted ? 1 : 0),
      (offset) => (shifted ||= offset > 0),
      (p) => (shifted ? (p === 0 ? 'new' : `link-${p - 1}`) : `link-${p}`),
    );
    const links = await evidenceApi.allLinks('AL1', Promise.resolve(1_500));
    expect(links.map((l) => l.id)).toEqual(Array.from({ length: 1_500 }, (_, i) => `link-${i}`));
  });

  it('fails when the count does', async () => {
    server(() => 10);
    await expect(evidenceApi.allLinks('AL1', Promise.reject(new Error('matrix refused')))).rejects.toThrow('matrix refused');
  });
});
