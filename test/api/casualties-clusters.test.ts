import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/server/accounts/actor.ts';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { FIXTURE_MAPPING, threeLists } from './casualties-fixtures.ts';

type Headers = Record<string, string>;
interface PersonView {
  personId: number;
  recordCount: number;
  flags: string[];
  records: Array<{ record: { id: string; sex: string | null; sourceRecordId: string; sourceId: string } }>;
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const lists = threeLists(30, 7);

/**
 * Review of clusters: the run summary's largest person and flagged persons, the flagged queue, linking two records
 * by hand that no blocking rule paired, and taking a record out of a person; decisions audited and kept by the
 * two records across re-runs.
 */
describe('casualties API: flagged persons, linking by hand and splitting', () => {
  let t: TestApp;
  const as: Record<'editor' | 'reviewer' | 'viewer', { headers: Headers }> = {} as never;
  const sourceIds: string[] = [];
  beforeAll(async () => {
    t = await createTestApp();
    for (const role of ['editor', 'reviewer', 'viewer'] as const) {
      await t.ctx.accounts.createUser(systemActor('test'), { username: `cl-${role}`, displayName: role, role, password: `pw-${role}-long-enough-1`, mustChangePassword: false });
      as[role] = await t.login(`cl-${role}`, `pw-${role}-long-enough-1`);
    }
    for (const name of ['az', 'ru', 'hy']) {
      const id = (await call(as.editor, 'POST', '/api/casualties/sources', { name: `List ${name}` })).json().id as string;
      const imported = await call(as.editor, 'POST', `/api/casualties/sources/${id}/import`, { csvBase64: b64(lists.csv[name]), mapping: FIXTURE_MAPPING });
      expect(imported.statusCode, imported.body).toBe(200);
      sourceIds.push(id);
    }
  });
  afterAll(async () => t.close());

  const call = (who: { headers: Headers }, method: 'GET' | 'POST', url: string, payload?: unknown) => t.app.inject({ method, url, headers: who.headers, payload: payload as object });
  const run = async () => {
    const created = await call(as.reviewer, 'POST', '/api/casualties/runs', { sourceIds });
    expect(created.statusCode, created.body).toBe(202);
    await t.ctx.jobs.drain();
    const id = created.json().run.id as string;
    const detail = (await call(as.viewer, 'GET', `/api/casualties/runs/${id}`)).json();
    expect(detail.state, detail.error).toBe('done');
    return detail as { id: string; counts: Record<string, number> };
  };
  const persons = async (runId: string, query = ''): Promise<{ persons: PersonView[]; total: number }> =>
    (await call(as.reviewer, 'GET', `/api/casualties/runs/${runId}/persons?limit=500${query}`)).json();
  const personOf = (list: PersonView[], recordId: string) => list.find((p) => p.records.some((r) => r.record.id === recordId))!;
  const audits = async () => (await sql<{ details: Record<string, unknown> }>`select details from audit_events where action = 'casualties.pair_decided' order by id`.execute(t.ctx.db)).rows.map((r) => r.details);

  it('reports the largest person and the flagged persons of a run, and serves the flagged queue', async () => {
    const first = await run();
    const all = await persons(first.id);
    expect(first.counts.largestPerson).toBe(Math.max(...all.persons.map((p) => p.recordCount)));
    const flagged = await persons(first.id, '&flagged=1');
    expect(first.counts.flaggedPersons).toBe(flagged.total);
    expect(flagged.persons.every((p) => p.flags.length > 0)).toBe(true);
    expect(all.persons.filter((p) => p.flags.length > 0).length).toBe(flagged.total);
    expect((await call(as.viewer, 'GET', `/api/casualties/runs/${first.id}/persons?flagged=1`)).statusCode).toBe(403);
  });

  it('links two records by hand that no run paired, flags the person that makes, and splits it again', async () => {
    const before = await run();
    const loners = (await persons(before.id)).persons.filter((p) => p.recordCount === 1).map((p) => p.records[0].record);
    const man = loners.find((r) => r.sex === 'male')!;
    const woman = loners.find((r) => r.sex === 'female')!;
    expect(man && woman).toBeTruthy();

    const refused = await call(as.reviewer, 'POST', '/api/casualties/review-decisions', { recordA: man.id, recordB: woman.id, decision: 'match' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('not_a_pair');
    expect((await call(as.viewer, 'POST', '/api/casualties/review-decisions', { recordA: man.id, recordB: woman.id, decision: 'match', manual: true })).statusCode).toBe(403);
    const linked = await call(as.reviewer, 'POST', '/api/casualties/review-decisions', { recordA: man.id, recordB: woman.id, decision: 'match', manual: true, note: 'same register entry' });
    expect(linked.statusCode, linked.body).toBe(201);
    expect((await audits()).at(-1)).toMatchObject({ decision: 'match', manual: true });

    // the next run follows the decision; a man and a woman in one person are flagged for review
    const after = await run();
    const all = (await persons(after.id)).persons;
    const together = personOf(all, man.id);
    expect(together.records.map((r) => r.record.id)).toContain(woman.id);
    expect(together.flags.length).toBeGreaterThan(0);
    const queue = await persons(after.id, '&flagged=1');
    expect(queue.persons.map((p) => p.personId)).toContain(together.personId);

    // taking the woman's record out: a non-match with each other record of the person, audited, kept by the records
    const url = `/api/casualties/runs/${after.id}/persons/${together.personId}/split`;
    expect((await call(as.viewer, 'POST', url, { recordId: woman.id })).statusCode).toBe(403);
    expect((await call(as.reviewer, 'POST', url, { recordId: loners.find((r) => r.id !== man.id && r.id !== woman.id)!.id })).json().error.code).toBe('not_in_person');
    expect((await call(as.reviewer, 'POST', `/api/casualties/runs/${after.id}/persons/999999/split`, { recordId: woman.id })).statusCode).toBe(404);
    expect((await call(as.reviewer, 'POST', url, { recordId: 'x; drop table persons' })).statusCode).toBe(400);
    const split = await call(as.reviewer, 'POST', url, { recordId: woman.id, note: 'different people, same surname' });
    expect(split.statusCode, split.body).toBe(201);
    const decisions = split.json().decisions as Array<{ decision: string; recordA: string; recordB: string }>;
    expect(decisions).toHaveLength(together.records.length - 1);
    expect(decisions.every((d) => d.decision === 'non_match' && [d.recordA, d.recordB].includes(woman.id))).toBe(true);
    expect((await audits()).at(-1)).toMatchObject({ decision: 'non_match', split: { runId: after.id, personId: together.personId } });

    const again = await run();
    const final = (await persons(again.id)).persons;
    expect(personOf(final, woman.id).records.map((r) => r.record.id)).not.toContain(man.id);
    // the non-match superseded the hand-made match on the same two records; both stay in the history
    expect(again.counts.decisionsApplied).toBe(decisions.length);
    expect((await call(as.reviewer, 'GET', '/api/casualties/review-decisions?history=1')).json().total).toBe(decisions.length + 1);
  });

  it('flags persons joined on a name alone (a record with no date, age or place) and serves them in the queue', async () => {
    // a fourth list of names only: one copied from the Azerbaijani list, one name written twice, a hostile one alone
    const [header, first] = lists.csv.az.split('\n');
    const copied = first.split(',')[header.split(',').indexOf('name')];
    const csv = ['id,name', `n1,${copied}`, 'n2,Zeynəb Qurbanova Nadir qızı', 'n3,Zeynəb Qurbanova Nadir qızı', 'n4,<script>alert(1)</script> Əliyev'].join('\n');
    const id = (await call(as.editor, 'POST', '/api/casualties/sources', { name: 'Names only' })).json().id as string;
    const imported = await call(as.editor, 'POST', `/api/casualties/sources/${id}/import`, { csvBase64: b64(csv), mapping: { source_record_id: 'id', name: 'name' } });
    expect(imported.statusCode, imported.body).toBe(200);
    const created = await call(as.reviewer, 'POST', '/api/casualties/runs', { sourceIds: [...sourceIds, id] });
    expect(created.statusCode, created.body).toBe(202);
    await t.ctx.jobs.drain();
    const runId = created.json().run.id as string;
    const detail = (await call(as.viewer, 'GET', `/api/casualties/runs/${runId}`)).json();
    expect(detail.state, detail.error).toBe('done');
    const all = (await persons(runId)).persons;
    const nameOnlyIds = new Set(all.flatMap((p) => p.records.filter((r) => r.record.sourceId === id).map((r) => r.record.id)));
    expect(nameOnlyIds.size).toBe(4);
    const flagged = all.filter((p) => p.flags.includes('name_only'));
    // every flagged person holds a name-only record and another record; every such person is flagged
    for (const p of all) {
      const holds = p.records.some((r) => nameOnlyIds.has(r.record.id));
      expect(p.flags.includes('name_only'), `person ${p.personId}`).toBe(holds && p.recordCount > 1);
    }
    // the name written twice is one person, flagged; the copied name joined its record on the Azerbaijani list
    const twice = all.find((p) => p.records.some((r) => r.record.sourceRecordId === 'n2'))!;
    expect(twice.records.map((r) => r.record.sourceRecordId).sort()).toEqual(['n2', 'n3']);
    expect(twice.flags).toContain('name_only');
    const copiedPerson = all.find((p) => p.records.some((r) => r.record.sourceId === id && r.record.sourceRecordId === 'n1'))!;
    expect(copiedPerson.recordCount).toBeGreaterThan(1);
    expect(copiedPerson.flags).toContain('name_only');
    // the hostile name stays a person of its own, not flagged
    const hostile = all.find((p) => p.records.some((r) => r.record.sourceRecordId === 'n4'))!;
    expect(hostile.recordCount).toBe(1);
    expect(hostile.flags).not.toContain('name_only');
    const queue = await persons(runId, '&flagged=1');
    expect(queue.persons.map((p) => p.personId)).toEqual(expect.arrayContaining(flagged.map((p) => p.personId)));
    expect(detail.counts.flaggedPersons).toBe(queue.total);
  });
});
