import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { syntheticFiles, userWithRole } from './registry-fixtures.ts';

type Headers = Record<string, string>;

describe('registry API', () => {
  let t: TestApp;
  let admin: Headers;
  let editor: Headers;
  let reviewer: Headers;
  let viewer: Headers;
  const inject = (method: 'GET' | 'POST' | 'PUT', url: string, headers?: Headers, payload?: unknown) =>
    t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  const auditActions = async () =>
    (await inject('GET', '/api/audit?limit=100', admin)).json().events as { action: string; subjectId: string; details: Record<string, unknown> }[];

  beforeAll(async () => {
    t = await createTestApp();
    admin = (await t.login(t.admin.username, t.admin.password)).headers;
    editor = (await userWithRole(t, 'editor1', 'editor')).headers;
    reviewer = (await userWithRole(t, 'reviewer1', 'reviewer')).headers;
    viewer = (await userWithRole(t, 'viewer1', 'viewer')).headers;
  });
  afterAll(async () => t?.close());

  it('refuses imports from the public and from viewers, and bad input with every problem located, writing nothing', async () => {
    expect((await inject('POST', '/api/registry/import', undefined, { files: syntheticFiles })).statusCode).toBe(401);
    expect((await inject('POST', '/api/registry/import', viewer, { files: syntheticFiles })).statusCode).toBe(403);

    const broken = {
      ...syntheticFiles,
      'claims.csv': `${syntheticFiles['claims.csv']}CL1,statement,NOBODY,,,dup,en,,,2013-02-30,SRC9,reported,,,true\n`,
      'actors.csv': `${syntheticFiles['actors.csv']}ACT9,X,organization,state,UK,,,,\n`,
    };
    const refused = await inject('POST', '/api/registry/import', editor, { files: broken });
    expect(refused.statusCode).toBe(400);
    const body = refused.json();
    expect(body.error.code).toBe('import_rejected');
    const located = body.error.details.problems.filter((p: { severity: string }) => p.severity === 'error').map((p: { code: string; file: string; line: number; field: string }) => `${p.code}@${p.file}:${p.line}#${p.field}`);
    expect(located).toEqual(
      expect.arrayContaining([
        'unknown_country@actors.csv:6#country',
        'invalid_date@claims.csv:5#date',
        'duplicate_id@claims.csv:5#id',
        'unknown_reference@claims.csv:5#asserted_by',
        'unknown_reference@claims.csv:5#sources',
      ]),
    );
    const overview = (await inject('GET', '/api/registry', editor)).json();
    expect(overview.counts).toMatchObject({ sources: 0, actors: 0, claims: 0, recognitionActs: 0 });
    expect((await auditActions()).some((e) => e.action === 'registry.imported')).toBe(false);
  });

  it('refuses malformed request bodies and hostile file names', async () => {
    const cases: unknown[] = [{}, { files: 'x' }, { files: { '../etc/passwd': 'x' } }, { files: syntheticFiles, extra: 1 }, { files: { 'a.csv': 5 } }];
    for (const payload of cases) {
      const response = await inject('POST', '/api/registry/import', editor, payload);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('invalid_request');
    }
    const huge = await t.app.inject({ method: 'POST', url: '/api/registry/import', headers: { ...editor, 'content-type': 'application/json' }, payload: `{"files":{"sources.csv":"${'x'.repeat(26 * 1024 * 1024)}"}}` });
    expect(huge.statusCode).toBe(413);
  });

  it('checks an import without writing it (dry run), then imports all of it once, audited with its hash', async () => {
    const dry = await inject('POST', '/api/registry/import', editor, { files: syntheticFiles, dryRun: true });
    expect(dry.statusCode).toBe(200);
    expect(dry.json().counts).toEqual({ sources: 3, actors: 4, events: 1, claims: 3, recognitionActs: 1 });
    expect((await inject('GET', '/api/registry', editor)).json().counts.claims).toBe(0);

    const done = await inject('POST', '/api/registry/import', editor, { files: syntheticFiles, label: 'synthetic' });
    expect(done.statusCode).toBe(201);
    const imported = (await auditActions()).find((e) => e.action === 'registry.imported');
    expect(imported?.details).toMatchObject({ label: 'synthetic', sha256: done.json().sha256, counts: { claims: 3 } });

    const again = await inject('POST', '/api/registry/import', editor, { files: syntheticFiles });
    expect(again.statusCode).toBe(400);
    const codes = again.json().error.details.problems.map((p: { code: string }) => p.code);
    expect(new Set(codes)).toEqual(new Set(['already_exists']));
  });

  it('shows the public only published records, each attributed to its actor and sources', async () => {
    const publicClaims = (await inject('GET', '/api/registry/claims')).json().claims as { id: string; attribution: string; actor: { name: string } }[];
    expect(publicClaims.map((c) => c.id)).toEqual(['CL1', 'CL2']);
    expect(publicClaims[1].attribution).toBe('according to Example Watch (as summarised), Example Gazette, "Report on the flood" (2001-05); Example Court, "Judgment 12/3" (2003)');
    // names that only unpublished records mention stay internal
    const publicActors = (await inject('GET', '/api/registry/actors')).json().actors.map((a: { id: string }) => a.id);
    expect(publicActors).not.toContain('ACT4');
    expect((await inject('GET', '/api/registry/sources')).json().sources.map((s: { id: string }) => s.id)).not.toContain('SRC3');
    expect((await inject('GET', '/api/registry/claims/CL3')).statusCode).toBe(404);
    expect((await inject('GET', '/api/registry/claims', viewer)).json().claims).toHaveLength(2);
    expect((await inject('GET', '/api/registry/claims', editor)).json().claims).toHaveLength(3);
  });

  it('filters claims and acts by actor, kind, verification, term, level and date', async () => {
    const ids = async (url: string) => (await inject('GET', url, editor)).json()[url.includes('recognition') ? 'acts' : 'claims'].map((x: { id: string }) => x.id);
    expect(await ids('/api/registry/claims?actor=ACT2')).toEqual(['CL2']);
    expect(await ids('/api/registry/claims?kind=statement')).toEqual(['CL3']);
    expect(await ids('/api/registry/claims?verification=primary-seen')).toEqual(['CL2']);
    expect(await ids('/api/registry/claims?from=2003&to=2004-06')).toEqual(['CL2', 'CL3']);
    expect(await ids('/api/registry/claims?q=watch')).toEqual(['CL2']);
    expect(await ids('/api/registry/recognition?term=tragedy&level=sub-national&jurisdiction=GB')).toEqual(['RA1']);
    expect(await ids('/api/registry/recognition?term=genocide')).toEqual([]);
    for (const bad of ['/api/registry/claims?kind=rumour', '/api/registry/claims?from=2013-02-30x', "/api/registry/claims?actor=x' or 1=1", '/api/registry/recognition?jurisdiction=Scotland']) {
      const response = await inject('GET', bad);
      expect(response.statusCode, bad).toBe(400);
    }
  });

  it('serves an event with figures side by side, acts, and contested pairs; a claim with its source chain', async () => {
    const event = (await inject('GET', '/api/registry/events/EV1')).json();
    expect(event.casualtyFigures.map((c: { id: string }) => c.id)).toEqual(['CL1', 'CL2']);
    expect(event.recognitionActs[0]).toMatchObject({ id: 'RA1', country: 'GB', jurisdiction: 'GB-SCT', terms: ['tragedy'] });
    expect(event.contested).toHaveLength(1);
    expect(event.contested[0].claim.id).toBe('CL2');
    expect(event.contested[0].contested.id).toBe('CL1');

    const claim = (await inject('GET', '/api/registry/claims/CL2')).json();
    expect(claim.claim.sources.map((s: { id: string; archiveItemId: string | null }) => [s.id, s.archiveItemId])).toEqual([
      ['SRC1', null],
      ['SRC2', 'item-42'],
    ]);
    expect(claim.contests.map((c: { id: string }) => c.id)).toEqual(['CL1']);
    expect((await inject('GET', '/api/registry/claims/CL1')).json().contestedBy.map((c: { id: string }) => c.id)).toEqual(['CL2']);
    expect((await inject('GET', '/api/registry/claims/NOPE')).statusCode).toBe(404);
    expect((await inject('GET', '/api/registry/events/NOPE')).statusCode).toBe(404);
  });

  it('lets only reviewers change a verification level, with a note, recorded with from, to and note', async () => {
    const url = '/api/registry/claims/CL1/verification';
    const change = { verification: 'primary-seen', note: 'Read the ministry statement itself <b>in print</b>' };
    expect((await inject('PUT', url, undefined, change)).statusCode).toBe(401);
    expect((await inject('PUT', url, editor, change)).statusCode).toBe(403);
    const noNote = await inject('PUT', url, reviewer, { verification: 'primary-seen', note: '  ' });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().error.code).toBe('note_required');
    expect((await inject('PUT', url, reviewer, { verification: 'certain', note: 'x' })).statusCode).toBe(400);
    expect((await inject('PUT', '/api/registry/claims/NOPE/verification', reviewer, change)).statusCode).toBe(404);

    const ok = await inject('PUT', url, reviewer, change);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().claim.verification).toBe('primary-seen');
    expect((await inject('PUT', url, reviewer, change)).statusCode).toBe(409);
    const audit = (await auditActions()).find((e) => e.action === 'claim.verification_changed');
    expect(audit).toMatchObject({ subjectId: 'CL1', details: { from: 'reported', to: 'primary-seen', note: change.note } });
    const detail = (await inject('GET', '/api/registry/claims/CL1', editor)).json();
    expect(detail.history).toEqual([expect.objectContaining({ from: 'reported', to: 'primary-seen', by: 'reviewer1' })]);
    // the public sees the level, not who changed it
    expect((await inject('GET', '/api/registry/claims/CL1')).json().history).toEqual([]);

    const act = await inject('PUT', '/api/registry/recognition/RA1/verification', reviewer, { verification: 'not-verified', note: 'Motion text not found' });
    expect(act.statusCode).toBe(200);
    expect((await auditActions()).some((e) => e.action === 'recognition.verification_changed' && e.details.from === 'reported')).toBe(true);
  });

  it('publishes and withdraws records (editor or reviewer), audited', async () => {
    expect((await inject('PUT', '/api/registry/claims/CL3/published', viewer, { published: true })).statusCode).toBe(403);
    expect((await inject('PUT', '/api/registry/claims/CL3/published', editor, { published: true })).statusCode).toBe(204);
    expect((await inject('GET', '/api/registry/claims/CL3')).statusCode).toBe(200);
    expect((await inject('PUT', '/api/registry/claims/CL3/published', editor, { published: false })).statusCode).toBe(204);
    expect((await inject('GET', '/api/registry/claims/CL3')).statusCode).toBe(404);
    const actions = (await auditActions()).filter((e) => e.subjectId === 'CL3').map((e) => e.action);
    expect(actions).toEqual(['claim.unpublished', 'claim.published']);
  });

  it('stores script and SQL fragments as text', async () => {
    const files = {
      'sources.csv': 'id,publisher,title,date,address,kind,language,archive_item_id\nX1,<script>alert(1)</script>,"Robert\'); DROP TABLE registry_claims;--",,,news,,\n',
      'actors.csv': 'id,name,type,classification,country,subdivision,wikidata,parent,description\nXA,<img src=x onerror=alert(1)>,person,other,,,,,\n',
      'claims.csv': 'id,kind,asserted_by,attribution_note,event,statement,language,value,figures,date,sources,verification,contests,notes,published\nXC,statement,XA,,,"1; DELETE FROM users",en,,,,X1,reported,,,true\n',
    };
    const response = await inject('POST', '/api/registry/import', editor, { files });
    expect(response.statusCode).toBe(201);
    expect(response.json().warnings.map((w: { code: string; field: string }) => `${w.code}#${w.field}`)).toEqual(['markup_in_text#publisher', 'markup_in_text#name']);
    const claim = (await inject('GET', '/api/registry/claims/XC')).json().claim;
    expect(claim.statement).toBe('1; DELETE FROM users');
    expect(claim.actor.name).toBe('<img src=x onerror=alert(1)>');
    expect(claim.sources[0].title).toBe("Robert'); DROP TABLE registry_claims;--");
    expect((await inject('GET', '/api/registry/claims', editor)).json().claims.length).toBe(4);
  });

  it('exports only to editors and reviewers', async () => {
    expect((await inject('GET', '/api/registry/export')).statusCode).toBe(401);
    expect((await inject('GET', '/api/registry/export', viewer)).statusCode).toBe(403);
    const csv = (await inject('GET', '/api/registry/export?format=csv', reviewer)).json();
    expect(Object.keys(csv.files).sort()).toEqual(['actors.csv', 'claim_translations.csv', 'claims.csv', 'events.csv', 'recognition.csv', 'sources.csv']);
    expect((await inject('GET', '/api/registry/export?format=xml', reviewer)).statusCode).toBe(400);
  });
});
