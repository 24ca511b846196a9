import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasShared, sharedPath } from '../../../test/shared-data.ts';
import { generateSigner, parseVerifierKey, formatVerifierKey } from '../ledger/signed-note.ts';
import {
  commitInput,
  dialogueFromTable,
  dialogueMethod,
  dialogueParameterRecord,
  DIALOGUE_KIND,
  estimateParameterRecord,
  makeReceipt,
  manifestText,
  runEstimateFigures,
  verifyReceipt,
  type DialogueParameters,
  type EstimateParameters,
  type Receipt,
} from './index.ts';

/**
 * Issue 15: a receipt must be recomputable by anyone from docs/receipts.md alone. scripts/receipt-recompute.mjs
 * follows the document with node:crypto and nothing of Reckon (its own CSV reader, RFC 8785 and RFC 9162 tree), and
 * must find the roots and manifest lines that Reckon wrote, on data Reckon did not make: the Kosovo capture table and
 * a real Pol.is conversation's votes (../shared). And the other side: an altered vote or a forged figure fails.
 */
const script = fileURLToPath(new URL('../../../scripts/receipt-recompute.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'reckon-recompute-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const CODE = { name: 'reckon', version: '0.1.0', commit: 'test' };
const signer = generateSigner('reckon.test/receipts');
const verifier = parseVerifierKey(formatVerifierKey(signer));

function independently(receipt: Receipt, files: Record<string, string | Uint8Array>) {
  writeFileSync(join(dir, 'receipt.json'), JSON.stringify(receipt));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  const child = spawnSync(process.execPath, [script, 'receipt.json', ...Object.keys(files)], { cwd: dir, encoding: 'utf8' });
  expect(child.stderr).toBe('');
  return {
    code: child.status,
    report: JSON.parse(child.stdout) as {
      agrees: boolean;
      inputs: Array<{ root: string; rows: number; rootAgrees: boolean }>;
      manifest: { lines: number; differing: string[] };
    },
  };
}

/** A Pol.is export's participants-votes.csv as Reckon's vote table: one row per vote seen, the group Pol.is gave. */
function polisVoteTable(text: string): { csv: string; statements: number } {
  const [header, ...lines] = text.trim().split('\n');
  const columns = header.split(',');
  const first = columns.indexOf('0');
  const rows: string[] = [];
  for (const line of lines) {
    const cells = line.split(',');
    for (let s = first; s < cells.length; s++) if (cells[s] !== '') rows.push(`${cells[0]},${cells[1]},${columns[s]},${cells[s]}`);
  }
  return { csv: `participant,group,statement,vote\n${rows.join('\n')}\n`, statements: columns.length - first };
}

describe('a receipt recomputed from the documentation alone', () => {
  it.skipIf(!hasShared('data', 'mse', 'kosovo-4lists.csv'))('finds the root and every manifest line of an estimate of Kosovo 1999', async () => {
    const table = readFileSync(sharedPath('data', 'mse', 'kosovo-4lists.csv'), 'utf8');
    const p: EstimateParameters = {
      methods: ['dga', 'loglinear'],
      strata: [],
      seed: 1,
      chains: 2,
      burnin: 10,
      thinning: 1,
      samples: 10,
      classes: null,
      prior: '1/N',
      delta: null,
      criterion: 'aic',
      model: null,
    };
    const { outputs } = await runEstimateFigures(table, p);
    const input = commitInput('kosovo.csv', 'capture table', new TextEncoder().encode(table));
    const receipt = makeReceipt(
      {
        figure: { kind: 'estimate', label: 'kosovo' },
        code: CODE,
        createdAt: '2026-12-08T00:00:00Z',
        inputs: [input.commitment],
        parameters: estimateParameterRecord(p),
        outputs,
      },
      signer,
    );
    const { code, report } = independently(receipt, { 'kosovo.csv': table });
    expect(report.inputs[0]).toMatchObject({ root: input.commitment.root, rows: input.commitment.rows, rootAgrees: true });
    expect(report.manifest).toEqual({
      lines: manifestText(receipt)
        .split('\n')
        .filter((l) => /^[0-9a-f]{64} /.test(l)).length,
      differing: [],
    });
    expect(report.manifest.lines).toBeGreaterThan(20);
    expect(code).toBe(0);
  });

  it('reads quoted cells as the documentation says: commas, doubled quotes, line breaks, other scripts, blank lines', () => {
    // synthetic names (invented); cells kept exactly as written, spaces and "1.0" included
    const text = 'name,place,note\n"Արամ, Սարգսյան",Ստեփանակերт," said ""no""\r\nthen left"\n\nАрзу Велиханлы,"Дашбулаг",1.0\n';
    const input = commitInput('people.csv', 'rows', new TextEncoder().encode(text));
    expect(input.commitment.rows).toBe(2);
    const receipt = makeReceipt({
      figure: { kind: 'estimate', label: 'rows' },
      code: CODE,
      createdAt: '2026-12-08T00:00:00Z',
      inputs: [input.commitment],
      parameters: {},
      outputs: {},
    });
    const { code, report } = independently(receipt, { 'people.csv': text });
    expect(report.inputs[0]).toMatchObject({ root: input.commitment.root, rows: 2 });
    expect(code).toBe(0);
  });

  describe.skipIf(!hasShared('data', 'polis', 'brexit-consensus', 'participants-votes.csv'))(
    'a dialogue report over a real Pol.is conversation (brexit-consensus, CC BY 4.0)',
    () => {
      // read in beforeAll: a skipped describe still runs its body, and a clone without ../shared has no file to read
      let csv = '';
      let statements = 0;
      let input: ReturnType<typeof commitInput>;
      let receipt: Receipt;
      beforeAll(() => {
        ({ csv, statements } = polisVoteTable(readFileSync(sharedPath('data', 'polis', 'brexit-consensus', 'participants-votes.csv'), 'utf8')));
        const p: DialogueParameters = {
          conversationId: 'brexit-consensus',
          statements,
          shown: [...Array(statements).keys()],
          minGroupSize: 2,
          representativeLimit: 5,
          consensusLimit: 5,
          grouping: 'Pol.is group-id',
        };
        input = commitInput('votes.csv', 'vote table', new TextEncoder().encode(csv), { keepLeaves: false });
        receipt = makeReceipt(
          {
            figure: { kind: DIALOGUE_KIND, label: 'brexit-consensus' },
            code: CODE,
            createdAt: '2026-12-08T00:00:00Z',
            inputs: [input.commitment],
            parameters: dialogueParameterRecord(p),
            outputs: dialogueFromTable(csv, p),
          },
          signer,
        );
      });
      const verify = (r: Receipt, table: string) =>
        verifyReceipt(JSON.parse(JSON.stringify(r)), [{ name: 'votes.csv', bytes: new TextEncoder().encode(table) }], {
          methods: [dialogueMethod()],
          verifiers: [verifier],
          code: CODE,
        });

      it('finds the vote table root in any equivalent spelling of the file, and every manifest line', async () => {
        expect(receipt.outputs['totals.votes']).toBe(input.commitment.rows);
        expect(Object.keys(receipt.outputs).some((k) => k.startsWith('consensus.agree.'))).toBe(true);
        expect((await verify(receipt, csv)).reproduced).toBe(true);
        const plain = independently(receipt, { 'votes.csv': csv });
        expect(plain.report.inputs[0]).toMatchObject({ root: input.commitment.root, rows: input.commitment.rows });
        expect(plain.report.manifest.differing).toEqual([]);
        expect(plain.code).toBe(0);
        // CRLF, a byte-order mark, quoted cells and another column order: the same rows, so the same root
        const [header, ...rows] = csv.trim().split('\n');
        const reordered = (line: string) => {
          const [participant, group, statement, vote] = line.split(',');
          return `"${vote}",${statement},"${group}",${participant}`;
        };
        expect(header).toBe('participant,group,statement,vote');
        const respelled = `\uFEFFvote,statement,group,participant\r\n${rows.map(reordered).join('\r\n')}\r\n`;
        const other = independently(receipt, { 'votes.csv': respelled });
        expect(other.report.inputs[0].root).toBe(input.commitment.root);
        expect(other.code).toBe(0);
      });

      it('fails on an altered vote and on a forged figure, and names the forged figure', async () => {
        const lines = csv.split('\n');
        lines[5] = lines[5].replace(/,(-?[01])$/, (_, v: string) => `,${v === '1' ? '-1' : '1'}`);
        const altered = lines.join('\n');
        expect(altered).not.toBe(csv);
        const byScript = independently(receipt, { 'votes.csv': altered });
        expect(byScript.report.inputs[0].rootAgrees).toBe(false);
        expect(byScript.code).toBe(1);
        const byReckon = await verify(receipt, altered);
        expect(byReckon.reproduced).toBe(false);
        expect(byReckon.checks.find((c) => c.part === 'input')?.status).toBe('fail');

        // a figure changed after signing: the manifest line no longer matches, by the script and by Reckon
        const forged: Receipt = { ...receipt, outputs: { ...receipt.outputs, 'totals.votes': (receipt.outputs['totals.votes'] as number) + 1 } };
        expect(independently(forged, { 'votes.csv': csv }).report.manifest.differing).toEqual(['output "totals.votes"']);
        const signedForgery = await verify(forged, csv);
        expect(signedForgery.reproduced).toBe(false);
        expect(signedForgery.checks.find((c) => c.part === 'manifest')).toMatchObject({ status: 'fail' });
        expect(signedForgery.checks.find((c) => c.part === 'manifest')?.message).toContain('totals.votes');

        // the same forgery with the manifest rewritten to match, unsigned: recomputing the figure catches it
        const share = Object.keys(receipt.outputs).find((k) => /^groups\.\d+\.representative\.0\.count$/.test(k))!;
        const parts = { ...receipt, outputs: { ...receipt.outputs, [share]: (receipt.outputs[share] as number) + 1 } };
        const rewritten: Receipt = { ...parts, manifest: manifestText(parts), signed: false };
        expect(independently(rewritten, { 'votes.csv': csv }).code).toBe(0); // consistent with itself, so only a recomputation can tell
        const unsignedForgery = await verify(rewritten, csv);
        expect(unsignedForgery.reproduced).toBe(false);
        const output = unsignedForgery.checks.find((c) => c.part === 'output');
        expect(output?.status).toBe('fail');
        expect(output?.message).toContain(share);
      });
    },
  );
});
