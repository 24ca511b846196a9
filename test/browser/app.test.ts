import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { User } from '../../src/web/api/types.ts';
import { canAccess } from '../../src/web/auth/access.ts';
import { MODULES } from '../../src/web/modules.tsx';
import { buildWeb, hasChromium, launchBrowser, repoRoot, runAxe, startServer, type Browser, type RunningServer } from './harness.ts';
import { findRawCodes, rawCodesOn } from './raw-codes.ts';

/**
 * The web app in a real Chromium against a real server: the public pages, login, every module, the admin pages,
 * Armenian, phone width, axe-core on every page in English and Armenian, and no CSP violations throughout.
 * The tests run in order and share one browser session (logging in once keeps the suite fast).
 */
// every module an administrator can open, straight from the registry, so a newly registered module is covered
const administrator: User = { id: '', username: '', displayName: '', role: 'admin', locale: null, mustChangePassword: false };
const MODULE_PATHS = MODULES.filter((module) => canAccess(module.access, administrator)).map((module) => module.path);
const ADMIN_PAGES = ['/admin/users', '/admin/tokens', '/admin/audit'];
// the module pages and /admin/users are checked in English while navigating; the rest here
const MORE_ENGLISH_PAGES = ['/', '/admin/tokens', '/admin/audit', '/account/tokens', '/no-such-page'];
const SIGNED_IN_PAGES = ['/', ...MODULE_PATHS.filter((path) => path !== '/admin'), ...ADMIN_PAGES, '/account/tokens', '/no-such-page'];

describe.skipIf(!hasChromium)('web app in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  /** A user the administrator creates; logs in at the end to meet the forced password change. */
  const newcomer = { username: `reviewer-${Date.now()}`, password: 'initial passphrase for the reviewer' };

  /** A full page load, then wait until the app has rendered a page and nothing on it is still loading. */
  const open = async (path: string) => {
    await page.goto(server.url + path);
    await page.waitForFunction(() => document.getElementById('page-title') !== null && document.querySelector('.loading') === null);
  };

  /**
   * Navigation inside the app, as following a link does (no reload, so axe stays loaded): push the path and let
   * the router react, then wait for the new page's title and for nothing to be loading.
   */
  const pushPath = (path: string) =>
    page.evaluate((target) => {
      history.pushState(null, '', target);
      window.dispatchEvent(new PopStateEvent('popstate', { state: null }));
    }, path);

  const visit = async (path: string) => {
    const before = await page.evaluate(() => ({ path: location.pathname, title: document.title }));
    if (before.path === path) return;
    await pushPath(path);
    await page.waitForFunction(
      (previous) =>
        location.pathname.startsWith(previous.path_) &&
        document.title !== previous.title &&
        document.getElementById('page-title') !== null &&
        document.querySelector('.loading') === null,
      { path_: path, title: before.title },
    );
  };

  const expectAccessible = async (label: string) => {
    const findings = await runAxe(page);
    expect(findings, `${label}: ${JSON.stringify(findings, null, 1)}`).toEqual([]);
  };

  beforeAll(async () => {
    // the server looks for dist/web when it starts, so it starts after the build; the browser launches meanwhile
    [server, browser] = await Promise.all([buildWeb().then((webRoot) => startServer(webRoot)), launchBrowser()]);
    if (server.kind === 'mock') console.warn('browser tests are running against the in-memory mock API, not the Reckon server');
    page = browser.page;
    page.setDefaultTimeout(10_000);
    page.on('dialog', (dialog) => void dialog.accept());
  }, 240_000); // the test server's database start-up alone took 37 s on a loaded 2-core machine

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the public home page with the four pillars and no admin link', async () => {
    await open('/');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('#page-title').textContent()).toBe('Reckon');
    expect(await page.locator('.pillar').count()).toBe(4);
    expect(await page.locator('nav a[href="/admin"]').count()).toBe(0);
    expect(await page.locator('nav a[href="/archive"]').count()).toBe(1);
    expect(await page.locator('header a[href="/login"]').count()).toBe(1);
    await expectAccessible('home (public)');
  });

  it('has a skip link as the first stop, and it moves to the main content', async () => {
    await open('/');
    await page.keyboard.press('Tab');
    const skip = page.locator('.skip-link');
    expect(await skip.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    expect(page.url()).toContain('#main');
  });

  it('sends visitors to the login page from protected pages, and back after login', async () => {
    await open('/admin/users');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/admin/users');
    await expectAccessible('login');
  });

  it('says so, accessibly, when the password is wrong', async () => {
    await page.getByLabel('Username').fill(server.admin.username);
    await page.getByLabel('Password').fill('definitely-not-the-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('do not match');
    expect(await page.getByLabel('Password').inputValue()).toBe('');
    await expectAccessible('login with error');
  });

  it('explains rate limiting when the server refuses more attempts', async () => {
    await page.route('**/api/auth/login', (route) =>
      route.fulfill({
        status: 429,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'rate_limited', message: 'Too many requests', details: null } }),
      }),
    );
    try {
      await page.getByLabel('Username').fill(server.admin.username);
      await page.getByLabel('Password').fill('anything');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('alert').filter({ hasText: 'Too many attempts' }).waitFor();
    } finally {
      await page.unroute('**/api/auth/login');
    }
  });

  it('logs the administrator in and lands on the page that was asked for', async () => {
    await page.getByLabel('Username').fill(server.admin.username);
    await page.getByLabel('Password').fill(server.admin.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL('**/admin/users');
    // the admin module loads lazily; the login page stays on screen until it is ready
    await page.locator('#page-title', { hasText: 'Users' }).waitFor();
    expect(await page.locator('nav a[href="/admin"]').count()).toBe(1);
  });

  it('navigates every module from the header, moving focus to each page heading', async () => {
    await open('/');
    for (const path of MODULE_PATHS) {
      await page.locator(`nav.site-nav a[href="${path}"]`).click();
      await page.waitForURL((url) => url.pathname.startsWith(path));
      const heading = page.locator('#page-title');
      await heading.waitFor();
      await page.waitForFunction(() => document.activeElement?.id === 'page-title');
      expect(await page.locator(`nav.site-nav a[href="${path}"]`).getAttribute('aria-current')).toBe('page');
      expect((await heading.textContent())?.length).toBeGreaterThan(0);
      expect(await page.title()).toContain('Reckon');
      await expectAccessible(`module ${path}`);
    }
  });

  it('creates a user, stores hostile text as text, refuses a duplicate username, changes a role, resets a password, disables', async () => {
    await open('/admin/users');
    const hostile = `<img src=x onerror=alert(1)> '; DROP TABLE users; --`;
    const username = `field-worker-${Date.now()}`;
    const form = page.locator('form', { has: page.locator('#create-user-title') });
    await form.getByLabel('Username').fill(username);
    await form.getByLabel('Display name').fill(hostile);
    await form.getByLabel('Role').selectOption('editor');
    await form.getByLabel('Initial password').fill('a long initial passphrase 42');
    await form.getByRole('button', { name: 'Add user' }).click();
    const row = page.locator('tbody tr', { hasText: username });
    await row.waitFor();
    expect(await row.locator('.cell-main').textContent()).toBe(hostile);
    expect(await page.locator('tbody img').count()).toBe(0);
    expect(await row.getByRole('combobox').inputValue()).toBe('editor');

    await form.getByLabel('Username').fill(username);
    await form.getByLabel('Display name').fill('Someone else');
    await form.getByLabel('Initial password').fill('another long passphrase 43');
    await form.getByRole('button', { name: 'Add user' }).click();
    await form.getByRole('alert').waitFor();
    expect(await form.getByRole('alert').textContent()).toContain('already taken');
    await expectAccessible('admin users after create');

    await row.getByRole('combobox').selectOption('viewer');
    await page.getByRole('status').filter({ hasText: 'has been updated' }).waitFor();
    expect(await row.getByRole('combobox').inputValue()).toBe('viewer');

    await row.getByRole('button', { name: 'Reset password' }).click();
    const reset = page.locator('dialog[open]');
    await reset.getByLabel('New password').fill('a reset passphrase for them');
    await reset.getByRole('button', { name: 'Save' }).click();
    await reset.waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: 'has been reset' }).waitFor();

    await row.getByRole('button', { name: 'Disable' }).click();
    await row.locator('.badge', { hasText: 'Disabled' }).waitFor();

    await form.getByLabel('Username').fill(newcomer.username);
    await form.getByLabel('Display name').fill('Newcomer Reviewer');
    await form.getByLabel('Role').selectOption('reviewer');
    await form.getByLabel('Initial password').fill(newcomer.password);
    await form.getByRole('button', { name: 'Add user' }).click();
    await page.locator('tbody tr', { hasText: newcomer.username }).waitFor();
  });

  it('creates an API token, shows the secret once with a copy button, and revokes it', async () => {
    await open('/account/tokens');
    await page.getByLabel('Name').fill('laptop command line');
    await page.getByLabel('Expires after (days)').fill('30');
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = page.locator('.secret code');
    await secret.waitFor();
    expect((await secret.textContent())?.length).toBeGreaterThan(16);
    expect(await page.getByRole('button', { name: 'Copy' }).count()).toBe(1);
    await page.locator('tbody tr', { hasText: 'laptop command line' }).waitFor();
    await expectAccessible('tokens with secret');

    await open('/account/tokens');
    await page.locator('tbody tr', { hasText: 'laptop command line' }).waitFor();
    expect(await page.locator('.secret code').count()).toBe(0);
    await page.locator('tbody tr', { hasText: 'laptop command line' }).getByRole('button', { name: 'Revoke' }).click();
    await page.locator('tbody tr', { hasText: 'laptop command line' }).waitFor({ state: 'detached' });
  });

  it('shows the audit log as a table, each action in words with its recorded name folded away', async () => {
    await open('/admin/audit');
    // Polled, not counted once after the first row shows: the table may be drawn again as its data arrives (a
    // clean-clone CI run counted 0 rows just after one had appeared).
    await expect.poll(() => page.locator('table tbody tr').count()).toBeGreaterThan(0);
    await page
      .locator('.audit-action', { hasText: /^Signed in$/ })
      .first()
      .waitFor();
    const codes = await page.locator('.audit-action-code code').allTextContents();
    expect(codes).toContain('user.login');
    expect(await page.locator('.audit-action-code[open]').count()).toBe(0);
  });

  it('passes axe on every other signed-in page in English, and none shows a raw code', async () => {
    // The check itself finds what it is meant to find (issue 18's examples), and leaves file names and words alone.
    expect(findRawCodes('extraction.completed by 9f1c2e4a-1b2c-4d5e-8f90-1234567890ab: linkedPersons 15, file_added', { latinCodes: true })).toEqual([
      'extraction.completed',
      '9f1c2e4a-1b2c-4d5e-8f90-1234567890ab',
      'linkedPersons',
      'file_added',
    ]);
    expect(findRawCodes('Դիտված է primary-seen', { latinCodes: true })).toEqual(['primary-seen']);
    expect(findRawCodes('Download comments.csv, e.g. a well-known list')).toEqual([]);
    await open(MORE_ENGLISH_PAGES[0]);
    for (const path of MORE_ENGLISH_PAGES) {
      await visit(path);
      await expectAccessible(`en ${path}`);
      expect(await rawCodesOn(page), `en ${path}`).toEqual([]);
    }
  });

  it('switches to Armenian from the user menu, remembers it, and renders Armenian script', async () => {
    await open('/');
    await page.locator('.user-menu-button').click();
    await page.locator('.user-menu-panel select').selectOption('hy');
    await page.waitForFunction(() => document.documentElement.lang === 'hy');
    await page.keyboard.press('Escape');
    expect(await page.locator('.user-menu-panel').isVisible()).toBe(false);
    expect(await page.locator('#page-title').textContent()).toBe('Reckon');
    expect(await page.locator('nav.site-nav a[href="/archive"]').textContent()).toBe('Արխիվ');

    // remembered with the account as well as in this browser
    const serverLocale = () =>
      page.evaluate(async () => ((await (await fetch('/api/auth/session')).json()) as { user: { locale: string | null } }).user.locale);
    await expect.poll(serverLocale).toBe('hy');

    await page.reload();
    await page.locator('#page-title').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('hy');
    const fontReady = await page.evaluate(async () => {
      await document.fonts.ready;
      await document.fonts.load('16px "Noto Sans Armenian"', 'Հայերեն');
      return document.fonts.check('16px "Noto Sans Armenian"', 'Հայերեն');
    });
    expect(fontReady).toBe(true);
    mkdirSync(join(repoRoot, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: join(repoRoot, 'test-artifacts', 'armenian.png'), fullPage: true });
  });

  it('passes axe on every signed-in page in Armenian', async () => {
    await open(SIGNED_IN_PAGES[0]);
    for (const path of SIGNED_IN_PAGES) {
      await visit(path);
      expect(await page.locator('html').getAttribute('lang')).toBe('hy');
      await expectAccessible(`hy ${path}`);
      // Armenian pages have no Latin words of their own: any event name, key, identifier or kebab-case code is a leak.
      expect(await rawCodesOn(page, { latinCodes: true }), `hy ${path}`).toEqual([]);
    }
  });

  it('fits a phone screen: navigation behind a button, nothing wider than the screen', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    try {
      for (const path of ['/', '/admin/users', '/dialogue']) {
        await open(path);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, path).toBeLessThanOrEqual(0);
      }
      const nav = page.locator('nav.site-nav');
      expect(await nav.isVisible()).toBe(false);
      await page.locator('.nav-toggle').click();
      expect(await nav.isVisible()).toBe(true);
      await expectAccessible('phone with open navigation');
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('logs out back to the public view', async () => {
    await open('/');
    await page.locator('.user-menu-button').click();
    await page.locator('.user-menu-actions button').last().click();
    await page.locator('header a[href="/login"]').waitFor();
    expect(await page.locator('nav a[href="/admin"]').count()).toBe(0);
    await open('/admin/users');
    expect(new URL(page.url()).pathname).toBe('/login');
    await expectAccessible('login in Armenian');
  });

  it('makes a new user choose a password before anything else, and keeps admin pages from them', async () => {
    await open('/login');
    await page.locator('input[name="username"]').fill(newcomer.username);
    await page.locator('input[name="password"]').fill(newcomer.password);
    await page.locator('form button[type="submit"]').click();
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor();
    await expectAccessible('forced password change (hy)');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    // Chromium closes a modal on a repeated Escape even when `cancel` is prevented; the app reopens it from the
    // `close` event, a task later, so the check waits for it to be back rather than looking at one instant.
    await expect.poll(() => dialog.isVisible(), { timeout: 5_000 }).toBe(true);
    expect(await page.locator('dialog[open] input[autocomplete="current-password"]').count()).toBe(1);

    const [first, second] = [dialog.locator('input[autocomplete="new-password"]').first(), dialog.locator('input[autocomplete="new-password"]').last()];
    await dialog.locator('input[autocomplete="current-password"]').fill('not my password at all');
    await first.fill('a brand new reviewer passphrase');
    await second.fill('a brand new reviewer passphrase');
    await dialog.locator('button[type="submit"]').click();
    await dialog.getByRole('alert').waitFor();

    await dialog.locator('input[autocomplete="current-password"]').fill(newcomer.password);
    await dialog.locator('button[type="submit"]').click();
    await dialog.getByRole('status').waitFor();
    await dialog.locator('button.button-primary').click();
    await dialog.waitFor({ state: 'detached' });

    expect(await page.locator('nav a[href="/admin"]').count()).toBe(0);
    await open('/admin/users');
    expect(new URL(page.url()).pathname).toBe('/admin/users');
    expect(await page.locator('#page-title').textContent()).toBe('Ձեր հաշիվը դրա համար թույլտվություն չունի։');
    expect(await page.locator('table').count()).toBe(0);
  });

  it('sends the reader to the login page when the session ends behind their back', async () => {
    await open('/');
    await browser.context.clearCookies();
    await pushPath('/account/tokens');
    await page.waitForURL((url) => url.pathname === '/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/account/tokens');
  });

  it('hit no Content-Security-Policy violation and no script error on any page', () => {
    expect(browser.cspViolations).toEqual([]);
    // failed requests the tests provoke on purpose (wrong password, taken username, rate limit) are logged by Chromium; they are not errors of the app
    // the mock implements only the foundation's endpoints, so other modules' requests 404 there
    const expected = server.kind === 'mock' ? /status of (401|404|409|429)/ : /status of (401|409|429)/;
    const errors = browser.consoleErrors.filter((text) => !(text.startsWith('Failed to load resource') && expected.test(text)));
    expect(errors).toEqual([]);
  });
});
