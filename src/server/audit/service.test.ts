import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicActor, systemActor, type Actor } from '../accounts/actor.ts';
import type { DatabaseHandle } from '../db/connect.ts';
import { openTestDatabase } from '../db/testing.ts';
import { DomainError } from '../errors.ts';
import { readAuditTrail, recordAudit } from './service.ts';

// The role check lives in the service (docs/ARCHITECTURE.md), so it is tested here without starting the HTTP app.
const user = (role: 'admin' | 'editor' | 'viewer'): Actor => ({ kind: 'user', userId: `u-${role}`, username: role, role, via: 'session' });

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return 'no error';
}

describe('audit service', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase();
    await recordAudit(handle.db, systemActor('test'), { action: 'thing.created', subjectType: 'thing', subjectId: 't1' });
    await recordAudit(handle.db, systemActor('test'), { action: 'other.created', subjectType: 'other', subjectId: 'o1' });
  });
  afterAll(async () => handle.close());

  it('shows the trail to administrators only', async () => {
    expect(await codeOf(readAuditTrail(handle.db, user('editor'), { limit: 10 }))).toBe('forbidden');
    expect(await codeOf(readAuditTrail(handle.db, user('viewer'), { limit: 10 }))).toBe('forbidden');
    expect(await codeOf(readAuditTrail(handle.db, publicActor, { limit: 10 }))).toBe('unauthenticated');
    const events = await readAuditTrail(handle.db, user('admin'), { limit: 10 });
    expect(events.map((e) => e.action)).toEqual(['other.created', 'thing.created']);
  });

  it('filters by subject and pages by id', async () => {
    const admin = user('admin');
    const things = await readAuditTrail(handle.db, admin, { limit: 10, subjectType: 'thing', subjectId: 't1' });
    expect(things.map((e) => [e.action, e.actorName])).toEqual([['thing.created', 'system: test']]);
    const [newest] = await readAuditTrail(handle.db, admin, { limit: 1 });
    const older = await readAuditTrail(handle.db, admin, { limit: 10, before: newest!.id });
    expect(older.map((e) => e.action)).toEqual(['thing.created']);
  });
});
