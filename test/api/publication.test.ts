import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { loginAs, multipart, type Headers } from './archive-helpers.ts';

describe('publication: one "Make public" step with a confirmation, refused without consent, withdrawn, audited', () => {
  let test: TestApp;
  let as: Record<'editor' | 'viewer' | 'facilitator', Headers>;
  const item = async (payload: Record<string, unknown>) => {
    const res = await test.app.inject({ method: 'POST', url: '/api/archive/items', headers: as.editor, payload: { kind: 'document', languages: ['en'], ...payload } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().item.id as string;
  };
  const preview = async (kind: string, id: string, who: Headers = as.editor) => test.app.inject({ method: 'GET', url: `/api/publication/${kind}/${id}`, headers: who });
  const makePublic = async (kind: string, id: string, digest: string, who: Headers = as.editor) =>
    test.app.inject({ method: 'POST', url: `/api/publication/${kind}/${id}/public`, headers: who, payload: { digest } });
  const publicSees = async (id: string) => (await test.app.inject({ method: 'GET', url: `/api/archive/items/${id}` })).statusCode;

  beforeAll(async () => {
    test = await createTestApp();
    as = await loginAs(test, ['editor', 'viewer', 'facilitator']);
  });
  afterAll(async () => test?.close());

  it('lists what becomes visible (metadata, GPS, names), publishes a restricted item in one step, and withdraws it back to restricted', async () => {
    const id = await item({ title: 'Map of the shelled quarter', description: 'Hand-drawn', confidentiality: 'restricted', providedBy: 'Kamala Invented', place: { name: 'Village A', latitude: 40.1, longitude: 46.2 } });
    const shown = await preview('item', id);
    expect(shown.statusCode, shown.body).toBe(200);
    const view = shown.json();
    expect(view.state).toBe('not_public');
    expect(view.disclosure.gps).toEqual({ latitude: 40.1, longitude: 46.2 });
    expect(view.disclosure.fields).toEqual(expect.arrayContaining(['title', 'description', 'place_name']));
    expect(view.disclosure.notes).toContain('confidentiality_lifted:restricted');
    expect(view.disclosure.refusal).toBeNull();
    expect(await publicSees(id)).toBe(404);

    // A viewer may look at nothing here; a stale or made-up confirmation is refused.
    expect((await preview('item', id, as.viewer)).statusCode).toBe(403);
    expect((await makePublic('item', id, 'f'.repeat(64))).json().error.code).toBe('disclosure_changed');
    expect((await makePublic('item', id, 'not-a-digest')).statusCode).toBe(400);

    const made = await makePublic('item', id, view.disclosure.digest);
    expect(made.statusCode, made.body).toBe(200);
    expect(made.json().state).toBe('public');
    expect(await publicSees(id)).toBe(200);
    const stored = () => test.ctx.db.selectFrom('items').select(['state', 'confidentiality']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(await stored()).toEqual({ state: 'published', confidentiality: 'public' });

    const withdrawn = await test.app.inject({ method: 'POST', url: `/api/publication/item/${id}/withdraw`, headers: as.editor, payload: { reason: 'family request' } });
    expect(withdrawn.json().state).toBe('not_public');
    expect(await publicSees(id)).toBe(404);
    expect(await stored()).toEqual({ state: 'draft', confidentiality: 'restricted' });

    const actions = (await test.ctx.db.selectFrom('audit_events').select(['action', 'details']).where('subject_id', '=', id).orderBy('id').execute()).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['publication.made_public', 'publication.withdrawn']));
  });

  it("names each published photo whose EXIF carries a GPS position or a camera's serial number", { timeout: 90_000 }, async () => {
    const photo = await sharp({ create: { width: 24, height: 16, channels: 3, background: '#556b2f' } })
      .jpeg()
      .withExif({ IFD0: { Make: 'FieldCam' }, IFD2: { BodySerialNumber: 'SN-0042' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '39/1 49/1 30/1', GPSLongitudeRef: 'E', GPSLongitude: '46/1 45/1 18/1' } })
      .toBuffer();
    const body = multipart({ name: 'site north.jpg', content: photo, type: 'image/jpeg' }, { metadata: JSON.stringify({ title: 'Crater', confidentiality: 'public', languages: ['en'] }) });
    const up = await test.app.inject({ method: 'POST', url: '/api/archive/upload', headers: { ...as.editor, ...body.headers }, payload: body.payload });
    expect(up.statusCode, up.body).toBe(201);
    const { item, file } = up.json();
    // The notes come from the photo's metadata, which the extraction job reads after the upload.
    expect(await test.ctx.jobs.drain()).toBeGreaterThanOrEqual(1);
    const notes: string[] = (await preview('item', item.id)).json().disclosure.notes;
    expect(notes).toEqual(expect.arrayContaining(['file_gps:site north.jpg', 'file_serial:site north.jpg']));
    // An item whose only photo stays restricted names nothing: the file is not published.
    await test.ctx.db.updateTable('item_files').set({ confidentiality: 'restricted' }).where('id', '=', file.id).execute();
    expect((await preview('item', item.id)).json().disclosure.notes.filter((n: string) => n.startsWith('file_'))).toEqual([]);
  });

  it('refuses confidential material without a recorded publication consent, and a testimony whose witness did not consent', async () => {
    const secret = await item({ title: 'Confidential forensic notes', confidentiality: 'confidential' });
    const view = (await preview('item', secret)).json();
    expect(view.disclosure.refusal.code).toBe('publication_consent_missing');
    const refused = await makePublic('item', secret, view.disclosure.digest);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('publication_consent_missing');
    expect(await publicSees(secret)).toBe(404);

    const testimony = async (scopes: string[]) => {
      const res = await test.app.inject({
        method: 'POST',
        url: '/api/archive/testimonies',
        headers: as.editor,
        payload: {
          item: { title: 'Testimony of witness W-3', confidentiality: 'confidential', languages: ['az'] },
          pseudonym: 'W-3',
          identity: { name: 'Canary Sealedname', contact: '+994 00 000 00 00' },
          consents: scopes.map((scope) => ({ scope, givenOn: '2024-05-01' })),
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().testimony.itemId as string;
    };
    const noConsent = await testimony(['internal_use']);
    expect((await preview('item', noConsent)).json().disclosure.refusal.code).toBe('publication_consent_missing');
    const consented = await testimony(['internal_use', 'publication']);
    const ok = (await preview('item', consented)).json();
    expect(ok.disclosure.refusal).toBeNull();
    expect(ok.disclosure.names).toEqual(['W-3']);
    expect(JSON.stringify(ok)).not.toContain('Sealedname');
    expect(ok.disclosure.notes).toEqual(expect.arrayContaining(['protected_identity_stays_sealed', 'publication_consent_recorded']));
    expect((await makePublic('item', consented, ok.disclosure.digest)).json().state).toBe('public');
    expect(await publicSees(consented)).toBe(200);
  });

  it('shows one state for many subjects, refuses unknown kinds and hostile ids, and an estimate that is not finished', async () => {
    const id = await item({ title: 'Public list', confidentiality: 'public' });
    const states = await test.app.inject({ method: 'GET', url: `/api/publication/states?kind=item&ids=${id},nonsense`, headers: as.viewer });
    expect(states.json().states).toEqual([{ id, state: 'not_public' }, { id: 'nonsense', state: 'not_public' }]);
    expect((await test.app.inject({ method: 'GET', url: '/api/publication/states?kind=item&ids=x' })).statusCode).toBe(401);
    expect((await preview('person', id)).statusCode).toBe(400);
    expect((await preview('item', "1' or 1=1--")).statusCode).toBe(404);
    expect((await preview('claim', '<script>')).statusCode).toBe(404);
    expect((await preview('item', 'a%00b')).statusCode).toBe(400);
    expect((await preview('estimate', '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await test.app.inject({ method: 'POST', url: `/api/publication/item/${id}/public`, headers: as.editor, payload: { digest: 'a'.repeat(64), extra: 1 } })).statusCode).toBe(400);
    expect((await makePublic('item', id, 'a'.repeat(64), {})).statusCode).toBe(401);
  });
});
