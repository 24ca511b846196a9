import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/server/accounts/actor.ts';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { loginAs, type Headers } from './archive-helpers.ts';
import { createConversation, join, vote } from './dialogue-helpers.ts';

/**
 * Issue 16, item 4: a statement every opinion group and every community agrees with becomes, on a facilitator's
 * confirmation, a registry claim of the conversation's participants (never Reckon's), with the report as its source
 * and the counts as its figures; the claim's agreement shows per conversation. All data here is synthetic.
 */
const statements = [
  'The dam should be rebuilt by the upstream village.',
  'The upstream village has taken too much water.',
  'Compensation should be paid for the dry years.',
  'The downstream fields need water first.',
  'The old water court should decide the shares.',
  'A new survey of the river is needed.',
];
/** Two planted groups of eight: opposed on statements 0–5, everyone agreeing with the statement from the registry (6). */
const plantedVote = (group: number, tid: number) => (tid >= 6 ? 'agree' : (tid < 3) === (group === 0) ? 'agree' : 'disagree');

describe('dialogue agreement recorded in the registry', () => {
  let t: TestApp;
  let as: Record<'editor' | 'facilitator' | 'viewer', Headers>;
  let conversationId: string;
  let byTid: Map<number, string>;

  const record = (statementId: string, payload: unknown = { confirm: true }, headers: Headers = as.facilitator) =>
    t.app.inject({ method: 'POST', url: `/api/dialogue/statements/${statementId}/registry-claim`, headers, payload: payload as Record<string, unknown> });
  const agreementOf = (claimId: string, headers: Headers = {}) => t.app.inject({ method: 'GET', url: `/api/dialogue/claims/${encodeURIComponent(claimId)}/agreement`, headers });
  const registryClaims = async () => (await t.ctx.db.selectFrom('registry_claims').select('id').execute()).map((r) => r.id).sort();

  beforeAll(async () => {
    t = await createTestApp({ dialogueVotesPerMinute: 1000, dialogueAnalysisDebounceMs: 50 });
    as = await loginAs(t, ['editor', 'facilitator', 'viewer']);
    await t.ctx.registry.importFiles(systemActor('test'), {
      'actors.csv': 'id,name,type,classification,country,subdivision,wikidata,parent,description\nA1,Example Watch,organization,ngo,,,,,\n',
      'events.csv': 'id,name,start_date,end_date,place,description\nE1,Synthetic event,1990-01-01,1990-01-02,Example town,\n',
      'sources.csv': 'id,publisher,title,date,address,kind,language,archive_item_id\nS1,Example Watch,Synthetic report,1991,,ngo-report,en,\n',
      'claims.csv':
        'id,kind,asserted_by,attribution_note,event,statement,language,value,figures,date,sources,verification,contests,notes,published\n' +
        'C1,statement,A1,,E1,The missing of the example town must be searched for together,en,,,1991,S1,reported,,,true\n',
      'claim_translations.csv': 'claim,language,text\n',
      'recognition.csv': 'id,kind,body,event,jurisdiction,level,date,term,terms,instrument,document,court,roles,sources,verification,notes,published\n',
    });
    const created = await createConversation(t, as.facilitator, {
      topic: { en: 'The river after the war' },
      seedStatements: statements.map((text) => ({ text, language: 'en' })),
      communities: [{ name: { en: 'Upstream' }, languages: ['en'] }, { name: { en: 'Downstream' }, languages: ['en'] }],
    });
    conversationId = created.id;
    const seeded = await t.app.inject({ method: 'POST', url: `/api/dialogue/conversations/${conversationId}/statements/from-claims`, headers: as.facilitator, payload: { claimIds: ['C1'] } });
    expect(seeded.statusCode, seeded.body).toBe(201);
    // 16 people, half from each community, in two opinion groups that cut across the communities
    for (let i = 0; i < 16; i++) {
      const { cookie } = await join(t, created.invitations[i % 2].token);
      for (let tid = 0; tid <= statements.length; tid++) expect((await vote(t, conversationId, cookie, tid, plantedVote(Math.floor(i / 8), tid))).statusCode).toBe(200);
    }
    const listed = await t.app.inject({ method: 'GET', url: `/api/dialogue/conversations/${conversationId}/statements`, headers: as.facilitator });
    byTid = new Map(listed.json().statements.map((s: { tid: number; id: string }) => [s.tid, s.id]));
    // the analysis runs behind the votes: wait until it has seen all of them
    const analysed = async () => (await t.app.inject({ method: 'GET', url: `/api/dialogue/conversations/${conversationId}/report`, headers: as.facilitator })).json().totals.votes;
    for (let i = 0; i < 600 && (await analysed()) !== 16 * 7; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await analysed()).toBe(16 * 7);
  }, 300_000);
  afterAll(async () => t.close());

  it('refuses what is not agreed across every group, a missing confirmation, other roles and bad ids, writing nothing', async () => {
    const before = await registryClaims();
    const split = await record(byTid.get(0)!);
    expect([split.statusCode, split.json().error.code]).toEqual([409, 'not_agreed_across_groups']);
    expect(split.json().error.details).toMatchObject({ groups: 2, acrossGroups: false });
    for (const payload of [{}, { confirm: false }, { confirm: 'true' }, { confirm: true, claimId: 'x' }]) expect((await record(byTid.get(6)!, payload)).statusCode).toBe(400);
    expect((await record(byTid.get(6)!, { confirm: true }, as.viewer)).statusCode).toBe(403);
    expect((await record(byTid.get(6)!, { confirm: true }, {})).statusCode).toBe(401);
    expect((await record('not-a-uuid')).statusCode).toBe(400);
    expect((await record('00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect(await registryClaims()).toEqual(before);
    expect(await t.ctx.db.selectFrom('dialogue_registry_claims').selectAll().execute()).toEqual([]);
  });

  it("writes the registry's records and its own in one transaction: when the registry refuses the claim, no actor, source or record is left", async () => {
    const claimId = `dialogue-${conversationId}-s6`;
    // A claim already holding the id the agreement takes: the registry refuses the second one, after the
    // participants' actor and the report source were written in the same transaction.
    await t.ctx.registry.createRecord(systemActor('test'), 'claims', {
      id: claimId,
      kind: 'statement',
      assertedBy: 'A1',
      attributionNote: null,
      eventId: 'E1',
      statement: 'A record that holds the id first',
      language: 'en',
      translations: [],
      valueText: null,
      figures: [],
      date: '1991',
      sources: ['S1'],
      verification: 'reported',
      contests: [],
      notes: null,
      published: false,
    });
    const actors = async () => (await t.ctx.db.selectFrom('registry_actors').select('id').execute()).map((r) => r.id).sort();
    const sources = async () => (await t.ctx.db.selectFrom('registry_sources').select('id').execute()).map((r) => r.id).sort();
    const [actorsBefore, sourcesBefore, claimsBefore] = [await actors(), await sources(), await registryClaims()];
    const refused = await record(byTid.get(6)!);
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.json().error.code).toBe('record_rejected');
    expect([await actors(), await sources(), await registryClaims()]).toEqual([actorsBefore, sourcesBefore, claimsBefore]);
    expect(await t.ctx.db.selectFrom('dialogue_registry_claims').selectAll().execute()).toEqual([]);
    expect(await t.ctx.db.selectFrom('audit_events').select('id').where('action', '=', 'dialogue.agreement_recorded').execute()).toEqual([]);
    // the blocking record goes (its sources and figures with it), and the next test records the statement
    await t.ctx.db.deleteFrom('registry_claims').where('id', '=', claimId).execute();
  });

  it("records the agreed statement as the participants' claim, with the report as source and the counts as figures", async () => {
    const res = await record(byTid.get(6)!);
    expect(res.statusCode, res.body).toBe(201);
    const claimId = `dialogue-${conversationId}-s6`;
    expect(res.json()).toMatchObject({ claimId, published: false, agreement: { acrossGroups: true, acrossCommunities: true } });
    expect(res.json().agreement.groups.map((g: { agree: number; votes: number }) => [g.agree, g.votes])).toEqual([
      [8, 8],
      [8, 8],
    ]);

    const { claim } = await t.ctx.registry.getClaim(systemActor('test'), claimId);
    expect(claim).toMatchObject({
      kind: 'position',
      statement: 'The missing of the example town must be searched for together',
      actor: { id: `dialogue-${conversationId}`, name: 'Participants of the conversation "The river after the war"' },
      event: { id: 'E1' },
      verification: 'primary-seen',
      published: false,
      valueText: 'group A: 8 of 8 agreed; group B: 8 of 8 agreed; Upstream: 8 of 8 agreed; Downstream: 8 of 8 agreed',
    });
    expect(claim.sources.map((s) => s.title)).toEqual(['Report of the conversation "The river after the war"']);
    expect(claim.figures).toHaveLength(4);
    expect(claim.figures[0]).toEqual({
      label: 'participants in opinion group A who voted on the statement',
      value: 8,
      breakdown: { mode: 'complete', parts: [{ label: 'agreed', value: 8 }, { label: 'disagreed', value: 0 }, { label: 'passed', value: 0 }] },
    });
    expect(claim.notes).toContain('seeded from registry claim C1');
    expect(claim.notes).toContain('Reckon counts the votes and does not adopt it');
    const audit = await t.ctx.db.selectFrom('audit_events').select('details').where('action', '=', 'dialogue.agreement_recorded').executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ conversationId, tid: 6, claimId });
    // the registry's own trail names the facilitator who confirmed
    // (the latest claim.created: the test before left the trail of the record that held the id first)
    const written = await t.ctx.db.selectFrom('audit_events').select('actor_label').where('subject_id', '=', claimId).where('action', '=', 'claim.created').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(written.actor_label).toMatch(/^system: dialogue agreement confirmed by facilitator-/);

    // once only
    const again = await record(byTid.get(6)!);
    expect([again.statusCode, again.json().error.code, again.json().error.details.claimId]).toEqual([409, 'agreement_already_recorded', claimId]);
  });

  it('shows agreement on the registry claim per conversation: facilitators always, the public once the report is public', async () => {
    expect((await agreementOf('C1')).json().conversations).toEqual([]);
    const seen = (await agreementOf('C1', as.facilitator)).json();
    expect(seen.conversations).toHaveLength(1);
    expect(seen.conversations[0]).toMatchObject({ conversationId, tid: 6, agreement: { acrossGroups: true }, recorded: { claimId: `dialogue-${conversationId}-s6` } });
    expect(seen.recordedFrom).toBeNull();

    await t.app.inject({ method: 'PUT', url: `/api/dialogue/conversations/${conversationId}/report-visibility`, headers: as.facilitator, payload: { public: true } });
    expect((await agreementOf('C1')).json().conversations).toHaveLength(1);
    const own = (await agreementOf(`dialogue-${conversationId}-s6`)).json();
    expect(own.recordedFrom).toMatchObject({ conversationId, tid: 6, recorded: { figures: { acrossGroups: true } } });
    expect((await agreementOf('C-none')).json()).toEqual({ claimId: 'C-none', conversations: [], recordedFrom: null });
    for (const bad of ['../etc', 'a\u0000b', '<script>', 'x'.repeat(101)]) expect((await agreementOf(bad)).statusCode).toBe(400);
  });
});
