import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commitInput, makeReceipt, registryFigures, registryMethod, REGISTRY_INPUTS, REGISTRY_KIND, verifyReceipt } from './index.ts';

// the example case the project ships (examples/khojaly-1992, every row cited there)
const folder = new URL('../../../examples/khojaly-1992/', import.meta.url);
const files = Object.fromEntries(REGISTRY_INPUTS.map((name) => [name, readFileSync(new URL(name, folder), 'utf8')]));
const code = { name: 'reckon', version: 'test', commit: null };
const bytes = (text: string) => new TextEncoder().encode(text);

function receiptOf(texts: Record<string, string>, event: string | null = null) {
  return JSON.parse(
    JSON.stringify(
      makeReceipt({
        figure: { kind: REGISTRY_KIND, label: 'Khojaly 1992' },
        code,
        createdAt: '2026-12-06T00:00:00.000Z',
        inputs: REGISTRY_INPUTS.map((name) => commitInput(name, name, bytes(texts[name])).commitment),
        parameters: { event },
        outputs: registryFigures(texts, { event }),
      }),
    ),
  );
}
const verify = (receipt: unknown, texts: Record<string, string>) =>
  verifyReceipt(receipt, REGISTRY_INPUTS.map((name) => ({ name, bytes: bytes(texts[name]) })), { methods: [registryMethod()], code });

describe('registry figure summary receipts', () => {
  it('summarises every published casualty figure of the Khojaly example, attributed, and reproduces all of them', async () => {
    const outputs = registryFigures(files, { event: null });
    const claims = files['claims.csv'].split('\n').filter((l) => /^C\d+,casualty-figure,.*,true\s*$/.test(l)).length;
    expect(outputs.claims).toBe(claims);
    expect(claims).toBeGreaterThan(5);
    expect(outputs['figures.C01.figures.0.value']).toBe(613);
    expect(outputs['figures.C01.assertedBy']).toBe('A01');
    expect(outputs['figures.C01.figures.0.parts.0.value']).toBe(106);
    expect(String(outputs['bySource.S03'])).toContain('C01');
    const report = await verify(receiptOf(files), files);
    expect(report.checks.find((c) => c.part === 'output')?.message).toMatch(new RegExp(`all ${Object.keys(outputs).length} figures recomputed`));
    expect(report.reproduced).toBe(true);
  });

  it('names a claim whose figure changed and refuses files in another order or encoding', async () => {
    const receipt = receiptOf(files);
    const edited = { ...files, 'claims.csv': files['claims.csv'].replace('""value"":613', '""value"":614') };
    const changed = await verify(receipt, edited);
    expect(changed.reproduced).toBe(false);
    expect(changed.checks.find((c) => c.part === 'input' && c.status === 'fail')?.message).toMatch(/claims\.csv.*1 committed row is not in the data/);
    const swapped = await verifyReceipt(receipt, [...REGISTRY_INPUTS].reverse().map((name) => ({ name, bytes: bytes(files[name]) })), { methods: [registryMethod()], code });
    expect(swapped.reproduced).toBe(false);
    const latin1 = await verifyReceipt(receipt, REGISTRY_INPUTS.map((name) => ({ name, bytes: name === 'claims.csv' ? Buffer.from(files[name].replace('Khojaly', 'Xocalı'), 'latin1') : bytes(files[name]) })), { methods: [registryMethod()], code });
    expect(latin1.reproduced).toBe(false);
    expect(() => registryFigures({ ...files, 'claims.csv': 'id,kind\nC1,nonsense\n' }, { event: null })).toThrow(/do not parse/);
  });
});
