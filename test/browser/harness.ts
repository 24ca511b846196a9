import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser as PlaywrightBrowser, type BrowserContext, type BrowserContextOptions, type CDPSession, type Page } from 'playwright-core';
import type { ConfigFlags } from '../../src/server/config.ts';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CHROMIUM = process.env.RECKON_CHROMIUM ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`skipping browser tests: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);

/**
 * Builds the web app as `npm run build:web` does, in a child process: inside Vitest NODE_ENV is 'test', which
 * would make Vite bundle React's development build, and the suite must test what production serves.
 */
export async function buildWeb(outDir?: string): Promise<string> {
  const run = process.env.RECKON_TEST_RUN;
  if (outDir || !run) return viteBuild(outDir);
  return sharedBuild(join(repoRoot, 'test-artifacts', `web-${run}`));
}

/**
 * One build per test run, shared by every browser suite: the suites run in parallel workers, and each building into
 * dist/web emptied the folder another suite's server was serving (and cost a full Vite build each). The first suite
 * to take the lock builds; the others wait for its marker, or build themselves if it gave up.
 */
async function sharedBuild(target: string): Promise<string> {
  const done = join(target, '.built');
  const lock = `${target}.lock`;
  const deadline = Date.now() + 10 * 60_000;
  while (!existsSync(done)) {
    let fd: number | undefined;
    try {
      fd = openSync(lock, 'wx');
    } catch {
      if (Date.now() > deadline) throw new Error(`no web build appeared in ${target} within 10 minutes`);
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    try {
      await viteBuild(target);
      writeFileSync(done, '');
    } finally {
      closeSync(fd);
      rmSync(lock, { force: true });
    }
  }
  return target;
}

async function viteBuild(outDir?: string): Promise<string> {
  const vite = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  // a build into its own folder empties it first
  const args = outDir ? ['--outDir', outDir, '--emptyOutDir'] : [];
  const { stderr } = await promisify(execFile)(process.execPath, [vite, 'build', '--logLevel', 'error', ...args], {
    cwd: repoRoot,
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (stderr.trim()) console.warn(stderr);
  return outDir ?? join(repoRoot, 'dist', 'web');
}

export interface RunningServer {
  url: string;
  admin: { username: string; password: string };
  kind: 'reckon' | 'mock';
  close(): Promise<void>;
}

/** The real server by default; the in-memory mock only when asked for (RECKON_BROWSER_MOCK=1). */
export async function startServer(webRoot: string, flags: ConfigFlags = {}): Promise<RunningServer> {
  if (process.env.RECKON_BROWSER_MOCK === '1') {
    const { startMockServer } = await import('./mock-api.ts');
    return { ...(await startMockServer(webRoot)), kind: 'mock' };
  }
  const { startTestServer } = await import('../../src/server/testing.ts');
  const server = await startTestServer({ webDist: webRoot, ...flags });
  return { url: server.url, admin: server.admin, kind: 'reckon', close: () => server.close() };
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Every CSP violation and console error seen so far, across all pages. */
  cspViolations: string[];
  consoleErrors: string[];
  /**
   * A separate context with its own cookies and storage (a second person, e.g. a participant on a phone who has no
   * account), watched for CSP violations and script errors like the main one.
   */
  isolatedContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  close(): Promise<void>;
}

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchBrowser(): Promise<Browser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'reckon-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
  const cspViolations: string[] = [];
  const consoleErrors: string[] = [];
  // Injected by the browser's debugging protocol, which CSP does not govern; it records violations the page hits.
  const recordViolations = () =>
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'} at ${event.sourceFile}:${event.lineNumber}`);
    });
  await context.addInitScript(recordViolations);
  const watch = (page: Page) => {
    page.on('console', (message) => {
      const text = message.text();
      if (/Content Security Policy|CSP violation/i.test(text)) cspViolations.push(text);
      // A failed request's message does not name the request; its location does, and a flaky failure needs it.
      else if (message.type() === 'error') consoleErrors.push(text.startsWith('Failed to load resource') ? `${text} (${message.location().url})` : text);
    });
    page.on('pageerror', (error) => consoleErrors.push(`page error: ${error.message}`));
  };
  context.on('page', watch);
  let second: PlaywrightBrowser | null = null;
  const isolated: BrowserContext[] = [];
  const page = context.pages()[0] ?? (await context.newPage());
  watch(page);
  return {
    context,
    page,
    cspViolations,
    consoleErrors,
    async isolatedContext(options = {}) {
      second ??= await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
      const other = await second.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', timezoneId: 'UTC', ...options });
      await other.addInitScript(recordViolations);
      other.on('page', watch);
      isolated.push(other);
      return other;
    },
    async close() {
      for (const other of isolated) await other.close();
      await second?.close();
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core in the page and returns serious and critical violations. The script goes in through the
 * debugging protocol (page.evaluate), so the page's CSP does not have to allow it.
 */
export async function runAxe(page: Page): Promise<AxeFinding[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: unknown) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => ({
        id: violation.id,
        impact: violation.impact ?? '',
        help: violation.help,
        targets: violation.nodes.map((node) => node.target.join(' ')),
      }));
  });
}

export interface PageApiResponse {
  status: number;
  json: Record<string, unknown>;
}

/**
 * A JSON API caller that runs inside the page, with the session cookie and CSRF token, as the app itself calls:
 * for setting up data a browser test is not about.
 */
export function pageApi(page: Page): (method: string, path: string, body?: unknown) => Promise<PageApiResponse> {
  return (method, path, body) =>
    page.evaluate(
      async ({ method, path, body }) => {
        const session = (await (await fetch('/api/auth/session')).json()) as { csrfToken: string };
        const response = await fetch(path, {
          method,
          headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { status: response.status, json: (await response.json().catch(() => null)) as Record<string, unknown> };
      },
      { method, path, body },
    );
}

/**
 * Signs in as the server's admin over HTTP and opens a dialogue conversation of two communities with one seeded
 * statement in English; returns the communities' invitation tokens. For suites and benches that load a participant's
 * page and are not about the facilitator's forms.
 */
export async function openConversation(server: RunningServer, statement: string, topic = 'A conversation for a test'): Promise<string[]> {
  const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(server.admin) });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const created = await fetch(`${server.url}/api/dialogue/conversations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({
      topic: { en: topic },
      moderation: 'strict',
      minGroupSize: 3,
      communities: [{ name: { en: 'One' } }, { name: { en: 'Two' } }],
      seedStatements: [{ text: statement, language: 'en' }],
    }),
  });
  if (created.status !== 201) throw new Error(`creating the conversation answered ${created.status}: ${await created.text()}`);
  return ((await created.json()) as { invitations: Array<{ token: string }> }).invitations.map((i) => i.token);
}

/** Issue 16's 3G-class connection: 1.6 Mbit/s down, 150 ms latency. */
export const THREE_G = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };

/**
 * A phone-sized page in a fresh context with the cache off (a first visit), optionally on the 3G connection, and its
 * debugging-protocol session with network events on, for suites and benches that weigh or time a first load.
 */
export async function coldPhonePage(browser: Browser, throttle: boolean): Promise<{ context: BrowserContext; page: Page; cdp: CDPSession }> {
  const context = await browser.isolatedContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (throttle) await cdp.send('Network.emulateNetworkConditions', THREE_G);
  return { context, page, cdp };
}
