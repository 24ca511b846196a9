/**
 * The server side of bench/dialogue-votes.bench.ts, in its own process (forked with IPC) so the load generator
 * does not share its event loop: the real Reckon app on the embedded database in a data directory (as `reckon
 * serve` runs it) or on a fresh schema of the PostgreSQL server given, one conversation with three communities
 * and S seed statements, the live analysis loaded (it runs during the load, as in production).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { systemActor, type Actor } from '../src/server/accounts/actor.ts';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { createContext } from '../src/server/context.ts';
import { openDatabase, quoteIdent } from '../src/server/db/connect.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { voteStateHash } from '../src/server/dialogue/checkpoint.ts';

const pgUrl = process.env.BENCH_PG_URL || undefined;
const statements = Number(process.env.BENCH_STATEMENTS ?? 100);
const dataDir = mkdtempSync(join(tmpdir(), 'reckon-bench-votes-'));
const schema = pgUrl ? `bench_${randomBytes(6).toString('hex')}` : undefined;

const config = loadConfig(
  {
    dataDir,
    host: '127.0.0.1',
    port: 0,
    logLevel: 'silent',
    // One machine is every "address" here; per-participant limits stay at their defaults.
    dialogueVotesPerMinutePerAddress: 10_000_000,
    dialogueJoinsPerMinute: 1_000_000,
    checkpointIntervalMinutes: 0,
    verifyIntervalHours: 0,
  },
  {},
);
const handle = await openDatabase({ url: pgUrl, schema, pgliteDir: pgUrl ? undefined : join(dataDir, 'pgdata'), poolSize: 10 });
await migrateToLatest(handle.db);
const ctx = createContext(config, handle.db, handle.engine, 'bench');
const user = await ctx.accounts.createUser(systemActor('bench'), { username: 'facilitator', displayName: 'Bench', role: 'facilitator', password: `bench-${randomUUID()}`, mustChangePassword: false });
const actor: Actor = { kind: 'user', userId: (user as { id: string }).id, username: 'facilitator', role: 'facilitator', via: 'token' };
const created = await ctx.dialogue.createConversation(actor, {
  topic: { en: 'Synthetic benchmark conversation' },
  moderation: 'open',
  communities: [{ name: { en: 'A' } }, { name: { en: 'B' } }, { name: { en: 'C' } }],
  seedStatements: Array.from({ length: statements }, (_, i) => ({ text: `Synthetic statement number ${i}`, language: 'en' })),
});
const app = await buildApp(ctx);
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
await ctx.dialogue.live.current(created.conversation.id);
const cpuStart = process.cpuUsage();

process.on('message', async (message: { type: string }) => {
  if (message.type === 'cpu') {
    const cpu = process.cpuUsage();
    process.send!({ type: 'cpu', seconds: (cpu.user + cpu.system) / 1e6 });
  } else if (message.type === 'count') {
    await ctx.dialogue.votes.idle();
    const rows = await handle.db
      .selectFrom('dialogue_votes as v')
      .innerJoin('dialogue_participants as p', 'p.id', 'v.participant_id')
      .innerJoin('dialogue_statements as s', 's.id', 'v.statement_id')
      .select(['p.pid', 's.tid', 'v.value'])
      .where('v.conversation_id', '=', created.conversation.id)
      .execute();
    const entry = await ctx.dialogue.live.current(created.conversation.id);
    const cpu = process.cpuUsage(cpuStart);
    process.send!({ type: 'count', rows: rows.length, hash: voteStateHash(rows), analysisVersion: entry.version, analysedVotes: entry.result?.votes ?? 0, cpuSeconds: (cpu.user + cpu.system) / 1e6 });
  } else if (message.type === 'stop') {
    await app.close();
    await handle.close();
    if (pgUrl && schema) {
      const client = new pg.Client({ connectionString: pgUrl });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
      await client.end();
    }
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  }
});
process.send!({ type: 'ready', port, conversationId: created.conversation.id, tokens: created.invitations.map((i) => i.token), engine: handle.engine });
