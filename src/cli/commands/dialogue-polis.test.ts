import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { generateSynthetic } from '../../core/dialogue/synthetic.ts';
import { writeCsv } from '../../core/polis-format/csv.ts';
import { runCli } from '../../../test/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'reckon-dialogue-polis-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  process.exitCode = undefined;
});

async function run(...args: string[]) {
  const result = await runCli(['dialogue', 'analyze', ...args]);
  return { code: result.code, stdout: result.out, stderr: result.err };
}

/** A Pol.is-style export with two planted groups; votes a minute apart unless `sameTime`. */
function makeExport(name: string, options: { sameTime?: boolean; votesFile?: boolean; body?: (s: number) => string } = {}): string {
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  const syn = generateSynthetic({ participants: 90, statements: 14, votes: 90 * 11, groups: 2, seed: 9 });
  const votes: (string | number)[][] = [['timestamp', 'comment-id', 'voter-id', 'vote']];
  const grid: (string | number)[][] = [['participant', 'group-id', 'n-comments', 'n-votes', 'n-agree', 'n-disagree', ...Array.from({ length: 14 }, (_, s) => s)]];
  let t = 1_500_000_000_000;
  for (let p = 0; p < syn.matrix.nParticipants; p++) {
    const row: (string | number)[] = Array(14).fill('');
    for (let k = syn.matrix.rowStart[p]; k < syn.matrix.rowStart[p + 1]; k++) {
      votes.push([options.sameTime ? 1_500_000_000_000 : (t += 60_000), syn.matrix.statement[k], p, syn.matrix.value[k]]);
      row[syn.matrix.statement[k]] = syn.matrix.value[k];
    }
    grid.push([p, '', 0, syn.matrix.votesPerParticipant[p], 0, 0, ...row]);
  }
  if (options.votesFile !== false) writeFileSync(join(folder, 'votes.csv'), writeCsv(votes));
  writeFileSync(join(folder, 'participants-votes.csv'), writeCsv(grid));
  const body = options.body ?? ((s: number) => `Statement ${s}`);
  writeFileSync(
    join(folder, 'comments.csv'),
    writeCsv([['comment-id', 'author-id', 'agrees', 'disagrees', 'moderated', 'comment-body'], ...Array.from({ length: 14 }, (_, s) => [s, 0, 0, 0, 1, body(s)])]),
  );
  return folder;
}

describe('reckon dialogue analyze --polis-compatible', () => {
  it('replays the votes in time order and explains the groups it shows', async () => {
    const good = makeExport('good');
    const { code, stdout, stderr } = await run(good, '--polis-compatible', '--json', '--update-interval', '600');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.grouping.mode).toBe('polis-compatible');
    expect(report.grouping.k).toBe(2);
    expect(report.groups).toHaveLength(2);
    expect(report.grouping.replay.history).toBe('votes.csv timestamps');
    expect(report.grouping.replay.updateIntervalSeconds).toBe(600);
    // Votes a minute apart, 10-minute windows: one update per 10 votes.
    expect(report.grouping.replay.updates).toBe(Math.ceil(report.conversation.votes / 10));
    expect(report.grouping.explanation).toMatch(/^2 groups, as Pol\.is would have shown after \d+ updates/);
    const text = await run(good, '--polis-compatible', '--update-interval', '600');
    expect(text.stdout).toMatch(/Opinion groups: 2 \(Pol\.is-compatible replay\)/);
    expect(text.stdout).toMatch(/Agreed in each of the 2 opinion groups/);
  });

  it('explains the default mode\'s k with silhouettes and restarts', async () => {
    const good = makeExport('default');
    const { stdout } = await run(good, '--json', '--restarts', '3');
    const report = JSON.parse(stdout);
    expect(report.grouping.mode).toBe('default');
    expect(report.grouping.stability.restarts).toBe(3);
    expect(Object.values(report.grouping.stability.kCounts).reduce((a: number, b) => a + (b as number), 0)).toBe(3);
    expect(report.grouping.explanation).toMatch(/silhouette .* of 3 other random starts also found/);
  });

  it('refuses an export without vote times unless asked to fall back, and says why', async () => {
    const noVotes = makeExport('no-votes', { votesFile: false });
    const refused = await run(noVotes, '--polis-compatible');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/--polis-compatible replays the votes in the order they were cast, but there is no votes\.csv/);
    expect(refused.stderr).toMatch(/--allow-no-history/);
    expect(refused.stdout).toBe('');
    const fallback = await run(noVotes, '--polis-compatible', '--allow-no-history', '--json');
    expect(fallback.code).toBe(0);
    const report = JSON.parse(fallback.stdout);
    expect(report.grouping.replay.history).toBe('none (final votes as one update)');
    expect(report.grouping.replay.updates).toBe(1);

    const sameTime = makeExport('same-time', { sameTime: true });
    const s = await run(sameTime, '--polis-compatible');
    expect(s.code).toBe(1);
    expect(s.stderr).toMatch(/every vote in votes\.csv has the same timestamp/);

    // A votes.csv with no timestamp column is refused when read, naming the file.
    const noColumn = makeExport('no-column');
    writeFileSync(join(noColumn, 'votes.csv'), 'comment-id,voter-id,vote\n0,0,1\n');
    const c = await run(noColumn, '--polis-compatible');
    expect(c.code).toBe(1);
    expect(c.stderr).toContain(join(noColumn, 'votes.csv'));
    expect(c.stderr).toMatch(/timestamp/);
  });

  it('handles hostile text and refuses hostile numbers with the line and field', async () => {
    const hostile = makeExport('hostile', { body: (s) => (s === 0 ? '<script>alert(1)</script>' : s === 1 ? 'lone \ud800 surrogate' : `=cmd|' /C calc'!A${s}`) });
    const ok = await run(hostile, '--polis-compatible', '--json', '--update-interval', '3600');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).grouping.k).toBeGreaterThanOrEqual(1);

    const badTime = makeExport('bad-time');
    writeFileSync(join(badTime, 'votes.csv'), 'timestamp,comment-id,voter-id,vote\n1,0,0,1\n-5,1,0,1\n');
    const t = await run(badTime, '--polis-compatible');
    expect(t.code).toBe(1);
    expect(t.stderr).toContain(`${join(badTime, 'votes.csv')}:3: field "timestamp"`);

    const nul = makeExport('nul');
    writeFileSync(join(nul, 'votes.csv'), 'timestamp,comment-id,voter-id,vote\n1,0,0\u0000,1\n');
    expect((await run(nul, '--polis-compatible')).stderr).toMatch(/NUL bytes/);

    const usage = await run(makeExport('usage'), '--polis-compatible', '--update-interval', '0');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--update-interval must be an integer of at least 1/);
  });
});
