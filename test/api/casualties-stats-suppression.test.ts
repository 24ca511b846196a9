import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, type Actor } from '../../src/server/accounts/actor.ts';
import { Results } from '../../src/server/casualties/results.ts';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { publicationProblems } from './casualties-fixtures.ts';

type Headers = Record<string, string>;
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** Twelve clearly different people, one list: 6 women, 5 men and 1 of unknown sex, so one cell of one is alone. */
const PEOPLE: Array<[string, string]> = [
  ['Əliyev Rəşad', 'm'],
  ['Petrosyan Anna', 'f'],
  ['Ivanov Sergei', 'm'],
  ['Məmmədova Aynur', 'f'],
  ['Hakobyan Tigran', 'm'],
  ['Smirnova Olga', 'f'],
  ['Quliyev Elçin', 'm'],
  ['Sargsyan Lilit', 'f'],
  ['Kuznetsov Pavel', 'm'],
  ['Hüseynova Leyla', 'f'],
  ['Grigoryan Aram', 'u'],
  ['Volkova Irina', 'f'],
];
const CSV = `id,name,sex,born,died,place\n${PEOPLE.map(([name, sex], i) => `${i + 1},${name},${sex},${1930 + i * 5},1992-02-26,Xocalı`).join('\n')}\n`;

describe('casualties API: small cells of statistics are hidden from roles without record access', () => {
  let t: TestApp;
  const as: Record<'editor' | 'reviewer' | 'viewer' | 'facilitator', { headers: Headers }> = {} as never;
  let viewer: Actor;
  let runId: string;

  beforeAll(async () => {
    t = await createTestApp();
    for (const role of ['editor', 'reviewer', 'viewer', 'facilitator'] as const) {
      const user = await t.ctx.accounts.createUser(systemActor('test'), { username: `sc-${role}`, displayName: role, role, password: `pw-${role}-long-enough-1`, mustChangePassword: false });
      as[role] = await t.login(`sc-${role}`, `pw-${role}-long-enough-1`);
      if (role === 'viewer') viewer = { kind: 'user', userId: (user as { id: string }).id, username: 'sc-viewer', role: 'viewer', via: 'session' };
    }
    const source = (await call(as.editor, 'POST', '/api/casualties/sources', { name: 'Small list' })).json().id;
    const imported = await call(as.editor, 'POST', `/api/casualties/sources/${source}/import`, {
      csvBase64: b64(CSV),
      mapping: { source_record_id: 'id', name: 'name', sex: 'sex', birth_date: 'born', death_date: 'died', place: 'place' },
    });
    expect(imported.statusCode, imported.body).toBe(200);
    runId = (await call(as.reviewer, 'POST', '/api/casualties/runs', { sourceIds: [source] })).json().run.id;
    await t.ctx.jobs.drain();
  });
  afterAll(async () => t.close());

  const call = (who: { headers: Headers }, method: 'GET' | 'POST', url: string, payload?: unknown) => t.app.inject({ method, url, headers: who.headers, payload: payload as object });
  const stats = async (who: { headers: Headers }, query = '') => {
    const response = await call(who, 'GET', `/api/casualties/runs/${runId}/stats${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  it('shows editors and reviewers exact figures', async () => {
    for (const who of [as.editor, as.reviewer]) {
      const exact = await stats(who);
      expect(exact.suppression).toEqual({ minCell: 0, hidden: 0 });
      expect(exact.totals.persons).toBe(12);
      expect(Object.fromEntries(exact.bySex.map((c: { key: string; persons: number }) => [c.key, c.persons]))).toEqual({ female: 6, male: 5, unknown: 1 });
      expect(exact.bySex.every((c: { suppressed: boolean }) => !c.suppressed)).toBe(true);
      expect(Array.isArray(exact.disagreements.examples)).toBe(true);
    }
  });

  it('never shows a viewer a count below the minimum, not even by subtraction from a total', async () => {
    for (const who of [as.viewer, as.facilitator]) {
      const published = await stats(who);
      expect(published.suppression.minCell).toBe(3);
      expect(published.suppression.hidden).toBeGreaterThan(0);
      // the total stays exact; the one person of unknown sex is hidden, and so are the men, or 12 − 6 would give 1
      expect(published.totals.persons).toBe(12);
      expect(published.bySex).toEqual([
        { key: 'female', persons: 6, suppressed: false },
        { key: 'male', persons: null, suppressed: true },
        { key: 'unknown', persons: null, suppressed: true },
      ]);
      expect(publicationProblems(published, 3)).toEqual([]);
      // ages 62, 57 … 7: the bands of one or two persons are hidden, those of three are shown
      const bands = Object.fromEntries(published.byAgeBand.map((c: { key: string; persons: number | null }) => [c.key, c.persons]));
      expect(bands).toMatchObject({ '60-74': null, '45-59': 3, '30-44': 3, '18-29': null, '15-17': null, '5-14': null });
      expect(published.disagreements.examples).toBeNull();
    }
    // a viewer may ask for more suppression, never for less
    expect((await stats(as.viewer, '?minCell=0')).suppression.minCell).toBe(3);
    const stricter = await stats(as.viewer, '?minCell=7');
    expect(stricter.suppression.minCell).toBe(7);
    expect(stricter.bySex.every((c: { suppressed: boolean }) => c.suppressed)).toBe(true);
    expect(publicationProblems(stricter, 7)).toEqual([]);
    expect((await call(as.viewer, 'GET', `/api/casualties/runs/${runId}/stats?minCell=-1`)).statusCode).toBe(400);
  });

  it('gives editors the publication view when they ask for it', async () => {
    const published = await stats(as.editor, '?minCell=3');
    expect(published.suppression.minCell).toBe(3);
    expect(published.bySex.find((c: { key: string }) => c.key === 'unknown')).toEqual({ key: 'unknown', persons: null, suppressed: true });
    expect(published.disagreements.examples).toBeNull();
    expect(publicationProblems(published, 3)).toEqual([]);
  });

  it('takes the minimum from the configuration; 0 turns suppression off', async () => {
    const off = await new Results(t.ctx.db, 0).stats(viewer, runId);
    expect(off.suppression.minCell).toBe(0);
    expect(off.bySex.find((c) => c.key === 'unknown')?.persons).toBe(1);
    // per-person detail stays for record readers only, whatever the minimum
    expect(off.disagreements.examples).toBeNull();
    const five = await new Results(t.ctx.db, 5).stats(viewer, runId);
    expect(five.suppression.minCell).toBe(5);
    expect(publicationProblems(five, 5)).toEqual([]);
  });
});
