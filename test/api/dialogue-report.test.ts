import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { voteStateHash } from '../../src/server/dialogue/checkpoint.ts';
import { createConversation, facilitatorHeaders, join, vote, type Headers } from './dialogue-helpers.ts';

const statements = [
  'The dam should be rebuilt by the upstream village.',
  'The upstream village has taken too much water.',
  'Compensation should be paid for the dry years.',
  'The downstream fields need water first.',
  'The old water court should decide the shares.',
  'A new survey of the river is needed.',
  'Children from both villages should learn together.',
  'Clean drinking water for everyone comes before irrigation.',
];

/** Two planted opinion groups of eight over statements 0–5, everyone agreeing with 6 and 7. */
const plantedVote = (group: number, tid: number) => (tid >= 6 ? 'agree' : (tid < 3) === (group === 0) ? 'agree' : 'disagree');

describe('dialogue report, events, checkpoints', () => {
  let t: TestApp;
  let facilitator: Headers;
  let conversation: { id: string; invitations: Array<{ communityId: string; token: string }> };
  const participants: Array<{ cookie: string; group: number; externalId: string }> = [];

  beforeAll(async () => {
    t = await createTestApp({ dialogueVotesPerMinute: 1000, dialogueAnalysisDebounceMs: 100 });
    facilitator = await facilitatorHeaders(t);
    conversation = await createConversation(t, facilitator, { seedStatements: statements.map((text) => ({ text, language: 'en' })) });
    const externalIds = Array.from({ length: 18 }, (_, i) => `member-secret-${i}`);
    await t.app.inject({ method: 'PUT', url: `/api/dialogue/conversations/${conversation.id}/allow-list`, headers: facilitator, payload: { required: true, externalIds } });
    // 16 in two communities of 8, and 2 in a third community, too small to be shown on its own.
    for (let i = 0; i < 18; i++) {
      const community = i < 16 ? i % 2 : 2;
      const joined = await join(t, conversation.invitations[community].token, externalIds[i]);
      participants.push({ cookie: joined.cookie, group: i < 16 ? Math.floor(i / 8) : i % 2, externalId: externalIds[i] });
    }
    for (const p of participants) for (let tid = 0; tid < statements.length; tid++) await vote(t, conversation.id, p.cookie, tid, plantedVote(p.group, tid));
  });
  afterAll(async () => t.close());

  it('is private until published, always open to facilitators', async () => {
    const hidden = await t.app.inject({ method: 'GET', url: `/api/dialogue/conversations/${conversation.id}/report` });
    expect([hidden.statusCode, hidden.json().error.code]).toEqual([403, 'report_not_public']);
    const asParticipant = await t.app.inject({ method: 'GET', url: `/api/dialogue/conversations/${conversation.id}/report`, headers: { cookie: participants[0].cookie } });
    expect(asParticipant.statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: `/api/dialogue/conversations/${conversation.id}/report`, headers: facilitator })).statusCode).toBe(200);
    const published = await t.app.inject({ method: 'PUT', url: `/api/dialogue/conversations/${conversation.id}/report-visibility`, headers: facilitator, payload: { public: true } });
    expect(published.json().reportPublic).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: `/api/dialogue/conversations/${conversation.id}/report` })).statusCode).toBe(200);
    const audit = await t.ctx.db.selectFrom('audit_events').select('details').where('action', '=', 'dialogue.report_visibility_changed').executeTakeFirstOrThrow();
    expect(audit.details).toEqual({ public: true });
  });

  it('finds the planted groups, common ground and agreement by community, with no participant identity in it', async () => {
    const response = await t.app.inject({ method: 'GET', url: `/api/dialogue/conversations/${conversation.id}/report` });
    const report = response.json();
    expect(report.totals).toMatchObject({ participants: 18, votes: 18 * 8, statements: 8 });
    // Two groups of nine (the planted eight plus one of the small community each), each led by its own statements.
    expect(report.groups.map((g: { size: number }) => g.size).sort()).toEqual([9, 9]);
    const leading = report.groups.map((g: { representative: Array<{ tid: number; repfulFor: string }> }) => g.representative.filter((r) => r.repfulFor === 'agree').map((r) => r.tid).sort());
    expect(leading.some((tids: number[]) => tids.includes(0) && !tids.includes(3))).toBe(true);
    expect(leading.some((tids: number[]) => tids.includes(3) && !tids.includes(0))).toBe(true);
    expect(report.consensus.agree.map((c: { tid: number }) => c.tid).sort()).toEqual([6, 7]);
    expect(report.groupAwareConsensus.slice(0, 2).map((c: { tid: number }) => c.tid).sort()).toEqual([6, 7]);
    expect(report.consensus.agree[0].text).toBe(statements[report.consensus.agree[0].tid]);
    // Opinion map: every voter is a point, and points carry nothing but coordinates.
    const points = report.map.flatMap((m: { points: unknown[] }) => m.points);
    expect(points).toHaveLength(18);
    expect(points.every((p: unknown) => Array.isArray(p) && p.length === 2)).toBe(true);
    // Communities: the two of nine are shown, the third (2 members, below the minimum of 3) is pooled and, being
    // too small even pooled, not shown at all.
    expect(report.communities.rows.map((r: { id: string; members: number }) => [r.id, r.members])).toEqual([
      [conversation.invitations[0].communityId, 8],
      [conversation.invitations[1].communityId, 8],
    ]);
    expect(report.communities.pooled).toBe(1);
    expect(report.communities.commonGround.map((c: { tid: number }) => c.tid).sort()).toEqual([6, 7]);
    expect(report.communities.statements.find((s: { tid: number }) => s.tid === 6).cells[0]).toMatchObject({ agree: 8, votes: 8 });

    const text = response.body;
    const ids = await t.ctx.db.selectFrom('dialogue_participants').select(['id', 'token_hash', 'external_id']).where('conversation_id', '=', conversation.id).execute();
    for (const row of ids) {
      expect(text).not.toContain(row.id);
      expect(text).not.toContain(row.token_hash);
      expect(text).not.toContain(row.external_id!);
    }
    expect(text).not.toMatch(/"pid"|member-secret|participantId/);
  });

  it('does not report opinion groups below the minimum size separately', async () => {
    const strict = await createConversation(t, facilitator, { minGroupSize: 10, seedStatements: statements.map((text) => ({ text, language: 'en' })) });
    const joined = [];
    for (let i = 0; i < 12; i++) joined.push(await join(t, strict.invitations[i % 2].token));
    // Ten of one mind, two of the other: the two must not appear as a group.
    for (let i = 0; i < 12; i++) for (let tid = 0; tid < 8; tid++) await vote(t, strict.id, joined[i].cookie, tid, plantedVote(i < 10 ? 0 : 1, tid));
    const report = (await t.app.inject({ method: 'GET', url: `/api/dialogue/conversations/${strict.id}/report`, headers: facilitator })).json();
    expect(report.groups.every((g: { size: number }) => g.size >= 10)).toBe(true);
    const reportedSize = report.groups.reduce((n: number, g: { size: number }) => n + g.size, 0);
    expect(reportedSize + report.smallGroupsMerged.participants).toBe(report.totals.clustered);
    expect(report.smallGroupsMerged.participants).toBeGreaterThan(0);
    // Their points are on the map without a group colour.
    const unassigned = report.map.find((m: { group: number | null }) => m.group === null);
    expect(unassigned.points.length).toBeGreaterThanOrEqual(report.smallGroupsMerged.participants);
    // Communities of six each are below the minimum of ten: pooled into one row with no name; its turnout is
    // every vote cast (12 people × 8 statements).
    expect(report.communities.rows).toEqual([{ id: null, name: null, members: 12, votes: 96 }]);
  });

  it('streams a summary on connect and again after votes change the analysis', async () => {
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const address = t.app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const events: Array<{ version: number; votes: number }> = [];
    let contentType = '';
    const req = httpRequest({ host: '127.0.0.1', port, path: `/api/dialogue/conversations/${conversation.id}/events`, headers: { accept: 'text/event-stream' } });
    const firstTwo = new Promise<void>((resolve, reject) => {
      req.on('response', (res) => {
        contentType = String(res.headers['content-type']);
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let cut;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const data = block.split('\n').find((l) => l.startsWith('data: '));
            if (block.startsWith('event: summary') && data) events.push(JSON.parse(data.slice(6)));
            if (events.length >= 2) resolve();
          }
        });
      });
      req.on('error', reject);
    });
    req.end();
    await new Promise((r) => setTimeout(r, 300));
    const newcomer = await join(t, conversation.invitations[0].token, 'member-secret-16');
    expect(newcomer.status).toBe(409); // already taken: joined above
    // A changed vote and a new one from existing participants.
    await vote(t, conversation.id, participants[0].cookie, 0, 'pass');
    await firstTwo;
    req.destroy();
    expect(contentType).toContain('text/event-stream');
    expect(events[1].version).toBeGreaterThan(events[0].version);
    expect(events[0].votes).toBe(18 * 8);
    expect(JSON.stringify(events)).not.toMatch(/member-secret|pid/);
  });

  it('audits a vote checkpoint (counts and a hash of the vote table) on request and when the conversation closes', async () => {
    const requested = await t.app.inject({ method: 'POST', url: `/api/dialogue/conversations/${conversation.id}/checkpoint`, headers: facilitator });
    expect(requested.statusCode).toBe(200);
    const votes = await t.ctx.db
      .selectFrom('dialogue_votes as v')
      .innerJoin('dialogue_participants as p', 'p.id', 'v.participant_id')
      .innerJoin('dialogue_statements as s', 's.id', 'v.statement_id')
      .select(['p.pid', 's.tid', 'v.value'])
      .where('v.conversation_id', '=', conversation.id)
      .execute();
    expect(requested.json()).toMatchObject({ votes: 144, participants: 18, sha256: voteStateHash(votes) });
    await t.app.inject({ method: 'PUT', url: `/api/dialogue/conversations/${conversation.id}/state`, headers: facilitator, payload: { state: 'closed' } });
    const checkpoints = await t.ctx.db.selectFrom('audit_events').select('details').where('action', '=', 'dialogue.votes_checkpoint').where('subject_id', '=', conversation.id).orderBy('id').execute();
    expect(checkpoints.map((c) => (c.details as { reason: string }).reason)).toEqual(['requested', 'closed']);
    expect((checkpoints[1].details as { sha256: string }).sha256).toBe(voteStateHash(votes));
    // Individual votes never enter the audit trail.
    const perVote = await t.ctx.db.selectFrom('audit_events').select('action').where('action', 'like', '%vote%').execute();
    expect(new Set(perVote.map((a) => a.action))).toEqual(new Set(['dialogue.votes_checkpoint']));
    const report = (await t.app.inject({ method: 'GET', url: `/api/dialogue/conversations/${conversation.id}/report` })).json();
    expect(report.conversation.state).toBe('closed');
  });
});
