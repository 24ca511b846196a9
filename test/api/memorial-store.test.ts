import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { loginAs, type Headers } from './archive-helpers.ts';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const MAPPING = { source_record_id: 'id', name: 'name', sex: 'sex', birth_date: 'born', death_date: 'died', place: 'place' };

/**
 * The stored memorial follows every change it depends on: a page read before a change never serves the old state
 * after it (an exclusion, a withdrawn list, a corrected record, a withdrawn run).
 */
describe('stored memorial: rebuilt after every change it depends on', () => {
  let test: TestApp;
  let as: Record<'editor', Headers>;
  const ids: Record<string, string> = {};
  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) => test.app.inject({ method, url, headers: as.editor, payload: payload as object });
  const anonymous = async (url: string) => (await test.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } })).body;
  const publication = async (kind: string, id: string, action: 'public' | 'withdraw') => {
    const preview = await call('GET', `/api/publication/${kind}/${id}`);
    const res = await call('POST', `/api/publication/${kind}/${id}/${action}`, action === 'public' ? { digest: preview.json().disclosure.digest } : {});
    expect(res.statusCode, res.body).toBe(200);
  };

  beforeAll(async () => {
    test = await createTestApp();
    as = await loginAs(test, ['editor']);
    for (const [key, name, csv] of [
      ['a', 'List A', 'id,name,sex,born,died,place\n1,Nigar Hasanova,f,1950-01-01,1992-02-26,Xocalı\n2,Rauf Karimov,m,1960-05-05,1993-04-02,Kəlbəcər\n'],
      ['b', 'List B', 'id,name,sex,born,died,place\n1,Нигяр Гасанова,f,1950-01-01,1992-02-26,Ходжалы\n'],
    ]) {
      const created = await call('POST', '/api/casualties/sources', { name });
      ids[key] = created.json().source?.id ?? created.json().id;
      expect((await call('POST', `/api/casualties/sources/${ids[key]}/import`, { csvBase64: b64(csv), mapping: MAPPING })).statusCode).toBe(200);
    }
    const run = await call('POST', '/api/casualties/runs', { sourceIds: [ids.a, ids.b] });
    ids.run = run.json().run?.id ?? run.json().id;
    await test.ctx.jobs.drain();
  }, 240_000);
  afterAll(async () => test?.close());

  it('shows nobody until a run and a list are public, then follows exclusions and withdrawals', async () => {
    expect(await anonymous('/public/memorial?lang=en')).not.toContain('Rauf Karimov');
    await publication('casualty_source', ids.a, 'public');
    expect(await anonymous('/public/memorial?lang=en')).not.toContain('Rauf Karimov'); // the run is not public yet
    await publication('casualty_stats', ids.run, 'public');
    let page = await anonymous('/public/memorial?lang=en');
    expect(page).toContain('Rauf Karimov');
    expect(page).toContain('Nigar Hasanova');
    expect(page).not.toContain('Нигяр'); // list B is not public
    expect(await anonymous('/public/memorial?year=1993&lang=en')).not.toContain('Nigar Hasanova');
    expect(await anonymous('/public/memorial?place=K%C9%99lb%C9%99c%C9%99r&lang=en')).toContain('Rauf Karimov');

    await publication('casualty_source', ids.b, 'public');
    page = await anonymous(`/public/memorial?q=${encodeURIComponent('Nigar Hasanova')}&lang=en`);
    expect(page).toContain('Нигяр Гасанова');

    const excluded = await call('POST', '/api/publication/memorial/exclusions', { sourceId: ids.a, sourceRecordId: '2', reason: 'The family asked' });
    expect(excluded.statusCode, excluded.body).toBe(204);
    page = await anonymous('/public/memorial?lang=en');
    expect(page).not.toContain('Rauf Karimov');
    expect(page).not.toContain('Kəlbəcər'); // nor in the place index
    expect(await anonymous('/sitemap.xml')).not.toContain('Rauf');

    await publication('casualty_source', ids.b, 'withdraw');
    page = await anonymous(`/public/memorial?q=${encodeURIComponent('Нигяр')}&lang=en`);
    expect(page).not.toContain('Нигяр Гасанова');

    await publication('casualty_stats', ids.run, 'withdraw');
    expect(await anonymous('/public/memorial?lang=en')).not.toContain('Nigar Hasanova');
  });

  it('drops a record that stops being current (a correction supersedes it) from the person it named', async () => {
    await publication('casualty_stats', ids.run, 'public');
    expect(await anonymous('/public/memorial?lang=en')).toContain('Nigar Hasanova');
    await sql`update casualty_records set current = false where source_id = ${ids.a} and source_record_id = '1'`.execute(test.ctx.db);
    expect(await anonymous('/public/memorial?lang=en')).not.toContain('Nigar Hasanova');
  });

  it('keeps the totals with the stored memorial and caches the public statistics until the next change', async () => {
    await publication('casualty_source', ids.b, 'public');
    // the totals come from the rebuild: the whole memorial, a place, a year
    expect(await anonymous('/public/memorial?lang=en')).toContain('1 persons');
    expect(await anonymous('/public/memorial?year=1992&lang=en')).toContain('1 persons');
    expect(await anonymous('/public/memorial?year=1993&lang=en')).toContain('0 persons');
    const stats = await anonymous('/public/statistics?lang=en');
    expect(stats).toContain('List B');
    const cached = await sql<{ run_id: string; generation: string }>`select run_id, generation from public_stats_cache`.execute(test.ctx.db);
    expect(cached.rows.map((r) => r.run_id)).toEqual([ids.run]);
    expect(await anonymous('/public/statistics?lang=en')).toBe(stats); // the same page, from the cache
    // a change the triggers mark (the list's name) is shown on the next read, never the cached view
    await sql`update casualty_sources set name = 'List B, second edition' where id = ${ids.b}`.execute(test.ctx.db);
    const after = await anonymous('/public/statistics?lang=en');
    expect(after).toContain('List B, second edition');
    const again = await sql<{ generation: string }>`select generation from public_stats_cache`.execute(test.ctx.db);
    expect(Number(again.rows[0].generation)).toBeGreaterThan(Number(cached.rows[0].generation));
  });
});
