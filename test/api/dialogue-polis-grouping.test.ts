import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { hasShared, sharedPath } from '../shared-data.ts';
import { facilitatorHeaders, type Headers } from './dialogue-helpers.ts';

const read = (name: string, file: string) => readFileSync(sharedPath('data', 'polis', name, file), 'utf8');

describe('importing a Pol.is conversation with Pol.is-compatible groups', () => {
  let t: TestApp;
  let facilitator: Headers;
  const conversations = async () => Number((await t.ctx.db.selectFrom('dialogue_conversations').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const importFiles = (payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/dialogue/import', headers: facilitator, payload });
  const comments = 'timestamp,comment-id,author-id,agrees,disagrees,moderated,comment-body\n1,0,0,0,0,1,First\n2,1,0,0,0,1,Second\n';
  const grid = 'participant,group-id,n-comments,n-votes,n-agree,n-disagree,0,1\n0,,0,2,1,1,1,-1\n1,,0,2,2,0,1,1\n';

  beforeAll(async () => {
    t = await createTestApp({ dialogueVotesPerMinute: 1000 });
    facilitator = await facilitatorHeaders(t);
  });
  afterAll(async () => t.close());

  it('refuses an export without vote times unless the fallback is asked for, writing nothing', async () => {
    const before = await conversations();
    const refused = await importFiles({ files: { 'comments.csv': comments, 'participants-votes.csv': grid }, topic: { en: 'No history' }, grouping: 'polis' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('polis_history_missing');
    expect(refused.json().error.message).toMatch(/there is no votes\.csv/);
    const sameTime = await importFiles({
      files: { 'comments.csv': comments, 'votes.csv': 'timestamp,comment-id,voter-id,vote\n5,0,0,1\n5,1,0,-1\n5,0,1,1\n' },
      topic: { en: 'Same time' },
      grouping: 'polis',
    });
    expect(sameTime.statusCode).toBe(400);
    expect(sameTime.json().error.message).toMatch(/same timestamp/);
    const badMode = await importFiles({ files: { 'comments.csv': comments, 'participants-votes.csv': grid }, topic: { en: 'Bad' }, grouping: '<script>' });
    expect(badMode.statusCode).toBe(400);
    expect(await conversations()).toBe(before);

    const fallback = await importFiles({ files: { 'comments.csv': comments, 'participants-votes.csv': grid }, topic: { en: 'No history' }, grouping: 'polis', allowNoHistory: true });
    expect(fallback.statusCode).toBe(201);
    const id = fallback.json().conversation.id;
    const row = await t.ctx.db.selectFrom('dialogue_conversations').select('grouping_mode').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.grouping_mode).toBe('polis');
  });

  it.skipIf(!hasShared('data', 'polis', 'brexit-consensus'))('shows the groups Pol.is showed for an imported conversation, and the default import explains its own', async () => {
    const files = {
      'summary.csv': read('brexit-consensus', 'summary.csv'),
      'comments.csv': read('brexit-consensus', 'comments.csv'),
      'votes.csv': read('brexit-consensus', 'votes.csv'),
      'participants-votes.csv': read('brexit-consensus', 'participants-votes.csv'),
    };
    const polis = await importFiles({ files, grouping: 'polis', minGroupSize: 2 });
    expect(polis.statusCode).toBe(201);
    const report = await t.app.inject({ method: 'GET', url: `/api/dialogue/conversations/${polis.json().conversation.id}/report`, headers: facilitator });
    expect(report.statusCode).toBe(200);
    const body = report.json();
    expect(body.grouping.mode).toBe('polis');
    // Pol.is showed two groups (participants-votes.csv); the replay ran one update per minute that saw votes.
    expect(body.groups).toHaveLength(2);
    expect(body.grouping.updates).toBeGreaterThan(100);
    expect(body.grouping.silhouettes.map((s: { k: number }) => s.k)).toEqual([2, 3, 4, 5]);

    const plain = await importFiles({ files, minGroupSize: 2 });
    const plainReport = (await t.app.inject({ method: 'GET', url: `/api/dialogue/conversations/${plain.json().conversation.id}/report`, headers: facilitator })).json();
    expect(plainReport.grouping.mode).toBe('default');
    expect(plainReport.grouping.updates).toBeNull();
    expect(plainReport.grouping.silhouettes.length).toBeGreaterThan(0);
  });
});
