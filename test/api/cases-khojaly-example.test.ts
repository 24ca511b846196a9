import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplesDir } from '../../src/server/registry/demo.ts';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { userWithRole } from './registry-fixtures.ts';

type Headers = Record<string, string>;
const dir = join(examplesDir, 'khojaly-1992');
const read = (file: string) => readFileSync(join(dir, file), 'utf8');

describe('the Khojaly example: competing characterisations from its cited sources', () => {
  let t: TestApp;
  let admin: Headers;
  let editor: Headers;
  const inject = (method: 'GET' | 'POST', url: string, headers?: Headers, payload?: unknown) =>
    t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

  beforeAll(async () => {
    t = await createTestApp();
    admin = (await t.login(t.admin.username, t.admin.password)).headers;
    editor = (await userWithRole(t, 'editor1', 'editor')).headers;
  });
  afterAll(async () => t?.close());

  it('imports on top of the example registry and shows every characterisation with its proponent and source', async () => {
    // The demo loads the characterisations after the registry they cite.
    const demo = await inject('POST', '/api/registry/demo', admin);
    expect(demo.statusCode).toBe(201);
    const files = { 'incidents.csv': read('cases/incidents.csv'), 'allegations.csv': read('cases/allegations.csv') };
    const rows = parse(files['allegations.csv'], { columns: true }) as Record<string, string>[];
    expect(demo.json().counts).toMatchObject({ case_incidents: 1, case_allegations: rows.length });
    // Importing the same files again is refused: nothing is recorded twice.
    expect((await inject('POST', '/api/cases/import', editor, { files, label: 'again' })).statusCode).toBeGreaterThanOrEqual(400);
    const incident = (await inject('GET', '/api/cases/incidents/KH1', editor)).json();
    expect(incident.allegations).toHaveLength(rows.length);
    // Side by side: several characterisations, each from its own proponent; Reckon adds none of its own.
    const kinds = new Set(incident.allegations.map((a: { characterisation: string }) => a.characterisation));
    expect(kinds).toEqual(new Set(['genocide', 'crime-against-humanity', 'war-crime', 'other']));
    for (const row of rows) {
      const shown = incident.allegations.find((a: { id: string }) => a.id === row.id);
      expect(shown.statement).toBe(row.statement);
      expect(shown.sources.map((s: { id: string }) => s.id).join(';')).toBe(row.sources);
    }
    // Every characterisation-bearing act of the registry example reappears, with its act's sources and verification.
    const acts = parse(read('recognition.csv'), { columns: true }) as Record<string, string>[];
    const legal = acts.flatMap((a) => a.terms.split(';').filter((x) => ['genocide', 'crime-against-humanity', 'war-crime'].includes(x)).map((term) => `${a.body}:${term}:${a.sources}:${a.verification}`));
    const fromActs = rows.filter((r) => r.notes.startsWith('Act R')).map((r) => `${r.proponent}:${r.characterisation}:${r.sources}:${r.verification}`);
    expect(fromActs.sort()).toEqual(legal.sort());
  });
});
