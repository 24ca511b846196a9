import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { masterKeyPath } from '../archive/index.ts';
import { rotateMasterKey } from '../archive/key-rotation.ts';
import { SEALED_FIELDS } from '../sealed-fields.ts';
import { FieldCipher } from '../crypto/fields.ts';
import { MasterKey } from '../crypto/keys.ts';
import { identificationContext } from '../missing/service.ts';
import { createTestApp, type TestApp } from '../testing.ts';
import { contactContext, photoContext } from './service.ts';

/**
 * `reckon keys rotate` re-seals the families' contact details and photos and the missing persons' sealed
 * identification data: afterwards they open under the new key, and the old (retired) key opens none of them.
 */
describe('master-key rotation of submissions and missing persons', () => {
  let t: TestApp;
  const submission = randomUUID();
  const record = randomUUID();
  const CONTACT = JSON.stringify({ name: 'CANARY relative', contact: '+000 0000' });
  const PHOTO = Buffer.from('not really a photo').toString('base64');
  const ANTE = 'CANARY ante-mortem notes';

  beforeAll(async () => {
    t = await createTestApp();
    const old = new FieldCipher(MasterKey.loadOrCreate(masterKeyPath(t.ctx.config)));
    await sql`insert into family_submissions (id, kind, contact_sealed, photo_sealed, form_nonce) values (${submission}, 'photo', ${old.encrypt(CONTACT, contactContext(submission))}, ${old.encrypt(PHOTO, photoContext(submission))}, ${randomUUID()})`.execute(t.ctx.db);
    const source = randomUUID();
    await sql`insert into casualty_sources (id, name) values (${source}, 'Synthetic list of the missing')`.execute(t.ctx.db);
    await sql`insert into casualty_records (id, source_id, source_record_id, version, names, search_names, line) values (${record}, ${source}, '1', 1, '["Synthetic Person"]'::jsonb, 'synthetic person', 2)`.execute(t.ctx.db);
    await sql`insert into missing_identification (record_id, stage, ante_mortem_sealed) values (${record}, 'ante_mortem_collected', ${old.encrypt(ANTE, identificationContext(record, 'ante_mortem'))})`.execute(t.ctx.db);
  });
  afterAll(async () => t?.close());

  it('re-seals them under the new key; the old key is not needed and opens none', async () => {
    const keyPath = masterKeyPath(t.ctx.config);
    const oldKey = MasterKey.loadOrCreate(keyPath);
    const options = { db: t.ctx.db, backend: t.ctx.archive.blobs.backend, keyPath, tmpDir: join(t.dataDir, 'tmp'), sealedFields: SEALED_FIELDS };
    // cut off after the first re-sealed field: the run again finishes the rest and counts the first as done
    await expect(rotateMasterKey({ ...options, crashAfter: 1 })).rejects.toThrow(/simulated crash/);
    const result = await rotateMasterKey(options);
    expect(result.sealedFields + result.alreadyDone).toBeGreaterThanOrEqual(3);
    const fresh = new FieldCipher(MasterKey.loadOrCreate(keyPath));
    const stale = new FieldCipher(oldKey);
    const row = (await sql<{ contact_sealed: string; photo_sealed: string }>`select contact_sealed, photo_sealed from family_submissions where id = ${submission}`.execute(t.ctx.db)).rows[0];
    const ident = (await sql<{ ante_mortem_sealed: string }>`select ante_mortem_sealed from missing_identification where record_id = ${record}`.execute(t.ctx.db)).rows[0];
    expect(fresh.decrypt(row.contact_sealed, contactContext(submission))).toBe(CONTACT);
    expect(fresh.decrypt(row.photo_sealed, photoContext(submission))).toBe(PHOTO);
    expect(fresh.decrypt(ident.ante_mortem_sealed, identificationContext(record, 'ante_mortem'))).toBe(ANTE);
    expect(() => stale.decrypt(row.contact_sealed, contactContext(submission))).toThrow();
    expect(() => stale.decrypt(row.photo_sealed, photoContext(submission))).toThrow();
    expect(() => stale.decrypt(ident.ante_mortem_sealed, identificationContext(record, 'ante_mortem'))).toThrow();
    // nothing sealed reaches the audit of the rotation
    const audit = await sql<{ details: unknown }>`select details from audit_events where action = 'keys.rotated'`.execute(t.ctx.db);
    expect(JSON.stringify(audit.rows)).not.toContain('CANARY');
  });
});
