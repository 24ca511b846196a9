import sharp from 'sharp';
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Actor } from '../../src/server/accounts/actor.ts';
import type { startTestServer } from '../../src/server/testing.ts';
import { pageApi } from './harness.ts';

/**
 * Issue 18's "done when" as steps a person takes in the browser, in any of the four languages: every label, button
 * and message is found by its words in the language on screen, read from the app's own catalogues, so the same walk
 * runs in en, az, hy and ru. After each step `check` is called on the page the step ended on. Used by
 * interface-done-when.test.ts (in CI: the documenter in English, the reviewer in Armenian) and by the opt-in
 * walk-through (every language).
 */
export type Locale = 'en' | 'az' | 'hy' | 'ru';
type Words = (key: string, vars?: Record<string, string | number>) => string;

const catalogues = {
  en: async () => ({ ...(await import('../../src/web/registry/i18n/en.ts')).registryEn, ...(await import('../../src/web/archive/i18n/en.ts')).archiveEn }),
  az: async () => ({ ...(await import('../../src/web/registry/i18n/az.ts')).registryAz, ...(await import('../../src/web/archive/i18n/az.ts')).archiveAz }),
  hy: async () => ({ ...(await import('../../src/web/registry/i18n/hy.ts')).registryHy, ...(await import('../../src/web/archive/i18n/hy.ts')).archiveHy }),
  ru: async () => ({ ...(await import('../../src/web/registry/i18n/ru.ts')).registryRu, ...(await import('../../src/web/archive/i18n/ru.ts')).archiveRu }),
};

/** The registry's and the archive's words in one language, with `{name}` placeholders filled. */
export async function wordsFor(locale: Locale): Promise<Words> {
  const messages: Record<string, string> = await catalogues[locale]();
  return (key, vars = {}) => {
    const text = messages[key];
    if (text === undefined) throw new Error(`no message ${key} in ${locale}`);
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
  };
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Ten restricted documents titled `Exhibit <n> <stamp>`, which a walk finds by its stamp and exports. */
export async function seedExhibits(ctx: Awaited<ReturnType<typeof startTestServer>>['ctx'], actor: Actor, stamp: string): Promise<void> {
  for (let n = 1; n <= 10; n++) {
    await ctx.archive.items.createItem(actor, {
      kind: 'document',
      title: `Exhibit ${n} ${stamp}`,
      description: `Synthetic exhibit number ${n}.`,
      confidentiality: 'restricted',
    });
  }
}

export interface DoneWhenWalk {
  page: Page;
  url: string;
  /** Names the walk's records apart from another walk's on the same server; ten items titled `Exhibit <n> <stamp>` exist. */
  stamp: string;
  documenter: { username: string; password: string; locale: Locale };
  reviewer: { username: string; password: string; locale: Locale };
  check: (step: string, locale: Locale) => Promise<void>;
}

async function login(page: Page, url: string, user: { username: string; password: string; locale: Locale }) {
  await page.context().clearCookies();
  await page.goto(`${url}/login`);
  await page.evaluate((l) => localStorage.setItem('reckon.locale', l), user.locale);
  await page.reload();
  await page.locator('input[name="username"], #login-username').first().fill(user.username);
  await page.locator('input[type="password"]').first().fill(user.password);
  await page.locator('form button[type="submit"]').first().click();
  await page.locator('header .user-menu-button').waitFor();
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toMatch(new RegExp(`^${user.locale}`));
}

export async function walkDoneWhen({ page, url, stamp, documenter, reviewer, check }: DoneWhenWalk): Promise<void> {
  const d = await wordsFor(documenter.locale);
  const required = (field: string) => d('registry.form.required', { field: d(field) });
  const pick = async (field: string, text: string, choice: string) => {
    await page.getByRole('searchbox', { name: new RegExp(`^${escape(d(field))}`) }).fill(text);
    await page
      .getByRole('button', { name: new RegExp(escape(choice)) })
      .first()
      .click();
  };
  const saved = (prefix: string) => new RegExp(escape(d('registry.form.saved', { id: '\u0000' })).replace('\u0000', `${prefix}-[\\w-]+`));

  await login(page, url, documenter);
  const api = pageApi(page);
  // The actor and the event the claim is about (the registry's forms for them are driven in registry-forms).
  const body = `Assembly ${stamp}`;
  expect(
    (await api('POST', '/api/registry/actors', { id: `ACT-${stamp}`, name: body, type: 'organization', classification: 'legislature', country: 'FR' })).status,
  ).toBe(201);
  expect((await api('POST', '/api/registry/events', { id: `EV-${stamp}`, name: `Flood ${stamp}`, startDate: '2001-03' })).status).toBe(201);

  // 1. A claim, with its source added from inside the claim form.
  await page.goto(`${url}/claims/records/claims/new`);
  await page.getByLabel(required('registry.field.statement')).fill(`Statement ${stamp} about the flood`);
  await pick('registry.field.assertedBy', stamp, body);
  await pick('registry.field.eventId', stamp, `Flood ${stamp}`);
  await page.getByRole('button', { name: d('registry.form.addSource') }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(required('registry.field.publisher')).fill('Example Herald');
  await dialog.getByLabel(required('registry.field.title')).fill(`Report ${stamp}`);
  await dialog.getByLabel(d('registry.field.date'), { exact: true }).fill('2001-04');
  await dialog.getByRole('button', { name: d('registry.form.create') }).click();
  await expect.poll(async () => (await page.locator('.picker-chosen').allTextContents()).join(' | ')).toContain(`Report ${stamp}`);
  await page.getByRole('button', { name: d('registry.form.create') }).click();
  await page.getByText(saved('C')).waitFor();
  await check('claim saved', documenter.locale);

  // 2. A recognition act by the same body, citing the new source.
  await page.goto(`${url}/claims/records/recognition/new`);
  await pick('registry.field.bodyId', stamp, body);
  await page.getByLabel(d('registry.field.jurisdiction'), { exact: true }).fill('FR');
  await page.getByLabel(d('registry.field.date'), { exact: true }).fill('2002-05-06');
  await page.getByLabel(d('registry.field.term'), { exact: true }).fill('tragedy');
  await page.getByLabel(d('registry.term.tragedy'), { exact: true }).check();
  await pick('registry.field.sources', stamp, `Report ${stamp}`);
  await page.getByRole('button', { name: d('registry.form.create') }).click();
  await page.getByText(saved('R')).waitFor();
  await check('recognition act saved', documenter.locale);
  const claims = (await api('GET', '/api/registry/claims')).json as unknown as {
    claims: { statement: string; actor: { id: string }; sources: { title: string }[] }[];
  };
  const claim = claims.claims.find((c) => c.statement.includes(stamp));
  expect([claim?.actor.id, claim?.sources.map((s) => s.title)]).toEqual([`ACT-${stamp}`, [`Report ${stamp}`]]);
  const acts = (await api('GET', '/api/registry/recognition')).json as unknown as { acts: { body: { id: string }; terms: string[] }[] };
  expect(acts.acts.filter((a) => a.body.id === `ACT-${stamp}`).map((a) => a.terms)).toEqual([['tragedy']]);

  // 3. A photo uploaded in the browser: its GPS position in words, taken as the item's place. Its name does not
  // carry the stamp, so the search of step 4 finds the ten exhibits only; its colour differs from walk to walk, so a
  // second walk's upload is a new item, not a duplicate of the first's.
  const photoName = `crater-${randomBytes(4).toString('hex')}.jpg`;
  const photo = await sharp({ create: { width: 24, height: 16, channels: 3, background: `#${randomBytes(3).toString('hex')}` } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'FieldCam', Model: 'FC-200' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '39/1 49/1 30/1', GPSLongitudeRef: 'E', GPSLongitude: '46/1 45/1 18/1' },
    })
    .toBuffer();
  await page.goto(`${url}/archive`);
  await page.locator('#archive-files').setInputFiles([{ name: photoName, mimeType: 'image/jpeg', buffer: photo }]);
  const row = page.locator('.archive-uploads li.archive-upload-done', { hasText: photoName });
  await row.waitFor();
  const itemPath = new URL((await row.locator('a').getAttribute('href'))!, url).pathname;
  const details = page.getByRole('region', { name: d('archive.photo.title') });
  // The metadata is read by a job after the upload: the page shows it once a reload finds it done.
  await expect
    .poll(
      async () => {
        await page.goto(`${url}${itemPath}`);
        await page.locator('main h1').waitFor();
        return details.count();
      },
      { timeout: 120_000, interval: 2000 },
    )
    .toBe(1);
  expect(await details.locator('.archive-photo-position').textContent()).toMatch(/^39\.82500° .*46\.75500° /);
  await details.getByRole('button', { name: d('archive.photo.usePlace') }).click();
  await details.getByRole('button', { name: d('archive.photo.placeUsed') }).waitFor();
  await check('photo placed', documenter.locale);
  const item = (await api('GET', `/api/archive/items/${itemPath.split('/').pop()}`)).json as { place?: { latitude: number; longitude: number } };
  expect(item.place).toMatchObject({ latitude: 39.825, longitude: 46.755 });

  // 4. Ten search results selected at once and exported as one court package.
  await page.goto(`${url}/archive?q=${stamp}`);
  await expect.poll(() => page.locator('.archive-result-list input.archive-select').count(), { timeout: 60_000 }).toBe(10);
  await page.getByRole('button', { name: d('archive.select.page') }).click();
  await page.getByText(d('archive.select.count', { count: 10 })).waitFor();
  await page.getByRole('button', { name: d('archive.package.exportCount', { count: 10 }) }).click();
  await page.getByRole('heading', { name: d('archive.package.title') }).waitFor();
  await page.getByRole('button', { name: d('archive.package.start', { count: 10 }) }).click();
  await page.getByRole('link', { name: d('archive.package.download') }).waitFor({ timeout: 120_000 });
  await check('package made', documenter.locale);

  // 5. A reviewer reads the photo's custody timeline, each event in words.
  await login(page, url, reviewer);
  await page.goto(`${url}${itemPath}`);
  const events = page.locator('.archive-custody-event');
  // The newest ten events are shown (the views of this walk among them); the place the documenter set is one.
  await expect.poll(() => events.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')))).toContain('item.updated');
  // Each event's action is named in the reader's words; the recorded name stays in the folded technical details.
  const r = await wordsFor(reviewer.locale);
  expect(await page.locator('#archive-custody-title').textContent()).toBe(r('archive.item.custody'));
  const actions = await events.locator('td:nth-child(3)').allInnerTexts();
  const script = { en: /[A-Za-z]{3}/, az: /[A-Za-zƏəĞğİıŞşÇçÖöÜü]{3}/, hy: /[\u0531-\u0587]{3}/, ru: /[А-Яа-яЁё]{3}/ }[reviewer.locale];
  for (const action of actions) expect(action).toMatch(script);
  for (const action of actions) expect(action).not.toMatch(/[a-z]+[._][a-z_]+/);
  await check('custody timeline', reviewer.locale);
}
