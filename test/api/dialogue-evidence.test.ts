import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/server/accounts/actor.ts';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { loginAs, type Headers } from './archive-helpers.ts';
import { createConversation, join } from './dialogue-helpers.ts';

/**
 * Issue 16, item 4: statements seeded from registry claims carry an evidence card; participants see the archive
 * items it cites only while those are public. All data here is synthetic.
 */
describe('dialogue statements grounded in registry claims', () => {
  let t: TestApp;
  let as: Record<'editor' | 'facilitator' | 'viewer', Headers>;
  let conversationId: string;
  let invitationA: string;
  let publicItem: string;
  let restrictedItem: string;

  const seed = (payload: unknown, headers: Headers = as.facilitator, id = conversationId) =>
    t.app.inject({ method: 'POST', url: `/api/dialogue/conversations/${id}/statements/from-claims`, headers, payload: payload as Record<string, unknown> });
  const count = async () => (await t.ctx.db.selectFrom('dialogue_statements').select('id').where('conversation_id', '=', conversationId).execute()).length;

  beforeAll(async () => {
    t = await createTestApp();
    as = await loginAs(t, ['editor', 'facilitator', 'viewer']);
    const item = async (title: string, confidentiality: string) => {
      const res = await t.app.inject({ method: 'POST', url: '/api/archive/items', headers: as.editor, payload: { kind: 'document', languages: ['en'], title, confidentiality } });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().item.id as string;
    };
    publicItem = await item('Synthetic report, page 3', 'restricted');
    restrictedItem = await item('Synthetic witness list', 'restricted');
    const preview = (await t.app.inject({ url: `/api/publication/item/${publicItem}`, headers: as.editor })).json();
    const made = await t.app.inject({ method: 'POST', url: `/api/publication/item/${publicItem}/public`, headers: as.editor, payload: { digest: preview.disclosure.digest } });
    expect(made.statusCode, made.body).toBe(200);

    const files = {
      'actors.csv': 'id,name,type,classification,country,subdivision,wikidata,parent,description\nA1,Ministry of Example Affairs,organization,government,,,,,\nA2,Example Watch,organization,ngo,,,,,\n',
      'events.csv': 'id,name,start_date,end_date,place,description\nE1,Synthetic event,1990-01-01,1990-01-02,Example town,\n',
      'sources.csv': `id,publisher,title,date,address,kind,language,archive_item_id\nS1,Example Watch,Synthetic report,1991,,ngo-report,en,${publicItem}\nS2,Ministry of Example Affairs,Synthetic fact sheet,1995,,government,en,${restrictedItem}\n`,
      'claims.csv':
        'id,kind,asserted_by,attribution_note,event,statement,language,value,figures,date,sources,verification,contests,notes,published\n' +
        'C1,casualty-figure,A1,,E1,Civilians killed in the example town,en,400,,1995,S2,reported,C2,,true\n' +
        'C2,casualty-figure,A2,,E1,Civilians known to have been killed in the example town,en,at least 100,,1991,S1,primary-seen,,,true\n' +
        'C3,statement,A2,,E1,An unpublished claim,en,,,1991,S1,not-verified,,,false\n',
      'claim_translations.csv': 'claim,language,text\nC2,ru,Известно о гибели мирных жителей города\nC2,hy,Latin text in the wrong script\n',
      'recognition.csv': 'id,kind,body,event,jurisdiction,level,date,term,terms,instrument,document,court,roles,sources,verification,notes,published\n',
    };
    const imported = await t.ctx.registry.importFiles(systemActor('test'), files);
    expect(imported.counts.claims).toBe(3);
    const created = await createConversation(t, as.facilitator, { seedStatements: [], communities: [{ name: { en: 'A' }, languages: ['en', 'ru'] }, { name: { en: 'B' }, languages: ['hy'] }] });
    conversationId = created.id;
    invitationA = created.invitations[0].token;
  });
  afterAll(async () => t.close());

  it('turns claims into statements in their own words, each with an evidence card; facilitators see every cited item', async () => {
    const res = await seed({ claimIds: ['C1', 'C2'] });
    expect(res.statusCode, res.body).toBe(201);
    const [c1, c2] = res.json().statements;
    expect(c1).toMatchObject({ tid: 0, text: 'Civilians killed in the example town: 400', language: 'en', moderation: 'approved', seed: true });
    expect(c1.evidence).toMatchObject({
      claimId: 'C1',
      assertedBy: 'Ministry of Example Affairs',
      verification: 'reported',
      contested: true,
      sources: [{ title: 'Synthetic fact sheet', publisher: 'Ministry of Example Affairs' }],
      archiveItems: [{ id: restrictedItem, public: false }],
    });
    expect(c1.evidence.attribution).toContain('according to Ministry of Example Affairs');
    expect(c2.evidence.archiveItems).toEqual([{ id: publicItem, public: true }]);
    // the registry's Russian translation comes along; the "Armenian" one in Latin letters does not, and is listed missing
    expect(c2.translations).toEqual({ ru: 'Известно о гибели мирных жителей города: at least 100' });
    expect(c2.translationStatus).toEqual({ en: 'original', ru: 'human', hy: 'missing' });
    const audit = await t.ctx.db.selectFrom('audit_events').select('details').where('action', '=', 'dialogue.statement_seeded').where('subject_id', '=', c1.id).executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ claimId: 'C1', tid: 0 });
    expect(JSON.stringify(audit.details)).not.toContain('Civilians');
  });

  it('shows participants the card with public archive items only, never hinting at the others', async () => {
    const participant = await join(t, invitationA);
    expect(participant.status).toBe(201);
    const seen = new Map<string, { archiveItems: unknown[] }>();
    for (let i = 0; i < 2; i++) {
      const next = (await t.app.inject({ url: `/api/dialogue/conversations/${conversationId}/participant/next`, headers: { cookie: participant.cookie } })).json();
      // the statements after this one come along, for voting through a lost connection
      expect(next.upcoming.map((u: { tid: number }) => u.tid)).toEqual(i === 0 ? [1 - next.statement.tid] : []);
      seen.set(next.statement.evidence.claimId, next.statement.evidence);
      await t.app.inject({ method: 'POST', url: `/api/dialogue/conversations/${conversationId}/participant/votes`, headers: { cookie: participant.cookie }, payload: { tid: next.statement.tid, vote: 'pass' } });
    }
    expect(seen.get('C2')!.archiveItems).toEqual([{ id: publicItem, public: true }]);
    // votes a phone kept offline and sends again after a lost acknowledgement: stored once each, never added twice
    for (let i = 0; i < 3; i++) {
      for (const tid of [0, 1]) {
        const res = await t.app.inject({ method: 'POST', url: `/api/dialogue/conversations/${conversationId}/participant/votes`, headers: { cookie: participant.cookie }, payload: { tid, vote: 'agree' } });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json().replaced).toBe(true);
      }
    }
    const checkpoint = (await t.app.inject({ method: 'POST', url: `/api/dialogue/conversations/${conversationId}/checkpoint`, headers: as.facilitator })).json();
    expect(checkpoint).toMatchObject({ votes: 2, agree: 2, participants: 1 });
    expect(seen.get('C1')!.archiveItems).toEqual([]);
    expect(JSON.stringify([...seen.values()])).not.toContain(restrictedItem);
  });

  it('refuses unknown, unpublished, repeated and malformed claims, and hostile ids, writing nothing', async () => {
    const before = await count();
    const cases: Array<[unknown, number, string]> = [
      [{ claimIds: ['C9'] }, 404, 'claim_not_found'],
      [{ claimIds: ['C3'] }, 404, 'claim_not_found'],
      [{ claimIds: ['C1'] }, 409, 'duplicate_claim'],
      [{ claimIds: ['C2', 'C2'] }, 400, 'invalid_request'],
      [{ claimIds: [] }, 400, 'invalid_request'],
      [{ claimIds: ['../../etc/passwd'] }, 400, 'invalid_request'],
      [{ claimIds: ['C1\u0000'] }, 400, 'invalid_text'],
      [{ claimIds: ['<script>alert(1)</script>'] }, 400, 'invalid_request'],
      [{ claimIds: ['\ud800'] }, 400, 'invalid_text'],
      [{ claimIds: Array.from({ length: 51 }, (_, i) => `X${i}`) }, 400, 'invalid_request'],
      [{ claimIds: ['x'.repeat(101)] }, 400, 'invalid_request'],
    ];
    for (const [payload, status, code] of cases) {
      const res = await seed(payload);
      expect(res.statusCode, `${JSON.stringify(payload).slice(0, 60)} ${res.body}`).toBe(status);
      expect(res.json().error.code).toBe(code);
    }
    expect(await count()).toBe(before);
    // a good claim beside a bad one: all or nothing, in a conversation that has neither
    const other = await createConversation(t, as.facilitator, { seedStatements: [] });
    expect((await seed({ claimIds: ['C2', 'C9'] }, as.facilitator, other.id)).statusCode).toBe(404);
    expect(await t.ctx.db.selectFrom('dialogue_statements').select('id').where('conversation_id', '=', other.id).execute()).toEqual([]);
    expect((await seed({ claimIds: ['C2'] }, as.viewer)).statusCode).toBe(403);
    expect((await seed({ claimIds: ['C2'] }, {})).statusCode).toBe(401);
  });
});
