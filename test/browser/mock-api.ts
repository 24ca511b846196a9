import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the Reckon server, implementing the web app's API contract in memory and serving dist/web with
 * the production CSP. It exists so the web app can be exercised in a browser without the real server (set
 * RECKON_BROWSER_MOCK=1); the browser suite uses the real server by default.
 */
export const PRODUCTION_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

interface MockUser {
  id: string;
  username: string;
  displayName: string;
  role: string;
  locale: string | null;
  mustChangePassword: boolean;
  disabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
  password: string;
}

export async function startMockServer(webRoot: string) {
  const root = resolve(webRoot);
  const admin = { username: 'admin', password: `mock-${randomBytes(6).toString('hex')}` };
  const users: MockUser[] = [
    {
      id: randomUUID(),
      username: admin.username,
      displayName: 'Mock Administrator',
      role: 'admin',
      locale: null,
      mustChangePassword: false,
      disabled: false,
      createdAt: new Date().toISOString(),
      lastLoginAt: null,
      password: admin.password,
    },
  ];
  const sessions = new Map<string, { userId: string; csrf: string }>();
  const tokens: { id: string; ownerId: string; name: string; createdAt: string; lastUsedAt: null; expiresAt: string | null }[] = [];
  const audit: { id: string; at: string; actorId: string | null; actorName: string | null; action: string; subjectType: string; subjectId: string; details: unknown }[] = [];
  let auditSeq = 0;

  const publicUser = ({ password: _password, ...user }: MockUser) => user;
  const record = (actor: MockUser | null, action: string, subjectType: string, subjectId: string, details: unknown) => {
    auditSeq += 1;
    audit.unshift({ id: String(auditSeq).padStart(8, '0'), at: new Date().toISOString(), actorId: actor?.id ?? null, actorName: actor?.displayName ?? null, action, subjectType, subjectId, details });
  };

  const send = (res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };
  const fail = (res: ServerResponse, status: number, code: string, message: string) => send(res, status, { error: { code, message, details: null } });

  const readBody = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (chunks.length === 0) return {};
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
  };

  const sessionOf = (req: IncomingMessage) => {
    const match = /(?:^|;\s*)mock_session=([^;]+)/.exec(req.headers.cookie ?? '');
    const session = match ? sessions.get(match[1]) : undefined;
    const user = session ? users.find((u) => u.id === session.userId && !u.disabled) : undefined;
    return session && user ? { id: match![1], session, user } : null;
  };

  const api = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const method = req.method ?? 'GET';
    const current = sessionOf(req);
    if (method !== 'GET' && current && req.headers['x-csrf-token'] !== current.session.csrf) {
      return fail(res, 403, 'csrf', 'Missing or wrong CSRF token.');
    }
    const body = method === 'GET' || method === 'DELETE' ? {} : await readBody(req);
    const path = url.pathname;
    if (path === '/api/auth/session' && method === 'GET') {
      return send(res, 200, { user: current ? publicUser(current.user) : null, csrfToken: current?.session.csrf ?? null });
    }
    if (path === '/api/auth/login' && method === 'POST') {
      const user = users.find((u) => u.username === body.username && u.password === body.password && !u.disabled);
      if (!user) return fail(res, 401, 'invalid_credentials', 'Invalid username or password.');
      const id = randomBytes(16).toString('hex');
      const csrf = randomBytes(16).toString('hex');
      sessions.set(id, { userId: user.id, csrf });
      user.lastLoginAt = new Date().toISOString();
      record(user, 'auth.login', 'user', user.id, {});
      return send(res, 200, { user: publicUser(user), csrfToken: csrf }, { 'set-cookie': `mock_session=${id}; HttpOnly; SameSite=Strict; Path=/` });
    }
    if (path === '/api/system' && method === 'GET') {
      return send(res, 200, { version: '0.1.0-mock', database: 'pglite', features: { ffmpeg: false, tesseract: false, chromium: true } });
    }
    if (!current) return fail(res, 401, 'unauthenticated', 'Log in first.');
    const me = current.user;
    if (path === '/api/auth/logout' && method === 'POST') {
      sessions.delete(current.id);
      return send(res, 204, undefined, { 'set-cookie': 'mock_session=; Max-Age=0; Path=/' });
    }
    if (path === '/api/auth/password' && method === 'POST') {
      if (body.currentPassword !== me.password) return fail(res, 401, 'invalid_credentials', 'Wrong password.');
      if (typeof body.newPassword !== 'string' || body.newPassword.length < 12) return fail(res, 400, 'weak_password', 'Too short.');
      me.password = body.newPassword;
      me.mustChangePassword = false;
      return send(res, 204);
    }
    if (path === '/api/auth/locale' && method === 'PUT') {
      const locale = body.locale;
      if (locale !== null && !['en', 'az', 'hy', 'ru'].includes(String(locale))) return fail(res, 400, 'validation', 'Unknown locale.');
      me.locale = locale === null ? null : String(locale);
      return send(res, 200, publicUser(me));
    }
    if (path === '/api/tokens' && method === 'GET') {
      return send(res, 200, { tokens: tokens.filter((t) => t.ownerId === me.id).map(({ ownerId: _o, ...t }) => t) });
    }
    if (path === '/api/tokens' && method === 'POST') {
      const days = typeof body.expiresInDays === 'number' ? body.expiresInDays : null;
      const token = { id: randomUUID(), ownerId: me.id, name: String(body.name), createdAt: new Date().toISOString(), lastUsedAt: null, expiresAt: days ? new Date(Date.now() + days * 86_400_000).toISOString() : null };
      tokens.push(token);
      record(me, 'token.create', 'token', token.id, { name: token.name });
      const { ownerId: _o, ...shown } = token;
      return send(res, 201, { token: shown, secret: `rk_${randomBytes(24).toString('base64url')}` });
    }
    const tokenMatch = /^\/api\/tokens\/([^/]+)$/.exec(path);
    if (tokenMatch && method === 'DELETE') {
      const index = tokens.findIndex((t) => t.id === decodeURIComponent(tokenMatch[1]) && t.ownerId === me.id);
      if (index < 0) return fail(res, 404, 'not_found', 'No such token.');
      tokens.splice(index, 1);
      return send(res, 204);
    }
    if (me.role !== 'admin') return fail(res, 403, 'forbidden', 'Administrators only.');
    if (path === '/api/users' && method === 'GET') return send(res, 200, { users: users.map(publicUser) });
    if (path === '/api/users' && method === 'POST') {
      if (users.some((u) => u.username === body.username)) return fail(res, 409, 'username_taken', 'Taken.');
      const user: MockUser = { id: randomUUID(), username: String(body.username), displayName: String(body.displayName), role: String(body.role), locale: null, mustChangePassword: true, disabled: false, createdAt: new Date().toISOString(), lastLoginAt: null, password: String(body.password) };
      users.push(user);
      record(me, 'user.create', 'user', user.id, { username: user.username, role: user.role });
      return send(res, 201, { user: publicUser(user) });
    }
    const userMatch = /^\/api\/users\/([^/]+)$/.exec(path);
    if (userMatch && method === 'PATCH') {
      const user = users.find((u) => u.id === decodeURIComponent(userMatch[1]));
      if (!user) return fail(res, 404, 'not_found', 'No such user.');
      if (typeof body.displayName === 'string') user.displayName = body.displayName;
      if (typeof body.role === 'string') user.role = body.role;
      if (typeof body.disabled === 'boolean') user.disabled = body.disabled;
      if (typeof body.password === 'string') {
        user.password = body.password;
        user.mustChangePassword = true;
      }
      record(me, 'user.update', 'user', user.id, { ...body, password: body.password ? '***' : undefined });
      return send(res, 200, { user: publicUser(user) });
    }
    if (path === '/api/audit' && method === 'GET') {
      const limit = Number(url.searchParams.get('limit') ?? 50);
      const before = url.searchParams.get('before');
      const start = before ? audit.findIndex((e) => e.id === before) + 1 : 0;
      return send(res, 200, { events: audit.slice(start, start + limit) });
    }
    return fail(res, 404, 'not_found', 'No such route.');
  };

  const serveStatic = async (res: ServerResponse, pathname: string) => {
    const candidate = normalize(join(root, decodeURIComponent(pathname)));
    let file = candidate.startsWith(root) ? candidate : join(root, 'index.html');
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) file = join(root, 'index.html');
    const content = await readFile(file);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-security-policy': PRODUCTION_CSP });
    res.end(content);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const handler = url.pathname.startsWith('/api/') ? api(req, res, url) : serveStatic(res, url.pathname);
    handler.catch(() => fail(res, 400, 'bad_request', 'Malformed request.'));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    admin,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
