/**
 * Issue 16's goal for participants on weak connections: the first statement shown within 2 s on a simulated 3G
 * connection (Chromium's throttling: 1.6 Mbit/s down, 150 ms latency), with an empty cache.
 *
 *   node --import tsx bench/participant-3g.bench.ts [--runs 7] [--web <built web folder>]
 *
 * Builds the web app (production, as `npm run build:web`), starts Reckon on an embedded database in a temporary
 * folder, opens a conversation with one seeded statement, and loads the invitation link `runs` times in a fresh
 * browser context, each time timing from navigation to the statement being visible. The reference, measured in the
 * same run on the same throttled connection, is one request for a 1 KB static file (the price of a round trip), so the
 * figure can be read as "so many round trips": what a page loses to a chain of requests each waiting for the last.
 * Each run's requests are printed with their start and end times, so the chain is visible.
 */
import { loadavg } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildWeb, coldPhonePage, launchBrowser, openConversation } from '../test/browser/harness.ts';
import { startTestServer } from '../src/server/testing.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' }, web: { type: 'string' } } });
const runs = Number(values.runs);
const STATEMENT = 'The first statement a participant reads.';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const loadBefore = loadavg()[0];

const buildDir = values.web ? undefined : mkdtempSync(join(tmpdir(), 'reckon-bench-web-'));
const webRoot = values.web ?? (await buildWeb(buildDir));
const server = await startTestServer({ webDist: webRoot });
const browser = await launchBrowser();
try {
  const invitations = await openConversation({ ...server, kind: 'reckon' }, STATEMENT, 'A conversation on a weak connection');

  /** One load in a fresh context with an empty cache; returns ms to `ready` and the requests' times. */
  const load = async (path: string, ready: (page: import('playwright-core').Page) => Promise<unknown>) => {
    const { context, page, cdp } = await coldPhonePage(browser, true);
    try {
      const requests = new Map<string, { url: string; start: number; end?: number }>();
      let origin = 0;
      cdp.on('Network.requestWillBeSent', (e: { requestId: string; timestamp: number; request: { url: string } }) => {
        if (!origin) origin = e.timestamp;
        requests.set(e.requestId, { url: e.request.url.replace(server.url, ''), start: e.timestamp });
      });
      cdp.on('Network.loadingFinished', (e: { requestId: string; timestamp: number }) => {
        const r = requests.get(e.requestId);
        if (r) r.end = e.timestamp;
      });
      const started = performance.now();
      // 'commit': the clock stops when the statement shows, not at the load event (which waits for fonts and preloads)
      await page.goto(`${server.url}${path}`, { waitUntil: 'commit' });
      await ready(page);
      const ms = performance.now() - started;
      const chain = [...requests.values()]
        .sort((a, b) => a.start - b.start)
        .map((r) => `${String(Math.round((r.start - origin) * 1000)).padStart(5)}–${r.end ? String(Math.round((r.end - origin) * 1000)).padStart(5) : '    ?'} ms  ${r.url.slice(0, 90)}`);
      return { ms, chain };
    } finally {
      await context.close();
    }
  };

  const reference: number[] = [];
  const participant: number[] = [];
  let lastChain: string[] = [];
  for (let i = 0; i < runs; i++) {
    reference.push((await load('/favicon.svg', (p) => p.waitForLoadState('load'))).ms);
    const run = await load(`/dialogue/join#${invitations[i % invitations.length]}`, (p) => p.getByText(STATEMENT).waitFor({ timeout: 60_000 }));
    participant.push(run.ms);
    lastChain = run.chain;
  }
  console.log(`participant's first statement on 3G (1.6 Mbit/s, 150 ms), ${runs} runs, empty cache`);
  console.log(`  median ${Math.round(median(participant))} ms (runs: ${participant.map(Math.round).join(', ')})  goal ≤ 2000 ms`);
  console.log(`  reference, one 1 KB file on the same connection: median ${Math.round(median(reference))} ms`);
  console.log(`  ratio ${(median(participant) / median(reference)).toFixed(1)} round trips' worth`);
  console.log(`  load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after`);
  console.log(`requests of the last run (start–end from the first request):\n${lastChain.join('\n')}`);
} finally {
  await browser.close();
  await server.close();
  if (buildDir) rmSync(buildDir, { recursive: true, force: true });
}
