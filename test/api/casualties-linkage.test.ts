import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/server/accounts/actor.ts';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { FIXTURE_MAPPING, pairwiseF1, publicationProblems, threeLists } from './casualties-fixtures.ts';

type Headers = Record<string, string>;
interface Person {
  personId: number;
  captureHistory: string;
  records: Array<{ record: { id: string; sourceRecordId: string; sourceId: string } }>;
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const lists = threeLists(60, 3);

describe('casualties API: records, linkage runs, review, persons and statistics', () => {
  let t: TestApp;
  const as: Record<'editor' | 'reviewer' | 'viewer', { headers: Headers }> = {} as never;
  const sources: Record<string, string> = {};
  let run1: string;
  let run2: string;

  beforeAll(async () => {
    t = await createTestApp();
    for (const role of ['editor', 'reviewer', 'viewer'] as const) {
      await t.ctx.accounts.createUser(systemActor('test'), { username: `cas-${role}`, displayName: role, role, password: `pw-${role}-long-enough-1`, mustChangePassword: false });
      as[role] = await t.login(`cas-${role}`, `pw-${role}-long-enough-1`);
    }
  });
  afterAll(async () => t.close());

  const call = (who: { headers: Headers }, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: who.headers, payload: payload as object });
  const count = async (table: 'persons' | 'linkage_pairs' | 'person_records' | 'review_decisions', runId?: string) =>
    Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)} ${runId ? sql`where run_id = ${runId}` : sql``}`.execute(t.ctx.db)).rows[0].n);
  const runTo = async (body: unknown) => {
    const created = await call(as.reviewer, 'POST', '/api/casualties/runs', body);
    expect(created.statusCode, created.body).toBe(202);
    await t.ctx.jobs.drain();
    return created.json().run.id as string;
  };
  const allPersons = async (runId: string): Promise<Person[]> => {
    const out: Person[] = [];
    for (let offset = 0; ; offset += 500) {
      const page = (await call(as.editor, 'GET', `/api/casualties/runs/${runId}/persons?limit=500&offset=${offset}`)).json();
      out.push(...page.persons);
      if (out.length >= page.total) return out;
    }
  };
  /** Record id (the list's own) → person number. */
  const personOf = (persons: Person[]) => new Map(persons.flatMap((p) => p.records.map((r) => [r.record.sourceRecordId, p.personId] as const)));

  it('imports three lists in three scripts and serves records, search across scripts, versions and corrections', async () => {
    for (const name of ['az', 'ru', 'hy']) {
      const created = await call(as.editor, 'POST', '/api/casualties/sources', { name: `List ${name}` });
      sources[name] = created.json().id;
      const imported = await call(as.editor, 'POST', `/api/casualties/sources/${sources[name]}/import`, { csvBase64: b64(lists.csv[name]), mapping: FIXTURE_MAPPING });
      expect(imported.statusCode, imported.body).toBe(200);
    }
    const page = (await call(as.reviewer, 'GET', `/api/casualties/sources/${sources.ru}/records?limit=5`)).json();
    expect(page.records).toHaveLength(5);
    expect(page.total).toBe(lists.csv.ru.trim().split('\n').length - 1);
    // a name written in Cyrillic is found by its romanised spelling
    const first = page.records[0];
    const { normaliseName } = await import('../../src/core/names/index.ts');
    const latin = normaliseName(first.names[0]).split(' ')[0];
    const found = (await call(as.reviewer, 'GET', `/api/casualties/sources/${sources.ru}/records?q=${encodeURIComponent(latin)}`)).json();
    expect(found.records.map((r: { id: string }) => r.id)).toContain(first.id);
    expect((await call(as.viewer, 'GET', `/api/casualties/sources/${sources.ru}/records`)).statusCode).toBe(403);

    // a correction is a new version; the old one stays, no longer current
    const corrected = await call(as.editor, 'POST', `/api/casualties/records/${first.id}/versions`, { changes: { age: 40, notes: 'age from the second page' }, reason: 'misread' });
    expect(corrected.statusCode, corrected.body).toBe(201);
    const v2 = corrected.json().record;
    expect(v2).toMatchObject({ version: 2, supersedes: first.id, current: true, age: 40, names: first.names, correctionReason: 'misread' });
    const again = await call(as.editor, 'POST', `/api/casualties/records/${first.id}/versions`, { changes: { age: 41 }, reason: 'x' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'not_current', details: { currentId: v2.id } });
    expect((await call(as.editor, 'POST', `/api/casualties/records/${v2.id}/versions`, { changes: { age: 40 }, reason: 'x' })).json().error.code).toBe('no_change');
    expect((await call(as.reviewer, 'POST', `/api/casualties/records/${v2.id}/versions`, { changes: { age: 41 }, reason: 'x' })).statusCode).toBe(403);
    const detail = (await call(as.reviewer, 'GET', `/api/casualties/records/${v2.id}`)).json();
    expect(detail.versions.map((v: { version: number; current: boolean }) => [v.version, v.current])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(detail.raw).toBeNull();
    expect((await call(as.reviewer, 'GET', `/api/casualties/records/${first.id}`)).json().raw).toHaveProperty('name');
    const history = (await call(as.reviewer, 'GET', `/api/casualties/sources/${sources.ru}/records?history=1&limit=500`)).json();
    expect(history.total).toBe(page.total + 1);
    const audit = await sql<{ details: Record<string, unknown> }>`select details from audit_events where action = 'casualties.record_corrected'`.execute(t.ctx.db);
    expect(audit.rows).toHaveLength(1);
    expect(JSON.stringify(audit.rows[0].details)).not.toContain('second page');
    expect(audit.rows[0].details.fields).toEqual(['age', 'notes']);

    // the saved mapping and description can be changed, audited
    const patched = await call(as.editor, 'PATCH', `/api/casualties/sources/${sources.hy}`, { method: 'transcribed from a printed list', columnMapping: { ...FIXTURE_MAPPING, notes: 'remarks' } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ method: 'transcribed from a printed list', columnMapping: { notes: 'remarks' } });
    expect((await call(as.editor, 'PATCH', `/api/casualties/sources/${sources.hy}`, { name: 'list AZ' })).statusCode).toBe(409);
    expect((await call(as.viewer, 'PATCH', `/api/casualties/sources/${sources.hy}`, { method: 'x' })).statusCode).toBe(403);
  });

  it('refuses runs on unknown sources, on no records, with bad settings, and from viewers', async () => {
    const empty = (await call(as.editor, 'POST', '/api/casualties/sources', { name: 'Empty list' })).json().id;
    expect((await call(as.reviewer, 'POST', '/api/casualties/runs', { sourceIds: ['00000000-0000-4000-8000-000000000000'] })).statusCode).toBe(404);
    const none = await call(as.reviewer, 'POST', '/api/casualties/runs', { sourceIds: [empty] });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.code).toBe('no_records');
    expect((await call(as.reviewer, 'POST', '/api/casualties/runs', { sourceIds: [sources.az, sources.az] })).json().error.code).toBe('duplicate_source');
    const bad = await call(as.reviewer, 'POST', '/api/casualties/runs', { sourceIds: [sources.az], settings: { engine: { fields: [{ name: 'x', column: 'nope', type: 'name' }], comparisons: [{ field: 'x', kind: 'name' }], blocking: [['x']] } } });
    expect(bad.json().error.code).toBe('invalid_settings');
    expect(bad.json().error.details.problems[0]).toMatch(/column "nope"/);
    expect((await call(as.viewer, 'POST', '/api/casualties/runs', { sourceIds: [sources.az] })).statusCode).toBe(403);
    expect(Number((await sql<{ n: string }>`select count(*) as n from linkage_runs`.execute(t.ctx.db)).rows[0].n)).toBe(0);
  });

  it('links the three lists as a job, storing settings, model, pairs and persons close to the truth', async () => {
    run1 = await runTo({ sourceIds: [sources.az, sources.ru, sources.hy] });
    const run = (await call(as.viewer, 'GET', `/api/casualties/runs/${run1}`)).json();
    expect(run).toMatchObject({ state: 'done', progress: 1, error: null });
    expect(run.sources.map((s: { name: string }) => s.name)).toEqual(['List az', 'List ru', 'List hy']);
    expect(run.model.comparisons.length).toBeGreaterThan(2);
    expect(run.settings).toMatchObject({ threshold: 0.9, reviewFloor: 0.2 });
    expect(run.counts.records).toBe(lists.truth.size);
    const { job } = (await call(as.viewer, 'GET', `/api/jobs/${run.jobId}`)).json();
    expect(job).toMatchObject({ state: 'done', kind: 'casualties.link', subjectId: run1 });

    const persons = await allPersons(run1);
    expect(persons.reduce((s, p) => s + p.records.length, 0)).toBe(lists.truth.size);
    const score = pairwiseF1(personOf(persons), lists.truth);
    expect(score.f1).toBeGreaterThan(0.85);
    // capture histories say which lists hold each person, in run source order
    const order = [sources.az, sources.ru, sources.hy];
    for (const p of persons) {
      const bits = order.map((id) => (p.records.some((r) => r.record.sourceId === id) ? '1' : '0')).join('');
      expect(p.captureHistory).toBe(bits);
    }
    expect((await call(as.viewer, 'GET', `/api/casualties/runs/${run1}/persons`)).statusCode).toBe(403);
    const linked = (await call(as.editor, 'GET', `/api/casualties/runs/${run1}/persons?linked=1&pattern=111`)).json();
    expect(linked.persons.every((p: Person) => p.captureHistory === '111' && p.records.length >= 3)).toBe(true);
  });

  it('gives statistics that agree with the persons, hiding per-person detail and small cells from viewers', async () => {
    const persons = await allPersons(run1);
    const stats = (await call(as.editor, 'GET', `/api/casualties/runs/${run1}/stats`)).json();
    expect(stats.suppression).toEqual({ minCell: 0, hidden: 0 });
    expect(stats.totals.persons).toBe(persons.length);
    expect(stats.totals.records).toBe(lists.truth.size);
    // overlaps: every capture pattern with its number of persons, exactly as the persons say
    const patterns = new Map<string, number>();
    for (const p of persons) patterns.set(p.captureHistory, (patterns.get(p.captureHistory) ?? 0) + 1);
    expect(Object.fromEntries(stats.overlaps.map((o: { pattern: string; persons: number }) => [o.pattern, o.persons]))).toEqual(Object.fromEntries(patterns));
    for (const c of stats.coverage) {
      expect(c.records).toBe(lists.csv[c.name.slice(-2)].trim().split('\n').length - 1);
      expect(c.share).toBeCloseTo(c.persons / persons.length, 10);
    }
    const sum = (rows: Array<{ persons: number }>) => rows.reduce((s, r) => s + r.persons, 0);
    for (const key of ['bySex', 'byAgeBand', 'byStatus', 'byDeathDay', 'byDeathMonth', 'byPlace']) expect(sum(stats[key])).toBe(persons.length);
    // every person died on 1 or 2 March 2010 by construction; a person whose records mix the two is conflicting
    expect(stats.byDeathMonth.filter((r: { key: string }) => r.key === '2010-03' || r.key === 'conflicting').reduce((s: number, r: { persons: number }) => s + r.persons, 0)).toBe(persons.length);
    expect(Array.isArray(stats.disagreements.examples)).toBe(true);
    // a viewer: the same figures where they are not small, the small ones hidden, none recoverable from a total
    const published = (await call(as.viewer, 'GET', `/api/casualties/runs/${run1}/stats`)).json();
    expect(published.disagreements.examples).toBeNull();
    expect(published.suppression.minCell).toBe(3);
    expect(published.totals.persons).toBe(persons.length);
    expect(publicationProblems(published, 3)).toEqual([]);
    for (const key of ['bySex', 'byAgeBand', 'byStatus', 'byDeathDay', 'byDeathMonth', 'byPlace']) {
      const exact = new Map(stats[key].map((r: { key: string; persons: number }) => [r.key, r.persons]));
      for (const r of published[key]) if (!r.suppressed) expect(r.persons).toBe(exact.get(r.key));
      expect(published[key].map((r: { key: string }) => r.key).sort()).toEqual([...exact.keys()].sort());
    }
    expect((await t.app.inject({ method: 'GET', url: `/api/casualties/runs/${run1}/stats` })).statusCode).toBe(401);
  });

  it('keeps a review decision across re-runs and lets it change the clustering', async () => {
    const queue = (await call(as.reviewer, 'GET', `/api/casualties/runs/${run1}/review?min=0&max=1&limit=200`)).json();
    expect(queue.total).toBeGreaterThan(0);
    expect(queue.undecided).toBe(queue.total);
    const pair = queue.pairs[0];
    expect(pair.explanation.terms.length).toBeGreaterThan(2);
    const sumTerms = pair.explanation.prior.log2Odds + pair.explanation.terms.reduce((s: number, x: { log2BayesFactor: number }) => s + x.log2BayesFactor, 0);
    expect(sumTerms).toBeCloseTo(pair.explanation.matchWeight, 2);
    expect(pair.recordA.id < pair.recordB.id).toBe(true);
    expect((await call(as.viewer, 'GET', `/api/casualties/runs/${run1}/review`)).statusCode).toBe(403);
    const band = (await call(as.reviewer, 'GET', `/api/casualties/runs/${run1}/review`)).json();
    expect(band.pairs.every((p: { probability: number }) => p.probability >= 0.2 && p.probability <= 0.9)).toBe(true);

    const before = personOf(await allPersons(run1));
    const together = before.get(pair.recordA.sourceRecordId) === before.get(pair.recordB.sourceRecordId);
    const decision = together ? 'non_match' : 'match';
    const decided = await call(as.reviewer, 'POST', '/api/casualties/review-decisions', { recordA: pair.recordB.id, recordB: pair.recordA.id, decision, note: 'same father, different village' });
    expect(decided.statusCode, decided.body).toBe(201);
    expect(decided.json()).toMatchObject({ superseded: null, decision: { recordA: pair.recordA.id, recordB: pair.recordB.id, decision, reviewer: 'cas-reviewer', current: true } });
    const duplicate = await call(as.reviewer, 'POST', '/api/casualties/review-decisions', { recordA: pair.recordA.id, recordB: pair.recordB.id, decision });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.code).toBe('already_decided');
    expect((await call(as.viewer, 'POST', '/api/casualties/review-decisions', { recordA: pair.recordA.id, recordB: pair.recordB.id, decision: 'match' })).statusCode).toBe(403);
    expect((await call(as.reviewer, 'POST', '/api/casualties/review-decisions', { recordA: pair.recordA.id, recordB: pair.recordA.id, decision: 'match' })).json().error.code).toBe('same_record');
    expect((await call(as.reviewer, 'POST', '/api/casualties/review-decisions', { recordA: pair.recordA.id, recordB: '00000000-0000-4000-8000-000000000000', decision: 'match' })).statusCode).toBe(404);
    // two records that no run compared nor put together
    const persons = await allPersons(run1);
    const stored = new Set(queue.pairs.map((p: { recordA: { id: string }; recordB: { id: string } }) => `${p.recordA.id}|${p.recordB.id}`));
    const loners = persons.filter((p) => p.records.length === 1).map((p) => p.records[0].record.id);
    const stranger = loners.flatMap((a) => loners.map((b) => [a, b].sort() as [string, string])).find(([a, b]) => a !== b && !stored.has(`${a}|${b}`));
    expect(stranger).toBeDefined();
    const notPair = await call(as.reviewer, 'POST', '/api/casualties/review-decisions', { recordA: stranger![0], recordB: stranger![1], decision: 'match' });
    expect(notPair.json().error.code).toBe('not_a_pair');
    expect(await count('review_decisions')).toBe(1);

    const queueAfter = (await call(as.reviewer, 'GET', `/api/casualties/runs/${run1}/review?min=0&max=1&limit=200&status=decided`)).json();
    expect(queueAfter.pairs).toHaveLength(1);
    expect(queueAfter.pairs[0].decision.decision).toBe(decision);

    run2 = await runTo({ sourceIds: [sources.az, sources.ru, sources.hy] });
    const after = personOf(await allPersons(run2));
    expect(after.get(pair.recordA.sourceRecordId) === after.get(pair.recordB.sourceRecordId)).toBe(decision === 'match');
    expect((await call(as.viewer, 'GET', `/api/casualties/runs/${run2}`)).json().counts.decisionsApplied).toBe(1);

    // a re-decision supersedes, and the earlier one stays as history
    const redo = await call(as.editor, 'POST', '/api/casualties/review-decisions', { recordA: pair.recordA.id, recordB: pair.recordB.id, decision: decision === 'match' ? 'non_match' : 'match' });
    expect(redo.json().superseded).toBe(decided.json().decision.id);
    expect((await call(as.reviewer, 'GET', '/api/casualties/review-decisions')).json().total).toBe(1);
    expect((await call(as.reviewer, 'GET', '/api/casualties/review-decisions?history=1')).json().total).toBe(2);
    const audits = await sql<{ n: string }>`select count(*) as n from audit_events where action = 'casualties.pair_decided'`.execute(t.ctx.db);
    expect(Number(audits.rows[0].n)).toBe(2);

    // deleting a run keeps the decisions; an active run cannot be deleted
    expect((await call(as.reviewer, 'DELETE', `/api/casualties/runs/${run1}`)).statusCode).toBe(403);
    expect((await call(as.editor, 'DELETE', `/api/casualties/runs/${run1}`)).statusCode).toBe(204);
    expect(await count('persons', run1)).toBe(0);
    expect(await count('linkage_pairs', run1)).toBe(0);
    expect(await count('review_decisions')).toBe(2);
    const queued = (await call(as.reviewer, 'POST', '/api/casualties/runs', { sourceIds: [sources.az] })).json().run.id;
    expect((await call(as.editor, 'DELETE', `/api/casualties/runs/${queued}`)).json().error.code).toBe('run_active');
    await t.ctx.jobs.drain();
    expect((await call(as.viewer, 'GET', '/api/casualties/runs')).json().runs.map((r: { id: string }) => r.id)).toEqual([queued, run2]);
  });

  it('feeds the capture histories of persons to a population estimate', async () => {
    // the latest done run covers one list: multiple systems estimation needs two or more
    const one = await call(as.editor, 'POST', '/api/estimates', { title: 'one list', inputKind: 'casualties', csv: '' });
    expect(one.statusCode).toBe(400);
    expect(one.json().error.code).toBe('invalid_table');
    expect((await call(as.editor, 'POST', '/api/estimates', { title: 'x', inputKind: 'casualties', csv: '', linkageRunId: run2, options: { strata: ['shoe_size'] } })).json().error.code).toBe('bad_strata');
    expect((await call(as.viewer, 'POST', '/api/estimates', { title: 'x', inputKind: 'casualties', csv: '', linkageRunId: run2 })).statusCode).toBe(403);
    const created = await call(as.editor, 'POST', '/api/estimates', {
      title: 'three lists',
      inputKind: 'casualties',
      csv: '',
      linkageRunId: run2,
      options: { methods: ['loglinear'], strata: ['sex'] },
    });
    expect(created.statusCode, created.body).toBe(202);
    await t.ctx.jobs.drain();
    const estimate = (await call(as.viewer, 'GET', `/api/estimates/${created.json().estimate.id}`)).json();
    expect(estimate.state, estimate.error).toBe('done');
    const stats = (await call(as.editor, 'GET', `/api/casualties/runs/${run2}/stats`)).json();
    expect(estimate.result.observed).toBe(stats.totals.persons);
    // the stored table is the run's overlap counts
    const header = estimate.csv.split('\n')[0];
    expect(header).toBe('List az,List ru,List hy,sex,count');
    const byPattern = new Map<string, number>();
    for (const line of estimate.csv.trim().split('\n').slice(1)) {
      const cells = line.split(',');
      const pattern = cells.slice(0, 3).join('');
      byPattern.set(pattern, (byPattern.get(pattern) ?? 0) + Number(cells[4]));
    }
    expect(Object.fromEntries(byPattern)).toEqual(Object.fromEntries(stats.overlaps.map((o: { pattern: string; persons: number }) => [o.pattern, o.persons])));
    const audit = await sql<{ details: { linkageRunId: string } }>`select details from audit_events where action = 'estimate.created' order by id desc limit 1`.execute(t.ctx.db);
    expect(audit.rows[0].details.linkageRunId).toBe(run2);
  });

  it('records a failed run with its reason and leaves no partial persons', async () => {
    // the storing transaction breaks after some rows are in: nothing of the run may remain
    await sql`create function casualty_test_fail() returns trigger language plpgsql as $$ begin
      if (select count(*) from person_records where run_id = new.run_id) > 0 then raise exception 'disk full (simulated)'; end if;
      return new; end $$`.execute(t.ctx.db);
    await sql`create trigger casualty_test_fail before insert on person_records for each row execute function casualty_test_fail()`.execute(t.ctx.db);
    try {
      const created = (await call(as.reviewer, 'POST', '/api/casualties/runs', { sourceIds: [sources.az, sources.ru] })).json().run.id;
      await t.ctx.jobs.drain();
      const run = (await call(as.viewer, 'GET', `/api/casualties/runs/${created}`)).json();
      expect(run.state).toBe('failed');
      expect(run.error).toMatch(/disk full \(simulated\)/);
      expect(await count('persons', created)).toBe(0);
      expect(await count('person_records', created)).toBe(0);
      expect(await count('linkage_pairs', created)).toBe(0);
      expect((await call(as.reviewer, 'GET', `/api/casualties/runs/${created}/review`)).json().error.code).toBe('run_not_done');
      expect((await call(as.viewer, 'GET', `/api/casualties/runs/${created}/stats`)).statusCode).toBe(409);
    } finally {
      await sql`drop trigger casualty_test_fail on person_records`.execute(t.ctx.db);
      await sql`drop function casualty_test_fail()`.execute(t.ctx.db);
    }

    // the records vanish between queueing and running (all superseded): the run fails with the reason
    const small = (await call(as.editor, 'POST', '/api/casualties/sources', { name: 'Two' })).json().id;
    await call(as.editor, 'POST', `/api/casualties/sources/${small}/import`, { csvBase64: b64('id,name\n1,Ali Aliyev\n2,Vali Valiyev\n'), mapping: { source_record_id: 'id', name: 'name' } });
    const doomed = (await call(as.reviewer, 'POST', '/api/casualties/runs', { sourceIds: [small] })).json().run.id;
    await sql`update casualty_records set current = false where source_id = ${small}`.execute(t.ctx.db);
    await t.ctx.jobs.drain();
    const failed = (await call(as.viewer, 'GET', `/api/casualties/runs/${doomed}`)).json();
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatch(/0 current record/);
  });
});
