import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { hasShared, sharedPath } from '../../../test/shared-data.ts';
import { generateSynthetic } from '../../core/dialogue/synthetic.ts';
import { writeCsv } from '../../core/polis-format/csv.ts';
import { runCli } from '../../../test/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'reckon-dialogue-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const result = await runCli(['dialogue', 'analyze', ...args]);
  return { code: result.code, stdout: result.out, stderr: result.err };
}

afterEach(() => {
  process.exitCode = undefined;
});

/** A small Pol.is-style export with two planted opinion groups. */
function makeExport(name: string): string {
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  const syn = generateSynthetic({ participants: 120, statements: 16, votes: 120 * 12, groups: 2, seed: 5 });
  const votes: (string | number)[][] = [['timestamp', 'comment-id', 'voter-id', 'vote']];
  let t = 1_500_000_000_000;
  for (let p = 0; p < syn.matrix.nParticipants; p++) {
    for (let k = syn.matrix.rowStart[p]; k < syn.matrix.rowStart[p + 1]; k++) votes.push([t++, syn.matrix.statement[k], p, syn.matrix.value[k]]);
  }
  writeFileSync(join(folder, 'votes.csv'), writeCsv(votes));
  writeFileSync(
    join(folder, 'comments.csv'),
    writeCsv([
      ['comment-id', 'author-id', 'agrees', 'disagrees', 'moderated', 'comment-body'],
      ...Array.from({ length: 16 }, (_, s) => [s, 0, 0, 0, s === 15 ? -1 : 1, `Statement number ${s}, with a comma`]),
    ]),
  );
  writeFileSync(join(folder, 'summary.csv'), 'topic,Synthetic test\nconversation-description,"two\nlines"\n');
  return folder;
}

describe('reckon dialogue analyze', () => {
  const good = makeExport('good');

  it('prints groups, representative, consensus and bridging statements and every participant', async () => {
    const { code, stdout } = await run(good);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Conversation: Synthetic test/);
    expect(stdout).toMatch(/Opinion groups: 2/);
    expect(stdout).toMatch(/Most participants agree \(Pol\.is consensus\)/);
    expect(stdout).toMatch(/Bridging statements: agreed by people who otherwise disagree \(Community Notes model/);
    expect(stdout).not.toMatch(/intercept|i=\d|f=-?\d/);
    expect(stdout).toMatch(/^ {2}Why: 2 groups from the final votes: its silhouette/m);
    const listed = [...stdout.matchAll(/^ {2}(group \d|not clustered)[^:]*: (.*)$/gm)].flatMap((m) => m[2].split(' '));
    expect(listed.length).toBe(120);
  });

  it('emits machine-readable JSON only on stdout with --json', async () => {
    const { code, stdout } = await run(good, '--json', '--seed', '3', '--min-group-size', '2');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.groups).toHaveLength(2);
    expect(report.parameters).toEqual({ seed: 3, minGroupSize: 2 });
    expect(report.participants).toHaveLength(120);
    expect(report.groups.flatMap((g: { representative: { commentId: number }[] }) => g.representative.map((r) => r.commentId))).not.toContain(15);
  });

  it('hides groups below --min-group-size', async () => {
    const { stdout } = await run(good, '--json', '--min-group-size', '100000');
    const report = JSON.parse(stdout);
    expect(report.groups.every((g: { suppressed: boolean; representative: unknown[] }) => g.suppressed && g.representative.length === 0)).toBe(true);
  });

  it('writes the analysis back as a Pol.is export that reads again', async () => {
    const out = join(dir, 'written');
    const { code } = await run(good, '--json', '--write-export', out);
    expect(code).toBe(0);
    const grid = readFileSync(join(out, 'participants-votes.csv'), 'utf8');
    expect(grid.split('\n')[0]).toMatch(/^participant,group-id,n-comments,n-votes,n-agree,n-disagree,0,1,/);
    const again = await run(out, '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).polisComparison.adjustedRandIndex).toBe(1);
  });

  it('names the file and line of malformed CSV', async () => {
    const bad = makeExport('bad-vote');
    const votes = readFileSync(join(bad, 'votes.csv'), 'utf8').split('\n');
    votes[7] = votes[7].replace(/,(-?\d)$/, ',7');
    writeFileSync(join(bad, 'votes.csv'), votes.join('\n'));
    const { code, stderr } = await run(bad);
    expect(code).toBe(1);
    expect(stderr).toContain(`${join(bad, 'votes.csv')}:8: field "vote": "7" is not a vote`);
    expect(stderr).not.toMatch(/\n\s+at /);

    const hostile = makeExport('bad-hostile');
    writeFileSync(join(hostile, 'votes.csv'), 'timestamp,comment-id,voter-id,vote\n1,0,0,../../etc/passwd\n');
    const h = await run(hostile);
    expect(h.stderr).toContain(`${join(hostile, 'votes.csv')}:2: field "vote": "../../etc/passwd" is not a vote`);

    const quote = makeExport('bad-quote');
    writeFileSync(join(quote, 'comments.csv'), 'comment-id,comment-body\n0,ok\n1,"never closed\n');
    const q = await run(quote);
    expect(q.code).toBe(1);
    expect(q.stderr).toContain(`${join(quote, 'comments.csv')}:3: a quoted field is never closed`);
  });

  it('reports agreement by declared community and refuses bad community files', async () => {
    const communities = join(dir, 'communities.csv');
    const rows = ['participant,community', ...Array.from({ length: 120 }, (_, p) => `${p},${p % 3 === 0 ? 'Small' : p % 2 ? 'North' : 'South'}`)];
    writeFileSync(communities, rows.join('\n'));
    const { code, stdout } = await run(good, '--json', '--communities', communities, '--min-group-size', '30');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.communities.reported.map((r: { name: string }) => r.name)).toEqual(['Small', 'North', 'South']);
    const text = await run(good, '--communities', communities, '--min-group-size', '41');
    expect(text.stdout).toMatch(/Communities \(turnout\): Small: 40 participants, \d+ votes; North: 40 participants/);
    expect(text.stdout).toMatch(/pooled: Small/);
    expect(report.communities.turnout.map((t: { participants: number }) => t.participants)).toEqual([40, 40, 40]);
    // With one community large enough to report, no statement is called agreed by every community.
    const one = await run(good, '--communities', communities, '--min-group-size', '41');
    expect(one.stdout).toMatch(/every community agrees with: not shown, it needs at least two communities/);
    writeFileSync(communities, 'participant,community\n1,A\n1,B\n');
    expect((await run(good, '--communities', communities)).stderr).toContain(`${communities}:3: field "participant": participant 1 already on line 2`);
    writeFileSync(communities, 'participant,community\n999,A\n');
    expect((await run(good, '--communities', communities)).stderr).toMatch(/participant 999 is not in the export/);
  });

  it('refuses missing folders, missing files, binary files and bad options', async () => {
    expect((await run(join(dir, 'nope'))).stderr).toMatch(/is not a folder/);
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    expect((await run(empty)).stderr).toMatch(/comments\.csv is missing/);
    writeFileSync(join(empty, 'comments.csv'), 'comment-id,comment-body\n');
    expect((await run(empty)).stderr).toMatch(/neither votes\.csv nor participants-votes\.csv/);
    writeFileSync(join(empty, 'votes.csv'), Buffer.from([0, 1, 2, 3]));
    expect((await run(empty)).stderr).toMatch(/NUL bytes/);
    const usage = await run(good, '--min-group-size', '0');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--min-group-size must be an integer of at least 1/);
  });

  it.skipIf(!hasShared('data', 'polis', 'brexit-consensus'))('analyses a shared Pol.is export', async () => {
    const { code, stdout } = await run(sharedPath('data', 'polis', 'brexit-consensus'), '--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.conversation.participants).toBe(204);
    expect(report.polisComparison.adjustedRandIndex).toBeGreaterThan(0.75);
  });
});
