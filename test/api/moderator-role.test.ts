import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { masterKeyPath } from '../../src/server/archive/index.ts';
import { FieldCipher } from '../../src/server/crypto/fields.ts';
import { MasterKey } from '../../src/server/crypto/keys.ts';
import { SubmissionsService } from '../../src/server/submissions/service.ts';
import { FormTokens } from '../../src/server/submissions/token.ts';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { loginAs, type Headers } from './archive-helpers.ts';

/** The smallest PNG: a 1×1 transparent pixel. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const CONTACT = 'CANARYMODCONTACT relative@example.org';

/**
 * The moderator: reviews what the public sends and records what families report about the missing (statuses and
 * sightings), and nothing else an editor may do. Every other role is refused the moderation queue.
 */
describe('the moderator role', () => {
  let test: TestApp;
  let as: Record<'moderator' | 'editor' | 'reviewer' | 'viewer' | 'facilitator', Headers>;
  let submissions: SubmissionsService;
  let recordId = '';
  let sourceId = '';
  const call = (who: Headers | undefined, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => test.app.inject({ method, url, headers: who ?? {}, payload: payload as object });
  /** A family's submission as the public form hands it to the service (the form's token and its answer). */
  const submit = async (kind: 'missing_name' | 'photo') => {
    const { token } = submissions.newForm();
    const [, , , a, b] = token.split('.');
    const form = { token, answer: String(Number(a) + Number(b)), lang: 'en' as const, kind, status: 'unknown' as const, contact: CONTACT, ...(kind === 'photo' ? { person: crypto.randomUUID() } : { name: 'Nigar Mammadli', place: 'Xocalı' }) };
    return (await submissions.submit(form, kind === 'photo' ? { bytes: PNG, name: 'portrait.png' } : null)).id;
  };

  beforeAll(async () => {
    test = await createTestApp();
    as = await loginAs(test, ['moderator', 'editor', 'reviewer', 'viewer', 'facilitator']);
    const master = MasterKey.loadOrCreate(masterKeyPath(test.ctx.config));
    submissions = new SubmissionsService(
      // The memorial person a photo concerns is taken as public here: this file is about roles, not the memorial.
      { db: test.ctx.db, cipher: new FieldCipher(master), tokens: new FormTokens(master.derive('family submission form tokens v1')), items: test.ctx.archive.items, blobs: test.ctx.archive.blobs, publicPerson: async () => ({}) },
      { perHour: 100, perAddress: 100 },
    );
    const source = await call(as.editor, 'POST', '/api/casualties/sources', { name: 'List of the missing (moderator test)' });
    sourceId = source.json().source?.id ?? source.json().id;
    const csv = 'id,name,status\n1,Vugar Huseynov,missing\n';
    const imported = await call(as.editor, 'POST', `/api/missing/sources/${sourceId}/import`, { csvBase64: Buffer.from(csv).toString('base64'), mapping: { source_record_id: 'id', name: 'name' } });
    expect(imported.statusCode, imported.body).toBe(200);
    recordId = (await call(as.editor, 'GET', '/api/missing/persons?q=Vugar')).json().persons[0].id;
  }, 240_000);
  afterAll(async () => test?.close());

  it('reads the queue, opens the contact, and accepts a missing name as a new record of the families\' source', async () => {
    const id = await submit('missing_name');
    const queue = await call(as.moderator, 'GET', '/api/submissions?state=pending');
    expect(queue.statusCode, queue.body).toBe(200);
    expect(queue.json().submissions.map((s: { id: string }) => s.id)).toContain(id);
    expect(queue.body).not.toContain('CANARYMODCONTACT');
    const opened = await call(as.moderator, 'GET', `/api/submissions/${id}`);
    expect(opened.statusCode).toBe(200);
    expect(JSON.stringify(opened.json().submission)).toContain('CANARYMODCONTACT');
    const accepted = await call(as.moderator, 'POST', `/api/submissions/${id}/accept`, { note: 'checked by telephone' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const recordOf = accepted.json().submission.recordId as string;
    const record = await sql<{ notes: string; source: string }>`select r.notes, s.name as source from casualty_records r join casualty_sources s on s.id = r.source_id where r.id = ${recordOf}`.execute(test.ctx.db);
    expect(record.rows[0].source).toMatch(/^Submitted by relatives/);
    expect(record.rows[0].notes).toMatch(/^submitted by a relative, \d{4}-\d{2}-\d{2}/);
    const audit = await sql<{ actor_label: string }>`select actor_label from audit_events where action = 'submission.accepted' and subject_id = ${id}`.execute(test.ctx.db);
    expect(audit.rows.map((r) => r.actor_label)).toEqual([expect.stringMatching(/^moderator-/)]);
  });

  it('accepts a photo as a confidential archive item made on the acceptance\'s behalf, and rejects with a reason', async () => {
    const photo = await submit('photo');
    const accepted = await call(as.moderator, 'POST', `/api/submissions/${photo}/accept`, {});
    expect(accepted.statusCode, accepted.body).toBe(200);
    const itemId = accepted.json().submission.itemId as string;
    const item = await sql<{ confidentiality: string }>`select confidentiality from items where id = ${itemId}`.execute(test.ctx.db);
    expect(item.rows[0].confidentiality).toBe('confidential');
    const made = await sql<{ actor_label: string }>`select actor_label from audit_events where subject_id = ${itemId} order by id limit 1`.execute(test.ctx.db);
    expect(made.rows[0].actor_label).toMatch(new RegExp(`^system: submission ${photo} accepted by moderator-`));
    const other = await submit('missing_name');
    expect((await call(as.moderator, 'POST', `/api/submissions/${other}/reject`, { reason: '' })).statusCode).toBe(400);
    const rejected = await call(as.moderator, 'POST', `/api/submissions/${other}/reject`, { reason: 'a duplicate of an accepted name' });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rejected.json().submission.state).toBe('rejected');
    // deciding twice is refused
    expect((await call(as.moderator, 'POST', `/api/submissions/${other}/accept`, {})).json().error.code).toBe('submission_decided');
  });

  it('refuses the queue to every other role but editors, and to the anonymous visitor', async () => {
    const id = await submit('missing_name');
    for (const role of ['viewer', 'reviewer', 'facilitator'] as const) {
      for (const [method, url, payload] of [['GET', '/api/submissions'], ['GET', `/api/submissions/${id}`], ['POST', `/api/submissions/${id}/accept`, {}], ['POST', `/api/submissions/${id}/reject`, { reason: 'no' }]] as const) {
        const res = await call(as[role], method, url, payload);
        expect(res.statusCode, `${role} ${method} ${url}`).toBe(403);
        expect(res.body).not.toContain('CANARYMODCONTACT');
      }
    }
    expect((await call(undefined, 'GET', '/api/submissions')).statusCode).toBe(401);
    expect((await call(as.editor, 'GET', `/api/submissions/${id}`)).statusCode).toBe(200);
    const state = await sql<{ state: string }>`select state from family_submissions where id = ${id}`.execute(test.ctx.db);
    expect(state.rows[0].state).toBe('pending');
  });

  it('records families\' reports about the missing (statuses, sightings) but not places, identification, imports, items or publication', async () => {
    expect((await call(as.moderator, 'GET', `/api/missing/persons/${recordId}`)).statusCode).toBe(200);
    const status = await call(as.moderator, 'POST', `/api/missing/persons/${recordId}/statuses`, { status: 'detained', date: '1992-03', reportedBy: 'His sister, by telephone' });
    expect(status.statusCode, status.body).toBe(201);
    const seen = await call(as.moderator, 'POST', `/api/missing/persons/${recordId}/last-seen`, { seenOn: '1992-02-26', place: 'the road to Ağdam', reportedBy: 'A neighbour' });
    expect(seen.statusCode, seen.body).toBe(201);
    const refused = [
      await call(as.moderator, 'POST', '/api/missing/places', { kind: 'burial_site', name: 'Site 9' }),
      await call(as.moderator, 'PUT', `/api/missing/persons/${recordId}/identification`, { stage: 'identified' }),
      await call(as.moderator, 'POST', `/api/missing/sources/${sourceId}/import`, { csvBase64: Buffer.from('id,name\n2,Kamala Aliyeva\n').toString('base64'), mapping: { source_record_id: 'id', name: 'name' } }),
      await call(as.moderator, 'POST', '/api/archive/items', { kind: 'document', languages: ['en'], title: 'A letter', confidentiality: 'confidential' }),
      await call(as.moderator, 'GET', `/api/publication/item/${crypto.randomUUID()}`),
    ];
    expect(refused.map((r) => r.statusCode), refused.map((r) => r.body.slice(0, 200)).join(' | ')).toEqual([403, 403, 403, 403, 403]);
    expect((await call(as.viewer, 'POST', `/api/missing/persons/${recordId}/statuses`, { status: 'released', reportedBy: 'x' })).statusCode).toBe(403);
    expect((await call(as.facilitator, 'GET', '/api/missing/persons')).statusCode).toBe(403);
    const person = (await call(as.editor, 'GET', `/api/missing/persons/${recordId}`)).json();
    // The family's report stands beside the list's, never replacing it.
    expect(person.statuses.map((s: { status: string; reportedBy: string }) => `${s.status} / ${s.reportedBy}`).sort()).toEqual(['detained / His sister, by telephone', 'missing / List of the missing (moderator test)']);
    expect(person.lastSeen).toHaveLength(1);
    expect(person.identification.stage).toBeNull();
  });
});
