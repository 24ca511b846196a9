import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildWeb, hasChromium, launchBrowser, pageApi, runAxe, startServer, type Browser, type RunningServer } from './harness.ts';

/**
 * The missing persons' pages end to end in Chromium against the real server: a synthetic list of the missing is
 * imported, two sources report competing statuses, a burial site with a position is recorded; the list filters by
 * status and finds a Latin name searched in Cyrillic, the person's page shows the claims side by side, the sighting,
 * the identification stage and the map; axe in the four languages, and a phone's 375 px without horizontal scroll.
 * A moderator records a family's status report and a sighting through the forms. All names are synthetic.
 */
const mock = process.env.RECKON_BROWSER_MOCK === '1';
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe.skipIf(!hasChromium || mock)('missing persons pages in Chromium', { timeout: 300_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let api: ReturnType<typeof pageApi>;
  let recordId = '';
  const open = async (path: string) => {
    for (let attempt = 0; (await page.goto(server.url + path))?.status() === 404 && attempt < 10; attempt++) await new Promise((done) => setTimeout(done, 3000));
    await page.waitForFunction(() => document.getElementById('page-title') !== null && document.querySelector('.loading') === null);
  };
  const expectAccessible = async (label: string) => {
    const findings = await runAxe(page);
    expect(findings, `${label}: ${JSON.stringify(findings, null, 1)}`).toEqual([]);
  };

  beforeAll(async () => {
    [server, browser] = await Promise.all([buildWeb().then((webRoot) => startServer(webRoot)), launchBrowser()]);
    page = browser.page;
    api = pageApi(page);
    page.setDefaultTimeout(30_000);
    await page.goto(`${server.url}/login?next=/missing`);
    await page.getByLabel('Username').fill(server.admin.username);
    await page.getByLabel('Password').fill(server.admin.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => url.pathname === '/missing');
    await page.locator('#page-title', { hasText: 'Missing persons' }).waitFor();
    const source = await api('POST', '/api/casualties/sources', { name: 'Synthetic list of the missing', compiledBy: 'Test group', method: 'Synthetic, for the browser test.' });
    expect(source.status, JSON.stringify(source.json)).toBe(201);
    const sourceId = (source.json as { id: string }).id;
    const csv = 'id,name,sex,born,place,status,status date,reported by\n1,Tural Rzayev,m,1970,Xocalı,missing,1992-02-26,Family\n2,Samira Ismayilova,f,1965,Xocalı,hostage,1992-03,Family\n3,Elnur Hasanov,m,1980,Ağdam,found dead,1993,Commission\n';
    const imported = await api('POST', `/api/missing/sources/${sourceId}/import`, { csvBase64: b64(csv), mapping: { source_record_id: 'id', name: 'name', sex: 'sex', birth_date: 'born', place: 'place' } });
    expect(imported.status, JSON.stringify(imported.json)).toBe(200);
    const found = await api('GET', '/api/missing/persons?q=Tural');
    recordId = (found.json as { persons: Array<{ id: string }> }).persons[0]!.id;
    const place = await api('POST', '/api/missing/places', { kind: 'burial_site', name: 'Synthetic site 4', latitude: 39.9, longitude: 46.8 });
    const placeId = (place.json as { id: string }).id;
    expect((await api('POST', `/api/missing/persons/${recordId}/statuses`, { status: 'detained', date: '1992-04', reportedBy: 'Released detainee <script>alert(1)</script>' })).status).toBe(201);
    expect((await api('POST', `/api/missing/persons/${recordId}/last-seen`, { seenOn: '1992-02-26', placeId, reportedBy: 'Neighbour' })).status).toBe(201);
    expect((await api('PUT', `/api/missing/persons/${recordId}/identification`, { stage: 'samples_given', contact: 'CANARY contact' })).status).toBe(200);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lists the missing, filters by status, and finds a Latin name searched in Cyrillic', async () => {
    await open('/missing');
    await page.locator('table.missing-list tbody tr').first().waitFor();
    expect(await page.locator('table.missing-list tbody tr').count()).toBe(3);
    await expectAccessible('list');
    await page.getByLabel('Status').selectOption('hostage');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/status=hostage/);
    await page.locator('table.missing-list caption', { hasText: '1 persons' }).waitFor();
    expect(await page.locator('table.missing-list tbody').innerText()).toContain('Samira Ismayilova');
    await page.getByLabel('Status').selectOption('');
    await page.getByLabel('Name in any script').fill('Турал Рзаев');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.locator('table.missing-list caption', { hasText: '1 persons' }).waitFor();
    await page.getByRole('link', { name: 'Tural Rzayev' }).click();
    await page.locator('#page-title', { hasText: 'Tural Rzayev' }).waitFor();
  });

  it('shows each source\'s statuses side by side, the sighting, the identification and the map', async () => {
    await open(`/missing/${recordId}`);
    const columns = page.locator('.missing-claims > .missing-source');
    await columns.first().waitFor();
    expect(await columns.count()).toBe(2);
    expect(await columns.locator('h3').allTextContents()).toEqual(['Family', 'Released detainee <script>alert(1)</script>']);
    expect(await page.locator('.notice', { hasText: 'latest statuses differ' }).innerText()).toMatch(/missing.*detained/);
    expect(await page.locator('table.missing-sightings tbody').innerText()).toContain('Synthetic site 4');
    expect(await page.locator('.missing-stage').innerText()).toBe('reference samples given');
    // the admin may see protected identities, so the sealed contact is shown on the page (never on public ones)
    expect(await page.locator('.missing-sealed').innerText()).toBe('CANARY contact');
    await page.locator('svg.missing-map .missing-map-point').first().waitFor();
    expect(await page.locator('table.missing-places tbody').innerText()).toContain('39.9, 46.8');
    await expectAccessible('person');
    await open('/missing/places');
    await page.locator('svg.missing-map .missing-map-point').first().waitFor();
    await expectAccessible('places');
  });

  it('passes axe in the four languages and fits a phone screen without horizontal scroll', async () => {
    for (const locale of ['az', 'ru', 'hy', 'en']) {
      await page.evaluate((l) => localStorage.setItem('reckon.locale', l), locale);
      for (const path of ['/missing', `/missing/${recordId}`, '/missing/places']) {
        await open(path);
        expect(await page.locator('html').getAttribute('lang')).toMatch(new RegExp(`^${locale}(-|$)`));
        await expectAccessible(`${locale} ${path}`);
      }
    }
    await page.setViewportSize({ width: 375, height: 740 });
    try {
      for (const locale of ['hy', 'en']) {
        await page.evaluate((l) => localStorage.setItem('reckon.locale', l), locale);
        for (const path of ['/missing', `/missing/${recordId}`, '/missing/places']) {
          await open(path);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          expect(overflow, `${locale} ${path}`).toBeLessThanOrEqual(0);
        }
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('lets a moderator record a family\'s status report and sighting through the forms, with faults told in the reader\'s language', async () => {
    // a moderator account (created by the administrator, its first password changed as the server requires)
    const username = `moderator-${Date.now()}`;
    expect((await api('POST', '/api/users', { username, displayName: 'Moderator', role: 'moderator', password: 'first-password-1' })).status).toBe(201);
    const context = await browser.isolatedContext();
    const mod = await context.newPage();
    mod.setDefaultTimeout(60_000);
    await mod.goto(`${server.url}/login`);
    // The page's own start-up requests (the footer's /api/system) must be done before the login below: sent with the
    // new session that must still change its password, the server refuses them (403), which is right, and a race.
    await mod.waitForLoadState('networkidle');
    const login = await mod.evaluate(async (u) => {
      const res = await fetch('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: u, password: 'first-password-1' }) });
      const { csrfToken } = (await res.json()) as { csrfToken: string };
      const changed = await fetch('/api/auth/password', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken }, body: JSON.stringify({ currentPassword: 'first-password-1', newPassword: 'a long second password for the moderator' }) });
      return changed.status;
    }, username);
    expect(login).toBeLessThan(300);
    await mod.goto(`${server.url}/missing/${recordId}`);
    await mod.locator('#page-title', { hasText: 'Tural Rzayev' }).waitFor();
    // the navigation offers the moderator's two modules
    const nav = await mod.getByRole('navigation').first().innerText();
    expect(nav).toContain('Missing persons');
    const status = mod.locator('form', { has: mod.locator('#missing-status-form-title') });
    // a date that does not exist and no source: nothing is sent, each fault is on its field
    await status.getByLabel('Status', { exact: true }).selectOption('released');
    await status.getByLabel('Date (as the source gives it)').fill('1992-02-30');
    await status.getByRole('button', { name: 'Add this status' }).click();
    await status.locator('.field-error').first().waitFor();
    expect(await status.locator('.field-error').allInnerTexts()).toEqual(['Write a date that exists, year first: 1992, 1992-02 or 1992-02-26.', 'Name the source that reports this.']);
    expect(await status.getByLabel('Date (as the source gives it)').getAttribute('aria-invalid')).toBe('true');
    const findings = await runAxe(mod);
    expect(findings, JSON.stringify(findings)).toEqual([]);
    // the family's report, with markup in it: added as a new column beside the list's, shown as text
    await status.getByLabel('Date (as the source gives it)').fill('1994-05');
    await status.getByLabel('Source (who reports it)').fill('His sister, by telephone <b>x</b>');
    await status.getByRole('button', { name: 'Add this status' }).click();
    await status.locator('.notice', { hasText: 'The status was added' }).waitFor();
    await mod.locator('.missing-claims > .missing-source', { hasText: 'His sister, by telephone <b>x</b>' }).waitFor();
    expect(await mod.locator('.missing-claims > .missing-source').count()).toBe(3);
    // a sighting needs a date, a place or a place of interest; the message comes in the reader's language
    await mod.evaluate(() => localStorage.setItem('reckon.locale', 'ru'));
    await mod.reload();
    await mod.locator('#missing-sighting-form-title').waitFor();
    const sighting = mod.locator('form', { has: mod.locator('#missing-sighting-form-title') });
    await sighting.getByLabel('Источник (кто сообщает)').fill('Сосед');
    await sighting.getByRole('button', { name: 'Добавить эту запись' }).click();
    expect(await sighting.getByRole('alert').innerText()).toContain('Укажите дату, место');
    await sighting.getByLabel('Место (словами)').fill('дорога на Агдам');
    await sighting.getByRole('button', { name: 'Добавить эту запись' }).click();
    await mod.locator('table.missing-sightings tbody', { hasText: 'дорога на Агдам' }).waitFor();
    const person = await api('GET', `/api/missing/persons/${recordId}`);
    const claims = (person.json as { statuses: Array<{ status: string; date: string | null; reportedBy: string }> }).statuses;
    expect(claims).toContainEqual(expect.objectContaining({ status: 'released', date: '1994-05', reportedBy: 'His sister, by telephone <b>x</b>' }));
    await context.close();
  });

  it('adds a place of interest and records the identification through their forms, faults told in the reader\'s language', async () => {
    await page.evaluate(() => localStorage.setItem('reckon.locale', 'en'));
    await open('/missing/places');
    const form = page.locator('form', { has: page.locator('#missing-place-form-title') });
    // the same kind and name as a recorded place, and one coordinate alone: nothing is sent, each fault on its field
    await form.locator('#missing-place-kind').selectOption('burial_site');
    await form.getByLabel('Place', { exact: true }).fill(' synthetic SITE 4 ');
    await form.getByLabel('Latitude').fill('39.95');
    await form.getByRole('button', { name: 'Add this place' }).click();
    await form.locator('.field-error').first().waitFor();
    expect(await form.locator('.field-error').allInnerTexts()).toEqual(['A place of this kind with this name is already recorded.', 'Give both latitude and longitude, or neither.']);
    await expectAccessible('places form refused');
    // in Armenian: a longitude out of range is told in Armenian; then the place is added and listed
    await page.evaluate(() => localStorage.setItem('reckon.locale', 'hy'));
    await open('/missing/places');
    const hy = page.locator('form', { has: page.locator('#missing-place-form-title') });
    await hy.locator('#missing-place-kind').selectOption('detention_site');
    await hy.getByLabel('Լայնություն', { exact: true }).fill('39,95');
    await hy.getByLabel('Երկայնություն', { exact: true }).fill('200');
    await hy.locator('input').first().fill('Synthetic school <b>2</b>');
    await hy.getByRole('button').click();
    expect(await hy.locator('.field-error').allInnerTexts()).toEqual(['Երկայնությունը -180-ից 180 թիվ է։']);
    await hy.getByLabel('Երկայնություն', { exact: true }).fill('46.81');
    await hy.getByRole('button').click();
    await page.locator('table.missing-places tbody', { hasText: 'Synthetic school <b>2</b>' }).waitFor();
    await expectAccessible('places form saved (hy)');
    const places = (await api('GET', '/api/missing/places')).json as { places: Array<{ name: string; kind: string; position: { latitude: number; longitude: number } | null }> };
    expect(places.places).toContainEqual(expect.objectContaining({ name: 'Synthetic school <b>2</b>', kind: 'detention_site', position: { latitude: 39.95, longitude: 46.81 } }));

    // identification: the administrator sees the sealed fields; an overlong ante-mortem text is refused on its field
    await page.evaluate(() => localStorage.setItem('reckon.locale', 'en'));
    await open(`/missing/${recordId}`);
    const id = page.locator('form', { has: page.locator('#missing-id-form-title') });
    expect(await id.getByLabel('Family contact').inputValue()).toBe('CANARY contact');
    await id.locator('#missing-id-stage').selectOption('identified');
    await id.getByLabel('Ante-mortem data').fill('a'.repeat(20_001));
    await id.getByRole('button', { name: 'Save the identification' }).click();
    expect(await id.locator('.field-error').allInnerTexts()).toEqual(['At most 20000 characters.']);
    await id.getByLabel('Ante-mortem data').fill('Synthetic: healed fracture of the left radius');
    await id.getByRole('button', { name: 'Save the identification' }).click();
    await id.locator('.notice', { hasText: 'The identification was saved.' }).waitFor();
    await page.locator('.missing-stage', { hasText: 'identified' }).waitFor();
    await expectAccessible('identification form saved');
    const person = (await api('GET', `/api/missing/persons/${recordId}`)).json as { identification: { stage: string; sealed: Record<string, string | null> | null } };
    expect(person.identification).toMatchObject({ stage: 'identified', sealed: { anteMortem: 'Synthetic: healed fracture of the left radius', contact: 'CANARY contact' } });
  });

  it('hit no Content-Security-Policy violation and no script error', () => {
    expect(browser.cspViolations).toEqual([]);
    expect(browser.consoleErrors.filter((text) => !text.includes('status of 404'))).toEqual([]);
  });
});
