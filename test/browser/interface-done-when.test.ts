import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/server/accounts/actor.ts';
import { startTestServer } from '../../src/server/testing.ts';
import { seedExhibits, walkDoneWhen, type Locale } from './done-when-walk.ts';
import { buildWeb, hasChromium, launchBrowser, runAxe, type Browser } from './harness.ts';
import { rawCodesOn, untranslatedKeysOn } from './raw-codes.ts';

/**
 * Issue 18's "done when", walked once in Chromium against the real server by the roles it names, every step through
 * the pages (done-when-walk.ts): a documenter (an editor, in English) records a new claim with a source added from
 * inside the claim form and a recognition act, sees a photo's GPS position and uses it as the item's place,
 * bulk-selects ten search results and exports them as a court package; a reviewer then reads that photo's custody
 * timeline in Armenian. Every page a step ends on is checked as the walk-through checks a page: no message key shown
 * untranslated, no raw code outside a technical disclosure, no serious or critical axe violation; and the browser logs
 * no error or CSP violation. The walk-through (RECKON_WALKTHROUGH=1) takes the same steps in all four languages. The
 * deeper checks of each step stay in their own suites (registry-forms, archive, court-package).
 */
const useMock = process.env.RECKON_BROWSER_MOCK === '1';
const SLOW = 600_000;

describe.skipIf(!hasChromium || useMock)('issue 18 done when, walked by a documenter and a reviewer', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let page: Page;
  const stamp = `dw${randomBytes(3).toString('hex')}`;
  const password = `dw-${randomBytes(12).toString('base64url')}`;
  const users = { documenter: `documenter-${stamp}`, reviewer: `reviewer-${stamp}` };

  beforeAll(async () => {
    const webRoot = await buildWeb();
    [server, browser] = await Promise.all([startTestServer({ webDist: webRoot }), launchBrowser()]);
    page = browser.page;
    page.setDefaultTimeout(60_000);
    const ctx = server.ctx;
    const documenter = await ctx.accounts.createUser(systemActor('test'), {
      username: users.documenter,
      displayName: 'Documenter',
      role: 'editor',
      password,
      mustChangePassword: false,
    });
    await ctx.accounts.createUser(systemActor('test'), {
      username: users.reviewer,
      displayName: 'Reviewer',
      role: 'reviewer',
      password,
      mustChangePassword: false,
    });
    await seedExhibits(ctx, { kind: 'user', userId: documenter.id, username: documenter.username, role: 'editor', via: 'session' }, stamp);
  }, SLOW);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it(
    'records a claim with its source and a recognition act, places a photo by its GPS position, exports ten results; a reviewer reads the custody in Armenian',
    async () => {
      const problems: string[] = [];
      const check = async (step: string, locale: Locale) => {
        for (const key of await untranslatedKeysOn(page)) problems.push(`${step}: untranslated ${key}`);
        for (const code of await rawCodesOn(page, { latinCodes: locale === 'hy' || locale === 'ru' })) problems.push(`${step}: raw code ${code}`);
        for (const v of await runAxe(page)) problems.push(`${step}: axe ${v.id} (${v.targets.slice(0, 2).join(', ')})`);
      };
      await walkDoneWhen({
        page,
        url: server.url,
        stamp,
        documenter: { username: users.documenter, password, locale: 'en' },
        reviewer: { username: users.reviewer, password, locale: 'hy' },
        check,
      });
      expect(problems).toEqual([]);
      expect([...browser.consoleErrors, ...browser.cspViolations]).toEqual([]);
    },
    SLOW,
  );
});
