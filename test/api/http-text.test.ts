import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/server/accounts/actor.ts';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { multipart, type Headers } from './archive-helpers.ts';

/** The edge refuses text PostgreSQL cannot store, naming where it was, before any route or the database sees it. */
describe('HTTP edge: unstorable text', () => {
  let t: TestApp;
  let admin: Headers;
  beforeAll(async () => {
    t = await createTestApp();
    admin = (await t.login(t.admin.username, t.admin.password)).headers;
  });
  afterAll(async () => t.close());

  const expectInvalidText = (response: { statusCode: number; body: string }, field: string) => {
    expect(response.statusCode, response.body).toBe(400);
    const body = JSON.parse(response.body);
    expect(body.error.code).toBe('invalid_text');
    expect(body.error.details.field).toBe(field);
    expect(typeof body.error.message).toBe('string');
  };

  it('refuses a NUL in the login username with 400 invalid_text (it was a 500)', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'a\u0000b', password: 'x' } });
    expectInvalidText(response, 'username');
    expect(response.json().error.details.problem).toBe('nul');
  });

  it('refuses lone surrogates, high and low, in a JSON body, escaped as JSON sends them', async () => {
    for (const escaped of ['\\ud800', '\\udc00', 'x\\ud83dy', '\\udfff\\ud800']) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: `{"username":"admin","password":"a${escaped}b"}`,
      });
      expectInvalidText(response, 'password');
      expect(response.json().error.details.problem).toBe('lone_surrogate');
    }
  });

  it('accepts well-formed text of every script, surrogate pairs (emoji) and right-to-left marks included', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'Ադամ‮😀Əli', password: 'пароль' } });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('invalid_credentials');
  });

  it('names nested fields and object keys, and the line and column inside a multi-line value', async () => {
    const nested = await t.app.inject({ method: 'POST', url: '/api/users', headers: admin, payload: { username: 'ok', role: 'viewer', password: 'x', displayName: 'one\ntwo\u0000' } });
    expectInvalidText(nested, 'displayName');
    expect(nested.json().error.details).toMatchObject({ line: 2, column: 4 });
    const key = await t.app.inject({ method: 'PATCH', url: `/api/users/${crypto.randomUUID()}`, headers: admin, payload: { ['dis\u0000play']: 'x' } });
    expect(key.statusCode).toBe(400);
    expect(key.json().error.code).toBe('invalid_text');
    expect(key.body).not.toContain('\\u0000');
  });

  it('refuses NUL in a query string and in a path parameter', async () => {
    expectInvalidText(await t.app.inject({ url: '/api/archive/items?q=%00' }), 'q');
    expectInvalidText(await t.app.inject({ url: '/api/archive/items?q=a&q=%00' }), 'q.1');
    const param = await t.app.inject({ method: 'PATCH', url: '/api/users/%00', headers: admin, payload: { role: 'viewer' } });
    expectInvalidText(param, 'id');
  });

  it('refuses a NUL in a multipart field and in an upload file name, leaving no file behind', async () => {
    const named = multipart({ name: 'evil\u0000.txt', content: Buffer.from('hello') });
    const response = await t.app.inject({ method: 'POST', url: '/api/archive/upload', headers: { ...admin, ...named.headers }, payload: named.payload });
    expectInvalidText(response, 'file.filename');
    const field = multipart({ name: 'ok.txt', content: Buffer.from('hello') }, { metadata: '{"title":"a\u0000"}' });
    const fieldResponse = await t.app.inject({ method: 'POST', url: '/api/archive/upload', headers: { ...admin, ...field.headers }, payload: field.payload });
    expectInvalidText(fieldResponse, 'metadata');
    const items = await t.ctx.db.selectFrom('items').select('id').execute();
    expect(items).toHaveLength(0);
    const run = await t.ctx.ledger.verify(systemActor('test'), 'test', t.ctx.integrityChecks);
    expect(run.report.problems.filter((p) => !('housekeeping' in p && p.housekeeping))).toEqual([]);
  });

  it('refuses a lone surrogate in a duplicate field as well as in the first one', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":"admin","username":"\\ud800","password":"x"}',
    });
    expectInvalidText(response, 'username');
  });
});

describe('HTTP edge: every error in one shape', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ jsonBodyLimitBytes: 4096 });
  });
  afterAll(async () => t.close());

  const shape = (body: string) => {
    const parsed = JSON.parse(body);
    expect(Object.keys(parsed)).toEqual(['error']);
    expect(typeof parsed.error.code).toBe('string');
    expect(typeof parsed.error.message).toBe('string');
    return parsed.error as { code: string };
  };

  it('answers a path parameter longer than the router accepts with 414 path_too_long in the error shape (it was Fastify\'s own)', async () => {
    const response = await t.app.inject({ url: `/api/archive/items/${'a'.repeat(600)}` });
    expect(response.statusCode).toBe(414);
    expect(shape(response.body).code).toBe('path_too_long');
  });

  it('answers an undecodable URL with 400 bad_url in the error shape', async () => {
    const response = await t.app.inject({ url: '/api/%' });
    expect(response.statusCode).toBe(400);
    expect(shape(response.body).code).toBe('bad_url');
  });

  it('keeps 404, 413, 415 and malformed JSON in the same shape', async () => {
    expect(shape((await t.app.inject({ url: '/api/no/such/route' })).body).code).toBe('route_not_found');
    const big = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'a', password: 'x'.repeat(10_000) } });
    expect(big.statusCode).toBe(413);
    expect(shape(big.body).code).toBe('body_too_large');
    const xml = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/xml' }, payload: '<a/>' });
    expect(xml.statusCode).toBe(415);
    expect(shape(xml.body).code).toBe('unsupported_media_type');
    const bad = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"a":' });
    expect(shape(bad.body).code).toBe('malformed_json');
  });

  it('answers a request line too long for Node\'s parser with 431 in the error shape', async () => {
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const address = t.app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const response = await fetch(`http://127.0.0.1:${port}/api/${'a'.repeat(20_000)}`);
    expect(response.status).toBe(431);
    expect(shape(await response.text()).code).toBe('headers_too_large');
  });
});

describe('imported files: unstorable cells by line and column', () => {
  it('the archive CSV import names the line and column of a NUL (the CLI reads files directly)', async () => {
    const { parseItemsCsv } = await import('../../src/server/archive/csv.ts');
    expect(() => parseItemsCsv('title,kind\nfine,document\n"two\nlines\u0000",document\n')).toThrow(/line 4, column title/);
    try {
      parseItemsCsv('title,kind\nx\u0000,document\n');
    } catch (error) {
      expect((error as { code: string; details: unknown }).code).toBe('invalid_text');
      expect((error as { details: unknown }).details).toMatchObject({ line: 2, field: 'title', problem: 'nul' });
    }
    expect.assertions(3);
  });
});
