import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { loginAs, type Headers } from './archive-helpers.ts';

/**
 * The web app reads a testimony without its protected identity (?identity=0) and asks for the identity only when
 * the reader chooses to see it: a page view must not decrypt it, return it, or record it as seen.
 */
describe('testimony look-up without the protected identity', () => {
  let test: TestApp;
  let as: Record<'editor' | 'viewer', Headers>;
  let id: string;

  beforeAll(async () => {
    test = await createTestApp();
    as = await loginAs(test, ['editor', 'viewer']);
    const created = await test.app.inject({
      method: 'POST',
      url: '/api/archive/testimonies',
      headers: as.editor,
      payload: { item: { title: 'Synthetic testimony', confidentiality: 'restricted' }, pseudonym: 'W-1', identity: { name: 'Synthetic Realname', contact: 'synthetic contact' }, consents: [{ scope: 'internal_use', givenOn: '2024-01-02' }] },
    });
    expect(created.statusCode, created.body).toBe(201);
    id = created.json().testimony.itemId;
  }, 120_000);

  afterAll(async () => {
    await test?.close();
  });

  const identityViews = async () =>
    (await test.ctx.db.selectFrom('audit_events').select('id').where('action', '=', 'testimony.identity_viewed').where('subject_id', '=', id).execute()).length;

  it('leaves the identity out with identity=0 and records no look', async () => {
    const response = await test.app.inject({ method: 'GET', url: `/api/archive/testimonies/${id}?identity=0`, headers: as.editor });
    expect(response.statusCode).toBe(200);
    expect(response.json().testimony.identity).toBeNull();
    expect(response.json().testimony.hasIdentity).toBe(true);
    expect(response.body).not.toContain('Synthetic Realname');
    expect(await identityViews()).toBe(0);
  });

  it('returns it when asked (identity=1 or by default) and records each look', async () => {
    const asked = await test.app.inject({ method: 'GET', url: `/api/archive/testimonies/${id}?identity=1`, headers: as.editor });
    expect(asked.json().testimony.identity).toEqual({ name: 'Synthetic Realname', contact: 'synthetic contact' });
    expect(await identityViews()).toBe(1);
    const byDefault = await test.app.inject({ method: 'GET', url: `/api/archive/testimonies/${id}`, headers: as.editor });
    expect(byDefault.json().testimony.identity.name).toBe('Synthetic Realname');
    expect(await identityViews()).toBe(2);
  });

  it('never shows it to a viewer, whatever is asked, and refuses other values', async () => {
    const viewer = await test.app.inject({ method: 'GET', url: `/api/archive/testimonies/${id}?identity=1`, headers: as.viewer });
    expect(viewer.statusCode).toBe(200);
    expect(viewer.json().testimony.identity).toBeNull();
    expect(viewer.body).not.toContain('Synthetic Realname');
    const bad = await test.app.inject({ method: 'GET', url: `/api/archive/testimonies/${id}?identity=yes`, headers: as.editor });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_request');
  });

  it('answers changes (edit, consent, transcript) without the decrypted identity and records no look', async () => {
    const before = await identityViews();
    const changes = [
      { method: 'PATCH' as const, url: `/api/archive/testimonies/${id}`, payload: { pseudonym: 'W-1b' } },
      { method: 'POST' as const, url: `/api/archive/testimonies/${id}/consents`, payload: { scope: 'court_use', givenOn: '2024-02-03' } },
      { method: 'PUT' as const, url: `/api/archive/testimonies/${id}/texts/en`, payload: { kind: 'transcript', text: 'A synthetic transcript.' } },
    ];
    for (const change of changes) {
      const response = await test.app.inject({ ...change, headers: as.editor });
      expect(response.statusCode, response.body).toBeLessThan(300);
      expect(response.body).not.toContain('Synthetic Realname');
      expect(response.json().testimony.hasIdentity).toBe(true);
    }
    expect(await identityViews()).toBe(before);
  });
});
