import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/server/accounts/actor.ts';
import { examplesDir } from '../../src/server/registry/demo.ts';
import { createTestApp, type TestApp } from '../../src/server/testing.ts';
import { hasShared, sharedPath } from '../shared-data.ts';
import { userWithRole } from './registry-fixtures.ts';

const exampleDir = join(examplesDir, 'khojaly-1992');

describe.skipIf(!existsSync(join(exampleDir, 'claims.csv')))('the Khojaly 1992 example case', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp();
    admin = (await t.login(t.admin.username, t.admin.password)).headers;
  });
  afterAll(async () => t?.close());

  it('is offered to administrators only, loads once, and says so the second time', async () => {
    const before = (await t.app.inject({ method: 'GET', url: '/api/registry', headers: admin })).json();
    expect(before.demo).toEqual({ available: true, loaded: false, canLoad: true });
    expect((await t.app.inject({ method: 'GET', url: '/api/registry' })).json().demo.canLoad).toBe(false);
    const editor = await userWithRole(t, 'editor1', 'editor');
    expect((await t.app.inject({ method: 'POST', url: '/api/registry/demo', headers: editor.headers })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/registry/demo' })).statusCode).toBe(401);

    const first = await t.app.inject({ method: 'POST', url: '/api/registry/demo', headers: admin });
    expect(first.statusCode).toBe(201);
    expect(first.json().status).toBe('loaded');
    const second = await t.app.inject({ method: 'POST', url: '/api/registry/demo', headers: admin });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual({ status: 'already_loaded', counts: first.json().counts });
  });

  it('holds every row of the cited case data, with verification levels exactly as given', async () => {
    const dir = hasShared('data', 'cases', 'khojaly-1992') ? sharedPath('data', 'cases', 'khojaly-1992') : exampleDir;
    const rows = (file: string) => parse(readFileSync(join(dir, file), 'utf8'), { columns: true, relax_quotes: true }) as Record<string, string>[];
    const claims = (await t.app.inject({ method: 'GET', url: '/api/registry/claims' })).json().claims as { id: string; verification: string; attribution: string; valueText: string | null; statement: string }[];
    const acts = (await t.app.inject({ method: 'GET', url: '/api/registry/recognition' })).json().acts as { id: string; verification: string; term: string | null; jurisdiction: string | null }[];
    // two sources are cited only in notes, so the public list omits them; editors see every source
    const sources = (await t.app.inject({ method: 'GET', url: '/api/registry/sources', headers: admin })).json().sources as { id: string }[];

    const sharedClaims = rows('claims.csv');
    const sharedActs = rows('recognition.csv');
    expect(claims).toHaveLength(sharedClaims.length);
    expect(acts).toHaveLength(sharedActs.length);
    expect(sources).toHaveLength(rows('sources.csv').length);
    const claimById = new Map(claims.map((c) => [c.id, c]));
    for (const row of sharedClaims) {
      expect(claimById.get(row.id)?.verification, row.id).toBe(row.verification);
      expect(claimById.get(row.id)?.statement, row.id).toBe(row.statement);
      expect(claimById.get(row.id)?.valueText ?? '', row.id).toBe(row.value ?? '');
      expect(claimById.get(row.id)?.attribution, row.id).toMatch(/^according to .+, .+/);
    }
    const actById = new Map(acts.map((a) => [a.id, a]));
    for (const row of sharedActs) {
      expect(actById.get(row.id)?.verification, row.id).toBe(row.verification);
      expect(actById.get(row.id)?.term ?? '', row.id).toBe(row.term ?? '');
      expect(actById.get(row.id)?.jurisdiction ?? '', row.id).toBe(row.jurisdiction ?? '');
    }
    const pairs = (await t.app.inject({ method: 'GET', url: '/api/registry/contested' })).json().pairs as { claim: { id: string }; contested: { id: string } }[];
    const expectedPairs = sharedClaims.filter((r) => r.contests).flatMap((r) => r.contests.split(';').map((c) => `${r.id}>${c}`));
    expect(pairs.map((p) => `${p.claim.id}>${p.contested.id}`)).toEqual(expectedPairs);
  });

  // JSON round trips are covered by the core tests. The registry tables are emptied in place rather than opening a
  // second database: a second migrated schema in one process trips Kysely's migration-table lookup on PostgreSQL.
  it('round-trips: a CSV export imported into an emptied registry exports the same files and records', async () => {
    const actor = systemActor('round trip test');
    const exported = (await t.app.inject({ method: 'GET', url: '/api/registry/export?format=csv', headers: admin })).json().files as Record<string, string>;
    const records = await t.ctx.registry.exportDataset(actor);
    expect(records.claims.length).toBeGreaterThan(0);
    const db = t.ctx.db;
    // The demo also loaded the example's characterisations (the cases module), which cite registry rows.
    for (const table of ['cases_allegation_sources', 'cases_allegation_elements', 'cases_allegations', 'cases_acts', 'cases_incident_events', 'cases_incidents'] as const) {
      await db.deleteFrom(table).execute();
    }
    for (const table of ['registry_act_sources', 'registry_recognition_acts', 'registry_claim_contests', 'registry_claim_sources', 'registry_claims', 'registry_events'] as const) {
      await db.deleteFrom(table).execute();
    }
    await db.updateTable('registry_actors').set({ parent_id: null }).execute();
    await db.deleteFrom('registry_actors').execute();
    await db.deleteFrom('registry_sources').execute();
    expect((await t.ctx.registry.exportDataset(actor)).claims).toEqual([]);

    const imported = await t.ctx.registry.importFiles(actor, exported, { label: 'round trip' });
    expect(imported.counts.claims).toBe(records.claims.length);
    expect(await t.ctx.registry.exportFiles(actor, 'csv')).toEqual(exported);
    expect(await t.ctx.registry.exportDataset(actor)).toEqual(records);
  });
});
