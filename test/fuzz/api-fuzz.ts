import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { systemActor } from '../../src/server/accounts/actor.ts';
import type { Role } from '../../src/server/accounts/tables.ts';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';

/**
 * Property-based requests against every operation of the OpenAPI document, as every kind of caller, for the fuzzing
 * test (bounded, in CI) and the fuzzing benchmark (long). Each answer is checked for: no 5xx, the one error shape on
 * every 4xx, no confidential canary in what a caller below the canary's audience receives, and no hang.
 */

export type Who = 'public' | 'participant' | Role;
export const everyone: Who[] = ['public', 'participant', 'viewer', 'facilitator', 'editor', 'reviewer', 'admin'];
/** Who may never read a confidential item (see src/server/archive/visibility.ts). */
const belowConfidential = new Set<Who>(['public', 'participant', 'viewer', 'facilitator']);

export interface Operation {
  method: string;
  path: string;
  pathParams: string[];
  queryParams: Array<{ name: string; schema: JsonSchema }>;
  body: JsonSchema | null;
  multipart: boolean;
}

type JsonSchema = Record<string, unknown>;

export interface FuzzWorld {
  t: TestApp;
  headers: Record<Who, Record<string, string>>;
  operations: Operation[];
  /** Ids of things that exist, so that requests reach the code behind "not found" too. */
  ids: string[];
  /** Ids of the confidential canary item: given only to callers who may not read it (so no writer can publish it). */
  canaryIds: string[];
  canaries: string[];
}

export interface FuzzRequest {
  who: Who;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  /** What the operation was, for reports. */
  route: string;
}

export interface Finding {
  kind: 'server_error' | 'error_shape' | 'leak' | 'hang';
  request: FuzzRequest;
  status: number;
  body: string;
}

// Routes that are not request/answer: a server-sent event stream never ends by design (tested in the dialogue tests).
const STREAMS = [/\/events$/];

/** Builds the app, one caller of each kind, canaries, some data to aim at, and the operations from /api/openapi.json. */
export async function createFuzzWorld(flags: Parameters<typeof createTestApp>[0] = {}): Promise<FuzzWorld> {
  const t = await createTestApp(flags);
  const system = systemActor('fuzz');
  const headers = { public: {} } as Record<Who, Record<string, string>>;
  // API tokens rather than sessions: a generated POST /api/auth/logout must not end the caller for the rest of the run.
  for (const role of ['viewer', 'facilitator', 'editor', 'reviewer', 'admin'] as const) {
    const password = `pw-${randomBytes(12).toString('base64url')}`;
    const user = await t.ctx.accounts.createUser(system, { username: `fuzz-${role}`, displayName: role, role, password, mustChangePassword: false });
    const actor = { kind: 'user' as const, userId: user.id, username: user.username, role, via: 'session' as const };
    headers[role] = { authorization: `Bearer ${(await t.ctx.accounts.createToken(actor, 'fuzz')).secret}` };
  }

  const canaries = [`canary${randomBytes(6).toString('hex')}`, `canary${randomBytes(6).toString('hex')}`];
  const items = t.ctx.archive.items;
  const secret = await items.createItem(system, { kind: 'document', title: `Sealed ${canaries[0]}`, description: `Witness ${canaries[0]}`, languages: ['en'], confidentiality: 'confidential' });
  await items.addFile(system, secret.id, Readable.from([Buffer.from(`The word is ${canaries[1]}.\n`)]), { filename: 'sealed.txt' });
  const open = await items.createItem(system, { kind: 'document', title: 'Open statement', languages: ['en'], confidentiality: 'public' });
  const openFile = await items.addFile(system, open.id, Readable.from([Buffer.from('an open statement\n')]), { filename: 'open.txt' });
  await items.setState(system, open.id, 'published');
  await t.ctx.jobs.drain();

  // A conversation with a participant (the dialogue's own kind of caller: a cookie from an invitation).
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/dialogue/conversations',
    headers: headers.facilitator,
    payload: { topic: { en: 'Fuzz' }, moderation: 'open', minGroupSize: 3, communities: [{ name: { en: 'A' } }, { name: { en: 'B' } }], seedStatements: [{ text: 'A first statement.', language: 'en' }] },
  });
  if (created.statusCode !== 201) throw new Error(`fuzz world: conversation ${created.statusCode} ${created.body}`);
  const conversation = created.json() as { conversation: { id: string }; invitations: Array<{ communityId: string; token: string }> };
  const joined = await t.app.inject({ method: 'POST', url: '/api/dialogue/join', payload: { token: conversation.invitations[0].token } });
  const cookie = joined.cookies.find((c) => c.name.startsWith('reckon_dialogue_'));
  if (!cookie) throw new Error(`fuzz world: join ${joined.statusCode} ${joined.body}`);
  headers.participant = { cookie: `${cookie.name}=${cookie.value}` };

  const doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, OpenApiOperation>> };
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    if (STREAMS.some((pattern) => pattern.test(path))) continue;
    for (const [method, op] of Object.entries(methods)) {
      const parameters = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        body: (content['application/json']?.schema as JsonSchema | undefined) ?? null,
        multipart: Boolean(content['multipart/form-data']) || (op.consumes ?? []).includes('multipart/form-data') || /\/(upload|files)$/.test(path),
      });
    }
  }
  return {
    t,
    headers,
    operations,
    ids: [open.id, openFile.file.id, conversation.conversation.id, conversation.invitations[0].communityId, '1', '0'],
    canaryIds: [secret.id],
    canaries,
  };
}

interface OpenApiOperation {
  parameters?: Array<{ in: string; name: string; schema?: JsonSchema }>;
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  consumes?: string[];
}

// ---- generators ----

const loneSurrogates = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

/** Strings an attacker would try first, then arbitrary ones (any UTF-16 code unit, lone surrogates included). */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udc00y',
    '\udfff\ud800',
    '\u202e\u2066gnp.exe\u2069',
    "' OR '1'='1' --",
    "'; DROP TABLE users; --",
    '"); SELECT pg_sleep(10); --',
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    'javascript:alert(1)',
    '../../../../etc/passwd',
    '..\\..\\windows\\win.ini',
    '%00',
    '%2e%2e%2f',
    '${7*7}{{7*7}}',
    '__proto__',
    'constructor',
    '',
    ' ',
    'NaN',
    'Infinity',
    '-Infinity',
    '-1',
    '1e309',
    '0x1F',
    '9'.repeat(400),
    '-9007199254740993',
    '\t\r\n',
    '😀'.repeat(100),
  ),
  fc.string({ unit: anyCodeUnit, maxLength: 40 }),
  fc.string({ unit: loneSurrogates, minLength: 1, maxLength: 3 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.constant('x'.repeat(1 << 20)),
);

const hostileNumber: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, -0, 2 ** 31, 2 ** 53, -(2 ** 53), 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 0.5),
  fc.constantFrom('NaN', 'Infinity', '1e400', '-0', '12abc', ''),
);

/** A value nested `depth` levels deep in arrays and objects (a parser's and a walker's worst case). */
const deepNesting: fc.Arbitrary<unknown> = fc.integer({ min: 20, max: 200 }).map((depth) => {
  let value: unknown = '\u0000';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
});

const anyJson: fc.Arbitrary<unknown> = fc.oneof(fc.jsonValue({ maxDepth: 3 }), hostileString, hostileNumber, deepNesting, fc.constant(null));

/** Values shaped like the schema most of the time (so requests get past validation), hostile the rest. */
function valueFor(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return anyJson;
  const conforming = conformingValue(schema, depth);
  return fc.oneof({ arbitrary: conforming, weight: 4 }, { arbitrary: anyJson, weight: 1 });
}

function conformingValue(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  const variants = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (variants?.length) return fc.oneof(...variants.map((v) => valueFor(v, depth + 1)));
  if (Array.isArray(schema.enum) && schema.enum.length) return fc.oneof(fc.constantFrom(...(schema.enum as unknown[])), hostileString);
  if (schema.const !== undefined) return fc.constant(schema.const);
  const type = Array.isArray(schema.type) ? (schema.type as string[])[0] : (schema.type as string | undefined);
  switch (type) {
    case 'string':
      return stringFor(schema);
    case 'integer':
    case 'number': {
      const min = typeof schema.minimum === 'number' ? schema.minimum : -1e6;
      const max = typeof schema.maximum === 'number' ? schema.maximum : 1e6;
      const inRange = type === 'integer' ? fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31 - 1) }) : fc.double({ min, max, noNaN: true });
      return fc.oneof({ arbitrary: inRange, weight: 3 }, { arbitrary: hostileNumber, weight: 1 });
    }
    case 'boolean':
      return fc.oneof(fc.boolean(), fc.constantFrom('true', 0, 1, null));
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = valueFor(schema.items as JsonSchema | undefined, depth + 1);
      return fc.oneof({ arbitrary: fc.array(items, { maxLength: 4 }), weight: 4 }, { arbitrary: fc.array(items, { minLength: 50, maxLength: 300 }), weight: 1 });
    }
    case 'object':
    default: {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const names = Object.keys(properties);
      if (names.length === 0) return fc.dictionary(hostileString.filter((k) => k.length < 50), anyJson, { maxKeys: 4 });
      const required = new Set((schema.required ?? []) as string[]);
      const shaped = fc.record(Object.fromEntries(names.map((n) => [n, valueFor(properties[n], depth + 1)])), {
        requiredKeys: names.filter((n) => required.has(n)),
      });
      return fc.oneof(
        { arbitrary: shaped, weight: 6 },
        // Fields missing that are required, and unknown, duplicate-looking or prototype-polluting keys added.
        { arbitrary: fc.record(Object.fromEntries(names.map((n) => [n, valueFor(properties[n], depth + 1)])), { requiredKeys: [] }), weight: 1 },
        { arbitrary: fc.tuple(shaped, fc.constantFrom('__proto__', 'constructor', 'extra', '\u0000', 'a'.repeat(300)), anyJson).map(([o, k, v]) => ({ ...(o as object), [k]: v })), weight: 1 },
      );
    }
  }
}

function stringFor(schema: JsonSchema): fc.Arbitrary<string> {
  const format = schema.format as string | undefined;
  const maxLength = typeof schema.maxLength === 'number' ? Math.min(schema.maxLength, 80) : 80;
  const minLength = typeof schema.minLength === 'number' ? Math.min(schema.minLength, maxLength) : 0;
  const shaped =
    format === 'uuid'
      ? fc.uuid()
      : format === 'date-time'
        ? fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString())
        : format === 'date'
          ? fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))
          : typeof schema.pattern === 'string'
            ? fc.stringMatching(new RegExp(schema.pattern as string)).filter((s) => s.length <= 200)
            : fc.string({ minLength, maxLength });
  return fc.oneof({ arbitrary: shaped, weight: 3 }, { arbitrary: hostileString, weight: 2 });
}

/** Percent-encodes the UTF-8 of any string (a lone surrogate becomes U+FFFD's bytes; it cannot travel in a URL). */
function encode(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((b) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

function pathValue(world: FuzzWorld, who: Who): fc.Arbitrary<string> {
  const known = [...world.ids, ...(belowConfidential.has(who) ? world.canaryIds : [])];
  return fc.oneof(
    { arbitrary: fc.constantFrom(...known).map(encode), weight: 4 },
    { arbitrary: fc.uuid().map(encode), weight: 2 },
    { arbitrary: hostileString.filter((s) => s.length < 2000).map(encode), weight: 2 },
    { arbitrary: fc.constantFrom('%', '%zz', '%ED%A0%80', 'a'.repeat(600), '..', '%2F'), weight: 1 },
  );
}

function queryFor(op: Operation): fc.Arbitrary<string> {
  const one = (name: string, schema: JsonSchema) => valueFor(schema).map((v) => `${encode(name)}=${encode(typeof v === 'string' ? v : JSON.stringify(v) ?? '')}`);
  const known = op.queryParams.map((p) => fc.option(one(p.name, p.schema), { nil: null, freq: 2 }));
  return fc
    .tuple(fc.tuple(...known), fc.option(fc.tuple(hostileString.filter((s) => s.length < 100), hostileString.filter((s) => s.length < 2000)), { freq: 4 }), fc.boolean())
    .map(([values, extra, repeat]) => {
      const parts = (values as Array<string | null>).filter((v): v is string => v !== null);
      if (extra) parts.push(`${encode(extra[0])}=${encode(extra[1])}`);
      if (repeat && parts.length) parts.push(parts[0]);
      return parts.length ? `?${parts.join('&')}` : '';
    });
}

const hostileFileName = fc.oneof(hostileString.filter((s) => s.length < 5000), fc.constantFrom('a.txt', 'CON', '.htaccess', 'a/../../b.txt', 'dir/sub/file.pdf', 'name"; filename*=UTF-8\'\'x', ''));

function multipartBody(): fc.Arbitrary<{ payload: Buffer; contentType: string }> {
  return fc
    .record({
      metadata: fc.option(fc.oneof(fc.constantFrom('{"title":"fuzz","confidentiality":"restricted"}', '{', '{"confidentiality":"nope"}'), anyJson.map((v) => JSON.stringify(v) ?? '')), { freq: 2 }),
      filename: fc.option(hostileFileName, { freq: 6 }),
      content: fc.uint8Array({ maxLength: 2048 }),
      truncate: fc.boolean(),
    })
    .map(({ metadata, filename, content, truncate }) => {
      const boundary = `fuzz${randomBytes(6).toString('hex')}`;
      const parts: Buffer[] = [];
      if (metadata !== null) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n${metadata}\r\n`));
      if (filename !== null) {
        parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
        parts.push(Buffer.from(content), Buffer.from('\r\n'));
      }
      if (!truncate) parts.push(Buffer.from(`--${boundary}--\r\n`));
      return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
    });
}

function bodyFor(op: Operation): fc.Arbitrary<{ payload?: string | Buffer; contentType?: string }> {
  if (op.multipart) return fc.oneof({ arbitrary: multipartBody(), weight: 5 }, { arbitrary: anyJson.map((v) => ({ payload: JSON.stringify(v) ?? '', contentType: 'application/json' })), weight: 1 });
  const json = valueFor(op.body ?? undefined).map((v) => ({ payload: JSON.stringify(v) ?? 'null', contentType: 'application/json' }));
  const raw = fc.oneof(
    fc.constantFrom('{', '{"a":1,}', '[', 'null', '""', '{"a":"\\ud800"}', '{"a":"\\u0000"}', '{"__proto__":{"admin":true}}'),
    // Nesting far deeper than any value above, built as text (a value this deep would overflow the generator's own stack).
    fc.integer({ min: 1_000, max: 200_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
    fc.integer({ min: 1_000, max: 100_000 }).map((n) => '{"a":'.repeat(n) + '"\\u0000"' + '}'.repeat(n)),
  ).map((payload) => ({ payload, contentType: 'application/json' }));
  const otherTypes = fc.constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x').map((contentType) => ({ payload: 'a=1', contentType }));
  if (op.method === 'GET' || op.method === 'DELETE') return fc.oneof({ arbitrary: fc.constant({}), weight: 8 }, { arbitrary: json, weight: 1 });
  return fc.oneof({ arbitrary: json, weight: 8 }, { arbitrary: raw, weight: 1 }, { arbitrary: otherTypes, weight: 1 }, { arbitrary: fc.constant({}), weight: 1 });
}

/** Requests for one operation as one caller. */
export function requestsFor(world: FuzzWorld, op: Operation, who: Who): fc.Arbitrary<FuzzRequest> {
  const params = op.pathParams.length ? fc.tuple(...op.pathParams.map(() => pathValue(world, who))) : fc.constant([] as string[]);
  return fc.record({ params, query: queryFor(op), body: bodyFor(op) }).map(({ params, query, body }) => {
    let i = 0;
    const path = op.path.replace(/\{[^}]+\}/g, () => (params as string[])[i++]);
    const headers: Record<string, string> = { ...world.headers[who] };
    if (body.contentType) headers['content-type'] = body.contentType;
    return { who, method: op.method, url: `${path}${query}`, headers, payload: body.payload, route: `${op.method} ${op.path}` };
  });
}

/**
 * Every (operation, caller) pair, so each route is tried as each kind of caller, in rounds: each round has every
 * operation once, with the callers rotated, so a run cut short by its time budget has still tried every route.
 */
export function pairs(world: FuzzWorld): Array<{ op: Operation; who: Who }> {
  return everyone.flatMap((_, round) => world.operations.map((op, i) => ({ op, who: everyone[(i + round) % everyone.length] })));
}

const HANG_MS = 30_000;

/** Sends one request and checks the answer; null when it is fine. */
export async function check(world: FuzzWorld, request: FuzzRequest): Promise<Finding | null> {
  let timer: NodeJS.Timeout | undefined;
  const answer = await Promise.race([
    world.t.app.inject({ method: request.method as 'GET', url: request.url, headers: request.headers, payload: request.payload }),
    new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), HANG_MS);
    }),
  ]).finally(() => clearTimeout(timer));
  if (!answer) return { kind: 'hang', request, status: 0, body: '' };
  const { statusCode: status, body } = answer;
  if (status >= 500) return { kind: 'server_error', request, status, body };
  if (status >= 400 && !hasErrorShape(body)) return { kind: 'error_shape', request, status, body };
  if (belowConfidential.has(request.who) && world.canaries.some((c) => body.includes(c))) return { kind: 'leak', request, status, body };
  return null;
}

function hasErrorShape(body: string): boolean {
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown; message?: unknown } };
    return Object.keys(parsed).length === 1 && typeof parsed.error?.code === 'string' && typeof parsed.error?.message === 'string';
  } catch {
    return false;
  }
}

export function describeFinding(f: Finding): string {
  const payload = f.request.payload === undefined ? '' : String(f.request.payload).slice(0, 300);
  return `${f.kind}: ${f.status} ${f.request.route} as ${f.request.who}\n  ${f.request.method} ${f.request.url.slice(0, 300)}\n  payload ${JSON.stringify(payload)}\n  answer ${f.body.slice(0, 300)}`;
}

/** The fuzzing seed: FUZZ_SEED when set (to replay a failure), else a fresh one; printed either way. */
export function fuzzSeed(): number {
  const given = process.env.FUZZ_SEED;
  return given ? Number(given) : randomBytes(4).readUInt32BE(0) >>> 1;
}
