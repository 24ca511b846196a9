import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import type { ResponseOf } from '../../contract/api.ts';
import { api, ApiError, call, fillPath, isApiError, request, setCsrfToken, setFetchForTesting, setUnauthenticatedHandler } from './client.ts';

interface Call {
  url: string;
  init: RequestInit;
}

function fakeFetch(respond: (call: Call) => Response | Promise<Response>): Call[] {
  const calls: Call[] = [];
  setFetchForTesting(async (url, init) => {
    const call = { url, init };
    calls.push(call);
    return respond(call);
  });
  return calls;
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

afterEach(() => {
  setCsrfToken(null);
  setUnauthenticatedHandler(null);
});

describe('api client', () => {
  it('sends JSON with the CSRF token on mutating requests only', async () => {
    const calls = fakeFetch(() => json(200, { user: { id: '1' }, csrfToken: 'c2' }));
    setCsrfToken('token-1');
    await api.session();
    await api.login({ username: 'a', password: 'b' });
    const [get, post] = calls;
    expect(get.url).toBe('/api/auth/session');
    expect((get.init.headers as Record<string, string>)['x-csrf-token']).toBeUndefined();
    expect(post.init.method).toBe('POST');
    expect((post.init.headers as Record<string, string>)['x-csrf-token']).toBe('token-1');
    expect((post.init.headers as Record<string, string>)['content-type']).toBe('application/json');
    expect(post.init.body).toBe('{"username":"a","password":"b"}');
    expect(post.init.credentials).toBe('same-origin');
  });

  it('turns the error shape into a typed ApiError', async () => {
    fakeFetch(() => json(401, { error: { code: 'invalid_credentials', message: 'Wrong', details: { field: 'password' } } }));
    const error = await api.login({ username: 'a', password: 'b' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(isApiError(error, 'invalid_credentials')).toBe(true);
    expect((error as ApiError).status).toBe(401);
    expect((error as ApiError).details).toEqual({ field: 'password' });
  });

  it('copes with error responses that are not in the error shape', async () => {
    fakeFetch(() => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    const error = (await api.system().catch((caught: unknown) => caught)) as ApiError;
    expect(error.code).toBe('http_502');
    expect(error.status).toBe(502);

    fakeFetch(() => json(429, { error: 'slow down' }));
    const limited = (await api.system().catch((caught: unknown) => caught)) as ApiError;
    expect(limited.code).toBe('http_429');
  });

  it('reports a success body that is not JSON as bad_response', async () => {
    fakeFetch(() => new Response('not json', { status: 200 }));
    const error = (await api.system().catch((caught: unknown) => caught)) as ApiError;
    expect(error.code).toBe('bad_response');
  });

  it('reports a failed connection as network_error', async () => {
    fakeFetch(() => {
      throw new TypeError('fetch failed');
    });
    const error = (await api.session().catch((caught: unknown) => caught)) as ApiError;
    expect(error.code).toBe('network_error');
    expect(error.status).toBe(0);
  });

  it('returns undefined for 204 and encodes path segments and queries', async () => {
    const calls = fakeFetch((call) => (call.init.method === 'DELETE' ? new Response(null, { status: 204 }) : json(200, { events: [] })));
    await expect(api.revokeToken('a/../b?c')).resolves.toBeUndefined();
    expect(calls[0].url).toBe('/api/tokens/a%2F..%2Fb%3Fc');
    await api.audit({ limit: 50, before: undefined });
    expect(calls[1].url).toBe('/api/audit?limit=50');
    await api.audit({ limit: 50, before: 12, subjectId: 'x&y=1' });
    expect(calls[2].url).toBe('/api/audit?limit=50&before=12&subjectId=x%26y%3D1');
  });

  it('reports an ended session once, but not for the login endpoints themselves', async () => {
    let ended = 0;
    setUnauthenticatedHandler(() => {
      ended += 1;
    });
    fakeFetch(() => json(401, { error: { code: 'unauthenticated', message: 'Log in' } }));
    await expect(api.listTokens()).rejects.toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(ended).toBe(1);
    await expect(api.login({ username: 'a', password: 'b' })).rejects.toMatchObject({ status: 401 });
    await expect(api.changePassword({ currentPassword: 'x', newPassword: 'y' })).rejects.toMatchObject({ status: 401 });
    expect(ended).toBe(1);
  });

  it('passes aborts through untouched', async () => {
    fakeFetch(() => {
      throw new DOMException('aborted', 'AbortError');
    });
    await expect(request('/api/system')).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('fills path parameters encoded, repeats array queries, and refuses a path with a parameter left out', async () => {
    expect(fillPath('/api/casualties/runs/{id}/persons/{personId}/split', { id: 'r/1', personId: 7 })).toBe('/api/casualties/runs/r%2F1/persons/7/split');
    expect(() => fillPath('/api/users/{id}', {})).toThrow(/missing path parameter id/);
    const calls = fakeFetch(() => json(200, { entries: [] }));
    await call('get', '/api/ledger/entries', { query: { subjectType: 'archive_item', subjectId: ['a', 'b&c'] } });
    expect(calls[0].url).toBe('/api/ledger/entries?subjectType=archive_item&subjectId=a&subjectId=b%26c');
  });

  it('types answers by the contract: 204 routes answer void, JSON routes their zod shape', () => {
    expectTypeOf<ResponseOf<'/api/tokens/{id}', 'delete'>>().toEqualTypeOf<void>();
    expectTypeOf<ResponseOf<'/api/audit', 'get'>['events'][number]['id']>().toEqualTypeOf<number>();
    expectTypeOf(api.system).returns.resolves.toHaveProperty('database');
  });
});
