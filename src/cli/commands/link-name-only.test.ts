import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { nameOnlyReport } from '../../core/linkage/name-only.ts';
import { generateLists, SYNTHETIC_COLUMNS } from '../../core/linkage/synthetic/generate.ts';
import { runLink } from './link.ts';

const dir = mkdtempSync(join(tmpdir(), 'reckon-link-name-only-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('records that carry only a name', () => {
  it('are counted, and the persons they joined named, from the evidence columns alone', () => {
    const birth = ['1950', '', '', '', ' ', ''];
    const place = ['', 'Goris', '', '', '', ''];
    const names = [true, true, true, true, true, false];
    const person = [0, 0, 0, 1, 2, 2];
    // row 2 joined person 0 on its name; row 3 is alone; row 4 (a blank birth) joined person 2 with a nameless row 5
    expect(nameOnlyReport([birth, place], (i) => names[i], person)).toEqual({ records: 3, joined: 2, persons: [0, 2] });
    expect(nameOnlyReport([], () => true, [0, 0, 1])).toEqual({ records: 3, joined: 2, persons: [0] });
    expect(nameOnlyReport([birth], () => false, [0, 0, 0, 1, 2, 2])).toEqual({ records: 0, joined: 0, persons: [] });
  });

  it('reckon link reports them in its warnings and --json summary, matching the persons it wrote', async () => {
    const { records } = generateLists({ persons: 150, seed: 8 });
    const header = SYNTHETIC_COLUMNS.filter((c) => c !== 'true_person');
    const rows = records.map((r) => header.map((c) => r[c]));
    const birth = header.indexOf('birth_date');
    const place = header.indexOf('place');
    // every seventh record loses its date and place, as a will index or a press report names a person only
    const stripped = new Set<number>();
    rows.forEach((row, i) => {
      if (i % 7 === 3) {
        row[birth] = '';
        row[place] = '';
        stripped.add(i);
      }
    });
    for (const [i, row] of rows.entries()) if (!stripped.has(i) && row[birth] === '' && row[place] === '') stripped.add(i);
    const input = join(dir, 'list.csv');
    const out = join(dir, 'persons.csv');
    writeFileSync(input, stringify([header, ...rows]));
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let printed = '';
    let warned = '';
    try {
      await runLink(input, { out, json: true });
      printed = stdout.mock.calls.map((c) => String(c[0])).join('');
      warned = stderr.mock.calls.map((c) => String(c[0])).join('');
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
    const summary = JSON.parse(printed) as { nameOnly: { records: number; joined: number; persons: string[] } };
    const written = parse(readFileSync(out), { columns: true }) as Array<Record<string, string>>;
    const size = new Map<string, number>();
    for (const w of written) size.set(w.person_id, (size.get(w.person_id) ?? 0) + 1);
    const joinedRows = [...stripped].filter((i) => size.get(written[i].person_id)! > 1);
    expect(summary.nameOnly.records).toBe(stripped.size);
    expect(summary.nameOnly.joined).toBe(joinedRows.length);
    expect(summary.nameOnly.persons).toEqual([...new Set(joinedRows.map((i) => written[i].person_id))].sort());
    // on this list most name-only records find their person, so the warning is there and names persons
    expect(joinedRows.length).toBeGreaterThan(0);
    expect(warned).toContain(`${joinedRows.length} of ${stripped.size} record(s) that carry only a name`);
    expect(warned).toContain(summary.nameOnly.persons[0]);
  });
});
