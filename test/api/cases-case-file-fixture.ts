/**
 * An embedded data directory holding one synthetic allegation (ALLEGATION) with three elements and four evidence
 * links to three restricted items (two from the same witness, written differently), as an analyst would make them.
 * Shared by the command-line test and the browser test of verify.html. Returns the items' ids in exhibit order.
 */
import { sql } from 'kysely';
import { configFrom } from '../../src/cli/shared/config-options.ts';
import { withInstance } from '../../src/cli/shared/instance.ts';
import { systemActor, type Actor } from '../../src/server/accounts/actor.ts';
import { bytesStream } from '../../src/server/blobs/service.ts';
import { CaseEvidenceService } from '../../src/server/cases/evidence-service.ts';
import { CasesService } from '../../src/server/cases/service.ts';

export const ALLEGATION = 'al-cli-1';

export async function seedCaseFileInstance(dataDir: string): Promise<string[]> {
  const itemIds: string[] = [];
  // An embedded instance, always (the command line's default), whatever the environment names.
  const saved = process.env.DATABASE_URL;
  delete process.env.DATABASE_URL;
  try {
    await withInstance(configFrom({ dataDir }), async ({ ctx }) => {
      const user = await ctx.accounts.createUser(systemActor('test'), { username: 'analyst', displayName: 'Analyst', role: 'editor', password: 'pw-cli-correct-horse-battery-staple', mustChangePassword: false });
      const editor: Actor = { kind: 'user', userId: user.id, username: 'analyst', role: 'editor', via: 'session' };
      for (const [n, providedBy] of [[1, 'Witness A'], [2, 'Organisation B'], [3, 'witness a']] as const) {
        const { item } = await ctx.archive.items.ingest(editor, bytesStream(Buffer.from(`synthetic exhibit ${n}\n`.repeat(20 + n))), {
          filename: `exhibit-${n}.txt`,
          metadata: { confidentiality: 'restricted', title: `Synthetic exhibit ${n}`, providedBy },
        });
        itemIds.push(item.id);
      }
      const db = ctx.db;
      await sql`insert into registry_actors (id, name, type, classification) values ('act-cli', 'Synthetic Proponent', 'organization', 'ngo')`.execute(db);
      await sql`insert into cases_frameworks (id, name, instrument) values ('fw-cli', 'Synthetic framework', 'Synthetic instrument')`.execute(db);
      await sql`insert into cases_crimes (id, framework_id, category, article, title, summary, position) values ('cr-cli', 'fw-cli', 'war-crime', '8(2)(a)(i)', 'Synthetic crime', 'S', 1)`.execute(db);
      for (const n of [1, 2, 3]) {
        await sql`insert into cases_elements (id, crime_id, number, kind, summary, citation) values (${`el-cli-${n}`}, 'cr-cli', ${n}, 'conduct', ${`Element ${n}`}, ${`8(2)(a)(i)-${n}`})`.execute(db);
      }
      await sql`insert into cases_incidents (id, title, date_kind) values ('inc-cli', 'Synthetic incident', 'unknown')`.execute(db);
      await sql`insert into cases_allegations (id, incident_id, proponent_id, characterisation, crime_id, statement, verification) values (${ALLEGATION}, 'inc-cli', 'act-cli', 'war-crime', 'cr-cli', 'Synthetic statement', 'reported')`.execute(db);
      for (const n of [1, 2, 3]) await sql`insert into cases_allegation_elements (allegation_id, element_id, position) values (${ALLEGATION}, ${`el-cli-${n}`}, ${n})`.execute(db);
      const evidence = new CaseEvidenceService(ctx, new CasesService(ctx.db));
      const link = (elementId: string, itemId: string, direction: 'supporting' | 'undermining', reliability: 'A' | 'B' | 'E') =>
        evidence.link(editor, ALLEGATION, { elementId, itemId, pinpoint: { type: 'item' }, direction, reliability, note: 'Synthetic' });
      await link('el-cli-1', itemIds[0], 'supporting', 'B');
      await link('el-cli-1', itemIds[2], 'supporting', 'A'); // the same witness as exhibit 1, written differently
      await link('el-cli-1', itemIds[1], 'undermining', 'E');
      await link('el-cli-2', itemIds[1], 'supporting', 'E');
    });
  } finally {
    if (saved !== undefined) process.env.DATABASE_URL = saved;
  }
  return itemIds;
}
