import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildMemorial } from '../../src/server/public/memorial-store.ts';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { loginAs, type Headers } from './archive-helpers.ts';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const MAPPING = { source_record_id: 'id', name: 'name', sex: 'sex', birth_date: 'born', death_date: 'died', place: 'place' };

/**
 * The stored memorial follows every change it depends on, rebuilt by a job after the change (the visitor reads the
 * last built state and never waits): an addition shows once the job has run; a withdrawal or an exclusion hides at
 * once what it hides (the memorial shows nobody until the job has rebuilt it), never after the job.
 */
describe('stored memorial: rebuilt by a job after every change it depends on', () => {
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

  /** Runs the queued rebuild; every rebuild so far ended done (a failure's reason shows here). */
  const job = async () => {
    expect(await test.ctx.jobs.drain()).toBeGreaterThanOrEqual(1);
    const jobs = await sql<{ state: string; error: string | null }>`select state, error from jobs where kind = 'memorial.rebuild'`.execute(test.ctx.db);
    expect(jobs.rows.filter((j) => j.state !== 'done')).toEqual([]);
  };

  it('shows nobody until a run and a list are public and the job has run, then follows exclusions and withdrawals', async () => {
    expect(await anonymous('/public/memorial?lang=en')).not.toContain('Rauf Karimov');
    await publication('casualty_source', ids.a, 'public');
    await test.ctx.jobs.drain();
    expect(await anonymous('/public/memorial?lang=en')).not.toContain('Rauf Karimov'); // the run is not public yet
    await publication('casualty_stats', ids.run, 'public');
    // the visitor does not wait for the rebuild: the page answers from the last built state (nobody yet)
    expect(await anonymous('/public/memorial?lang=en')).not.toContain('Rauf Karimov');
    await job();
    let page = await anonymous('/public/memorial?lang=en');
    expect(page).toContain('Rauf Karimov');
    expect(page).toContain('Nigar Hasanova');
    expect(page).not.toContain('Нигяр'); // list B is not public
    expect(await anonymous('/public/memorial?year=1993&lang=en')).not.toContain('Nigar Hasanova');
    expect(await anonymous('/public/memorial?place=K%C9%99lb%C9%99c%C9%99r&lang=en')).toContain('Rauf Karimov');

    await publication('casualty_source', ids.b, 'public');
    // an addition shows after the job, not before
    expect(await anonymous(`/public/memorial?q=${encodeURIComponent('Нигяр')}&lang=en`)).not.toContain('Нигяр Гасанова');
    await job();
    page = await anonymous(`/public/memorial?q=${encodeURIComponent('Nigar Hasanova')}&lang=en`);
    expect(page).toContain('Нигяр Гасанова');
    // the home page's count and the indexes kept per generation (service.ts) follow the new generation
    expect(await anonymous('/public?lang=en')).toContain('2 persons on the memorial');
    expect(await anonymous('/public/memorial?lang=en')).toContain('Ходжалы');

    const excluded = await call('POST', '/api/publication/memorial/exclusions', { sourceId: ids.a, sourceRecordId: '2', reason: 'The family asked' });
    expect(excluded.statusCode, excluded.body).toBe(204);
    // at once, before the job: the memorial shows nobody rather than the person the family asked to remove
    for (const url of ['/public/memorial?lang=en', '/public/memorial?q=Rauf&lang=en', '/sitemap.xml', '/api/public/persons?format=csv']) expect(await anonymous(url), url).not.toContain('Rauf Karimov');
    expect(await anonymous('/public/memorial?lang=en')).not.toContain('Kəlbəcər');
    expect(await anonymous('/public/memorial?lang=en')).toContain('0 persons');
    // the kept index of the generation built before the exclusion is not shown, nor counted on the home page
    expect(await anonymous('/public/memorial?lang=en')).not.toContain('Ходжалы');
    expect(await anonymous('/public?lang=en')).toContain(' 0 persons on the memorial');
    await job();
    page = await anonymous('/public/memorial?lang=en');
    expect(page).toContain('Nigar Hasanova');
    expect(page).not.toContain('Rauf Karimov');
    expect(page).not.toContain('Kəlbəcər'); // nor in the place index
    expect(await anonymous('/sitemap.xml')).not.toContain('Rauf');

    await publication('casualty_source', ids.b, 'withdraw');
    // at once: a name only the withdrawn list writes finds nobody, before the job and after it
    page = await anonymous(`/public/memorial?q=${encodeURIComponent('Нигяр')}&lang=en`);
    expect(page).not.toContain('Нигяр Гасанова');
    expect(page).not.toContain('Nigar Hasanova');
    await job();
    page = await anonymous(`/public/memorial?q=${encodeURIComponent('Нигяр')}&lang=en`);
    expect(page).not.toContain('Нигяр Гасанова');
    expect(await anonymous('/public/memorial?lang=en')).toContain('Nigar Hasanova');

    await publication('casualty_stats', ids.run, 'withdraw');
    expect(await anonymous('/public/memorial?lang=en')).not.toContain('Nigar Hasanova');
    await job();
    expect(await anonymous('/public/memorial?lang=en')).not.toContain('Nigar Hasanova');
  });

  it('drops a record that stops being current (a correction supersedes it) from the person it named', async () => {
    await publication('casualty_stats', ids.run, 'public');
    await job();
    expect(await anonymous('/public/memorial?lang=en')).toContain('Nigar Hasanova');
    await sql`update casualty_records set current = false where source_id = ${ids.a} and source_record_id = '1'`.execute(test.ctx.db);
    // the person's page shows current records only, at once; the job then removes the person it no longer names
    expect(await anonymous('/public/memorial?lang=en')).not.toContain('Nigar Hasanova');
    await job();
    expect(await anonymous('/public/memorial?lang=en')).not.toContain('Nigar Hasanova');
  });

  it('serves a read during a rebuild from the previous state, and the change after it', async () => {
    await sql`update casualty_records set current = true where source_id = ${ids.a} and source_record_id = '1'`.execute(test.ctx.db);
    await test.ctx.jobs.drain();
    const before = await anonymous('/public/memorial?lang=en');
    expect(before).toContain('Nigar Hasanova');
    expect(before).not.toContain('Нигяр Гасанова'); // list B is withdrawn
    await publication('casualty_source', ids.b, 'public');
    // the rebuild, one person a statement; between statements a visitor reads the memorial as it was
    const during: string[] = [];
    const built = await rebuildMemorial(test.ctx.db, { chunk: 1, afterChunk: async () => void during.push(await anonymous('/public/memorial?lang=en')) });
    expect(built.built).toBe(true);
    expect(during.length).toBeGreaterThanOrEqual(2);
    for (const page of during) {
      expect(page).toContain('Nigar Hasanova');
      expect(page).not.toContain('Нигяр Гасанова');
    }
    expect(await anonymous('/public/memorial?lang=en')).toContain('Нигяр Гасанова');
    // the generation read before is gone once the new one is shown
    const generations = await sql<{ g: number }>`select distinct generation::int as g from memorial_persons`.execute(test.ctx.db);
    expect(generations.rows).toHaveLength(1);
    // nothing left to do: the queued job finds the markers taken
    await test.ctx.jobs.drain();
    expect(await anonymous('/public/memorial?lang=en')).toContain('Нигяр Гасанова');
  });

  it('keeps the totals with the stored memorial and caches the public statistics until the next change', async () => {
    await test.ctx.jobs.drain();
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
    await job();
    const after = await anonymous('/public/statistics?lang=en');
    expect(after).toContain('List B, second edition');
    const again = await sql<{ generation: string }>`select generation from public_stats_cache`.execute(test.ctx.db);
    expect(Number(again.rows[0].generation)).toBeGreaterThan(Number(cached.rows[0].generation));
  });
});
