import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { FAMILY_SOURCE_NAME } from '../../src/server/submissions/service.ts';
import { loginAs, type Headers } from './archive-helpers.ts';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const MAPPING = { source_record_id: 'id', name: 'name', sex: 'sex', birth_date: 'born', death_date: 'died', place: 'place' };
/** The smallest PNG: a 1×1 transparent pixel. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const SCRIPT = '<script>alert(1)</script>';

type Part = [name: string, value: string | Buffer] | [name: string, value: Buffer, filename: string, type: string];

/** A multipart body as a browser sends the form: fields in order (repeats allowed), raw bytes allowed, one photo part. */
function body(parts: Part[]) {
  const boundary = `----form${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [name, value, filename, type] of parts) {
    const disposition = filename === undefined ? `form-data; name="${name}"` : `form-data; name="${name}"; filename="${filename}"\r\nContent-Type: ${type}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n\r\n`), Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8'), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('families add and correct: the public form, its guards and the moderation queue', () => {
  let test: TestApp;
  let as: Record<'editor' | 'viewer', Headers>;
  let personKey = '';
  let address = 0;
  const ids: Record<string, string> = {};

  const call = (who: Headers, method: 'GET' | 'POST', url: string, payload?: unknown) => test.app.inject({ method, url, headers: who, payload: payload as object });
  const makePublic = async (kind: string, id: string) => {
    const preview = await call(as.editor, 'GET', `/api/publication/${kind}/${id}`);
    const made = await call(as.editor, 'POST', `/api/publication/${kind}/${id}/public`, { digest: preview.json().disclosure.digest });
    expect(made.statusCode, made.body).toBe(200);
  };
  /** A fresh form as the anonymous visitor gets it: its token and the answer to its question. */
  const form = async (query = '') => {
    const page = await test.app.inject({ url: `/public/submit${query}`, headers: { accept: 'text/html' } });
    expect(page.statusCode, page.body.slice(0, 500)).toBe(200);
    const token = /name="token" value="([^"]+)"/.exec(page.body)![1];
    const [, a, b] = /for="answer">[^<]*?(\d+)[^<\d]+(\d+)/.exec(page.body)!;
    return { token, answer: String(Number(a) + Number(b)), page: page.body };
  };
  /** Posts the form from its own address each time (so the per-address limit is tested on its own). */
  const submit = async (parts: Part[], options: { html?: boolean; remoteAddress?: string; url?: string } = {}) => {
    const { payload, headers } = body(parts);
    return test.app.inject({
      method: 'POST',
      url: options.url ?? '/public/submit',
      payload,
      headers: { ...headers, accept: options.html ? 'text/html' : 'application/json' },
      remoteAddress: options.remoteAddress ?? `10.0.${Math.floor(++address / 250)}.${address % 250}`,
    });
  };
  const correction = async (extra: Part[] = [], options: { html?: boolean } = {}) => {
    const f = await form(`?person=${personKey}`);
    return submit([['token', f.token], ['answer', f.answer], ['lang', 'en'], ['kind', 'correction'], ['person', personKey], ['name', 'Azer Quliyev'], ['message', 'He was born in 1951, not 1950'], ['birthDate', '1951'], ['contact', 'relative@example.org'], ...extra], options);
  };
  const countSubmissions = async () => (await sql<{ n: number }>`select count(*)::int as n from family_submissions`.execute(test.ctx.db)).rows[0].n;

  beforeAll(async () => {
    test = await createTestApp();
    as = await loginAs(test, ['editor', 'viewer']);
    // An editor's own source already has the name the families' source would take: it must not be used.
    const taken = await call(as.editor, 'POST', '/api/casualties/sources', { name: FAMILY_SOURCE_NAME });
    ids.taken = taken.json().source?.id ?? taken.json().id;
    const created = await call(as.editor, 'POST', '/api/casualties/sources', { name: 'List A (published)' });
    ids.listA = created.json().source?.id ?? created.json().id;
    const imported = await call(as.editor, 'POST', `/api/casualties/sources/${ids.listA}/import`, { csvBase64: b64('id,name,sex,born,died,place\n1,Azer Quliyev,m,1950-01-01,1992-02-26,Xocalı\n2,Leyla Mammadova,f,1960-05-05,1992-02-26,Xocalı\n'), mapping: MAPPING });
    expect(imported.statusCode, imported.body).toBe(200);
    const run = await call(as.editor, 'POST', '/api/casualties/runs', { sourceIds: [ids.listA] });
    ids.run = run.json().run?.id ?? run.json().id;
    await test.ctx.jobs.drain();
    await makePublic('casualty_source', ids.listA);
    await makePublic('casualty_stats', ids.run);
    await test.ctx.jobs.drain(); // the stored memorial's rebuild
    const memorial = (await test.app.inject({ url: '/public/memorial?q=Azer', headers: { accept: 'text/html' } })).body;
    personKey = /\/public\/memorial\/([0-9a-f-]{36})/.exec(memorial)![1];
  }, 240_000);
  afterAll(async () => test?.close());

  it('renders the form without script in four languages, about a published person only', async () => {
    for (const lang of ['en', 'az', 'hy', 'ru']) {
      const page = await test.app.inject({ url: `/public/submit?person=${personKey}&lang=${lang}`, headers: { accept: 'text/html' } });
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toMatch(/<script/i);
      expect(page.body).toContain('enctype="multipart/form-data"');
      expect(page.body).toContain('Azer Quliyev');
      expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    }
    expect((await test.app.inject({ url: '/public/submit?lang=ru', headers: { accept: 'text/html' } })).body).toContain('Имя, которого нет в мемориале');
    // the memorial and each person's page lead to the form
    expect((await test.app.inject({ url: `/public/memorial/${personKey}?lang=hy`, headers: { accept: 'text/html' } })).body).toContain(`/public/submit?person=${personKey}&amp;lang=hy`);
    expect((await test.app.inject({ url: '/public/memorial?lang=az', headers: { accept: 'text/html' } })).body).toContain('/public/submit?lang=az');
    expect((await test.app.inject({ url: '/public/submit?person=00000000-0000-4000-8000-000000000000', headers: { accept: 'text/html' } })).statusCode).toBe(404);
    const hostile = await test.app.inject({ url: `/public/submit?person=${encodeURIComponent(SCRIPT)}`, headers: { accept: 'text/html' } });
    expect(hostile.statusCode).toBe(404);
    expect(hostile.body).not.toContain(SCRIPT);
  });

  it('takes a correction, keeps the contact sealed, and shows it only to moderators', async () => {
    const before = await countSubmissions();
    const sent = await correction([['relation', 'grandson'], ['contactName', 'Relative Contactname']], { html: true });
    expect(sent.statusCode, sent.body.slice(0, 400)).toBe(201);
    expect(sent.body).toContain('waits for a moderator');
    expect(await countSubmissions()).toBe(before + 1);
    const stored = (await sql<{ contact_sealed: string }>`select contact_sealed from family_submissions order by created_at desc limit 1`.execute(test.ctx.db)).rows[0];
    expect(stored.contact_sealed).toMatch(/^f1\./);
    expect(stored.contact_sealed).not.toContain('relative@example.org');
    expect((await test.app.inject({ url: '/api/submissions' })).statusCode).toBe(401);
    expect((await call(as.viewer, 'GET', '/api/submissions')).statusCode).toBe(403);
    const list = await call(as.editor, 'GET', '/api/submissions?state=pending');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain('relative@example.org');
    expect(list.body).not.toContain('Contactname');
    const id = list.json().submissions.at(-1).id as string;
    expect((await call(as.viewer, 'GET', `/api/submissions/${id}`)).statusCode).toBe(403);
    const detail = (await call(as.editor, 'GET', `/api/submissions/${id}`)).json().submission;
    expect(detail).toMatchObject({ contact: 'relative@example.org', contactName: 'Relative Contactname', personKey, names: ['Azer Quliyev'], birthDate: '1951', state: 'pending' });
    const audit = await sql<{ action: string }>`select action from audit_events where subject_id = ${id} order by id`.execute(test.ctx.db);
    expect(audit.rows.map((r) => r.action)).toEqual(['submission.received', 'submission.contact_viewed']);
    // nothing of it is public before (or after) acceptance while the families' source is not public
    for (const url of ['/public/memorial?lang=en', `/public/memorial/${personKey}`, '/api/public/persons?format=csv', '/sitemap.xml']) {
      const page = await test.app.inject({ url, headers: { accept: 'text/html' } });
      expect(page.body).not.toContain('relative@example.org');
      expect(page.body).not.toContain('Contactname');
    }
  });

  it('accepts a correction as a NEW record of the families\' source, never touching the listed one', async () => {
    const original = await sql<Record<string, unknown>>`select * from casualty_records where source_id = ${ids.listA} order by source_record_id`.execute(test.ctx.db);
    const sent = await correction([['relation', 'List A (published)']]);
    expect(sent.statusCode, sent.body).toBe(201);
    const id = sent.json().submission.id as string;
    const accepted = await call(as.editor, 'POST', `/api/submissions/${id}/accept`, { note: 'checked with the family' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const { recordId } = accepted.json().submission;
    const record = (await sql<{ source_id: string; notes: string; names: string[]; birth_date: string; source_record_id: string; version: number }>`select * from casualty_records where id = ${recordId}`.execute(test.ctx.db)).rows[0];
    expect(record.source_id).not.toBe(ids.listA);
    expect(record.source_id).not.toBe(ids.taken);
    expect(record.notes).toContain(`submitted by a relative, ${new Date().toISOString().slice(0, 10)}`);
    expect(record).toMatchObject({ names: ['Azer Quliyev'], birth_date: '1951', source_record_id: `submission-${id}`, version: 1 });
    const source = (await sql<{ name: string; compiled_by: string }>`select name, compiled_by from casualty_sources where id = ${record.source_id}`.execute(test.ctx.db)).rows[0];
    expect(source.name).toBe(`${FAMILY_SOURCE_NAME} 2`);
    expect(source.compiled_by).toContain('relatives');
    // the listed source's records are exactly as they were
    expect((await sql<Record<string, unknown>>`select * from casualty_records where source_id = ${ids.listA} order by source_record_id`.execute(test.ctx.db)).rows).toEqual(original.rows);
    expect((await call(as.editor, 'POST', `/api/submissions/${id}/accept`, {})).json().error.code).toBe('submission_decided');
    expect((await call(as.editor, 'POST', `/api/submissions/${id}/reject`, { reason: 'late' })).statusCode).toBe(409);
    // a second acceptance goes to the same families' source
    const again = await correction();
    const second = await call(as.editor, 'POST', `/api/submissions/${again.json().submission.id}/accept`, {});
    const secondSource = (await sql<{ source_id: string }>`select source_id from casualty_records where id = ${second.json().submission.recordId}`.execute(test.ctx.db)).rows[0].source_id;
    expect(secondSource).toBe(record.source_id);
    const actions = (await sql<{ action: string }>`select action from audit_events where subject_id = ${id} order by id`.execute(test.ctx.db)).rows.map((r) => r.action);
    expect(actions).toContain('submission.accepted');
  });

  it('refuses a submission that claims to be a source or to decide itself', async () => {
    for (const field of ['source', 'sourceId', 'state', 'provenance']) {
      const sent = await correction([[field, ids.listA]]);
      expect(sent.statusCode, field).toBe(400);
      expect(sent.json().error.code).toBe('invalid_request');
      expect(sent.json().error.details.fields).toContain(field);
    }
  });

  it('takes a photo into the archive as a new confidential item, and refuses what is not a photo', async () => {
    const f = await form(`?person=${personKey}`);
    const sent = await submit([['token', f.token], ['answer', f.answer], ['kind', 'photo'], ['person', personKey], ['contact', '+994 00 000 00 00'], ['photo', PNG, 'grandfather.png', 'image/png']]);
    expect(sent.statusCode, sent.body).toBe(201);
    const accepted = await call(as.editor, 'POST', `/api/submissions/${sent.json().submission.id}/accept`, {});
    expect(accepted.statusCode, accepted.body).toBe(200);
    const { itemId, recordId } = accepted.json().submission;
    expect(recordId).toBeNull();
    const item = await call(as.editor, 'GET', `/api/archive/items/${itemId}`);
    expect(item.json()).toMatchObject({ confidentiality: 'confidential', kind: 'image' });
    expect((await test.app.inject({ url: `/public/archive/${itemId}`, headers: { accept: 'text/html' } })).statusCode).toBe(404);
    expect((await test.app.inject({ url: '/api/public/items' })).body).not.toContain(itemId);
    const sealed = await sql<{ photo_sealed: string | null }>`select photo_sealed from family_submissions where id = ${sent.json().submission.id}`.execute(test.ctx.db);
    expect(sealed.rows[0].photo_sealed).toBeNull();

    const page = Buffer.from(`<!doctype html><html>${SCRIPT}</html>`);
    const g = await form(`?person=${personKey}`);
    const disguised = await submit([['token', g.token], ['answer', g.answer], ['kind', 'photo'], ['person', personKey], ['contact', 'x@example.org'], ['photo', page, 'photo.png', 'image/png']]);
    expect(disguised.statusCode).toBe(400);
    expect(disguised.json().error.code).toBe('photo_type');
    const h = await form(`?person=${personKey}`);
    const none = await submit([['token', h.token], ['answer', h.answer], ['kind', 'photo'], ['person', personKey], ['contact', 'x@example.org'], ['photo', Buffer.alloc(0), '', 'application/octet-stream']]);
    expect(none.json().error.code).toBe('photo_required');
    const before = await countSubmissions();
    const k = await form(`?person=${personKey}`);
    const huge = Buffer.concat([PNG, Buffer.alloc(4 * 1024 * 1024)]);
    const big = await submit([['token', k.token], ['answer', k.answer], ['kind', 'photo'], ['person', personKey], ['contact', 'x@example.org'], ['photo', huge, 'big.png', 'image/png']], { html: true });
    expect(big.statusCode).toBe(413);
    expect(big.body).toContain('4 MB');
    expect(big.body).toContain('role="alert"');
    expect(await countSubmissions()).toBe(before);
  });

  it('refuses a wrong answer, a forged or replayed form, and escapes what it shows again', async () => {
    const f = await form(`?person=${personKey}`);
    const wrong = await submit([['token', f.token], ['answer', String(Number(f.answer) + 1)], ['kind', 'correction'], ['person', personKey], ['name', SCRIPT], ['message', SCRIPT], ['place', `"><img src=x onerror=alert(1)>`], ['contact', SCRIPT]], { html: true });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('The answer to the question is not right');
    expect(wrong.body).not.toContain(SCRIPT);
    expect(wrong.body).not.toContain('<img src=x');
    expect(wrong.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(wrong.body).not.toContain(f.token);
    const forged = f.token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await correction([])).statusCode).toBe(201);
    const g = await form();
    const parts: Part[] = [['token', g.token], ['answer', g.answer], ['kind', 'missing_name'], ['name', 'Nuray Example'], ['contact', 'a@example.org']];
    expect((await submit(parts)).statusCode).toBe(201);
    const replay = await submit(parts);
    expect(replay.statusCode).toBe(409);
    expect(replay.json().error.code).toBe('duplicate_submission');
    const bad = await submit([['token', forged], ['answer', f.answer], ['kind', 'missing_name'], ['name', 'X'], ['contact', 'a@example.org']]);
    expect(bad.json().error.code).toBe('form_token_invalid');
    const scripts = await correction([['relation', SCRIPT], ['otherNames', SCRIPT], ['place', SCRIPT], ['contactName', SCRIPT]]);
    expect(scripts.statusCode).toBe(201);
    const detail = (await call(as.editor, 'GET', `/api/submissions/${scripts.json().submission.id}`)).json().submission;
    expect(detail.names).toContain(SCRIPT);
    expect(detail.relation).toBe(SCRIPT);
  });

  it('refuses NUL bytes, a field sent twice, bad dates, oversized fields and a body cut short, writing nothing', async () => {
    const before = await countSubmissions();
    const nul = await correction([['place', 'Xocalı\u0000']]);
    expect(nul.statusCode).toBe(400);
    expect(nul.json().error.code).toBe('invalid_text');
    const twice = await correction([['name', 'Someone else']]);
    expect(twice.json().error.code).toBe('duplicate_field');
    const date = await correction([['deathDate', '26.02.1992']]);
    expect(date.json().error.details.fields).toContain('deathDate');
    const long = await correction([['relation', 'x'.repeat(201)]]);
    expect(long.json().error.details.fields).toContain('relation');
    // invalid UTF-8 (the bytes of a lone surrogate) is never stored as a lone surrogate
    const lone = await correction([['otherNames', Buffer.from([0x41, 0xed, 0xa0, 0x80, 0x42])]]);
    if (lone.statusCode === 201) {
      const names = (await call(as.editor, 'GET', `/api/submissions/${lone.json().submission.id}`)).json().submission.names as string[];
      expect(names.join('')).not.toMatch(/[\uD800-\uDFFF]/);
    } else {
      expect(lone.json().error.code).toBe('invalid_text');
    }
    const after = await countSubmissions();
    expect(after - before).toBe(lone.statusCode === 201 ? 1 : 0);
    const f = await form(`?person=${personKey}`);
    const { payload, headers } = body([['token', f.token], ['answer', f.answer], ['kind', 'correction'], ['person', personKey], ['name', 'Cut'], ['contact', 'c@example.org']]);
    const cut = await test.app.inject({ method: 'POST', url: '/public/submit', payload: payload.subarray(0, payload.length - 30), headers, remoteAddress: '10.9.9.9' });
    expect(cut.statusCode).toBe(400);
    expect(await countSubmissions()).toBe(after);
    const json = await test.app.inject({ method: 'POST', url: '/public/submit', payload: { kind: 'missing_name' }, remoteAddress: '10.9.9.8' });
    expect(json.statusCode).toBe(400);
  });

  it('limits a flood from one address (counted in PostgreSQL) and needs a reason to reject', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) {
      const g = await form();
      const res = await submit([['token', g.token], ['answer', g.answer], ['kind', 'missing_name'], ['name', `Flood ${i}`], ['contact', 'f@example.org']], { remoteAddress: '10.8.8.8' });
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, 5)).toEqual([201, 201, 201, 201, 201]);
    expect(codes.slice(5)).toEqual([429, 429]);
    const windows = await sql<{ count: number }>`select count from rate_windows where key = 'submissions:address:10.8.8.8'`.execute(test.ctx.db);
    expect(windows.rows.reduce((n, r) => n + r.count, 0)).toBe(7);
    // a browser that is refused gets the form again, with the reason in its language (the form posts to ?lang=)
    const g = await form();
    const page = await submit([['token', g.token], ['answer', g.answer], ['kind', 'missing_name'], ['name', 'Flood html'], ['contact', 'f@example.org'], ['lang', 'ru']], { remoteAddress: '10.8.8.8', html: true, url: '/public/submit?lang=ru' });
    expect(page.statusCode).toBe(429);
    expect(page.body).toContain('role="alert"');
    expect(page.body).toContain('Отсюда пришло слишком много сообщений');
    const pending = (await call(as.editor, 'GET', '/api/submissions?state=pending&limit=200')).json().submissions as Array<{ id: string; names: string[] }>;
    const flood = pending.find((p) => p.names[0] === 'Flood 0')!;
    expect((await call(as.editor, 'POST', `/api/submissions/${flood.id}/reject`, {})).statusCode).toBe(400);
    expect((await call(as.editor, 'POST', `/api/submissions/${flood.id}/reject`, { reason: '' })).statusCode).toBe(400);
    const rejected = await call(as.editor, 'POST', `/api/submissions/${flood.id}/reject`, { reason: 'a test flood' });
    expect(rejected.json().submission).toMatchObject({ state: 'rejected', reason: 'a test flood', recordId: null });
    expect((await call(as.editor, 'POST', '/api/submissions/not-a-uuid/accept', {})).statusCode).toBe(404);
  });
});
