import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvRecordStartLines } from '../../core/text/csv-record-line.ts';
import { parseCsv } from './link-input.ts';

/** What csv-parse (the strict path) makes of a text: trimmed rows and the line each row starts on. */
function reference(text: string): { rows: string[][]; lines: number[] } {
  const records = parse(text, { bom: true, skip_empty_lines: true, info: true }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  return {
    rows: records.slice(1).map((r) => r.record.map((v) => v.trim())),
    lines: csvRecordStartLines(records).slice(1),
  };
}

describe('parseCsv fast path', () => {
  it('agrees with csv-parse on quotes, doubled quotes, line breaks in fields, CRLF and empty lines', () => {
    const text = [
      'id,name,note',
      '1,"Əliyev, Ramiz"," says ""hi"" "',
      '',
      '2,Петросян Арам,"two',
      'lines"',
      '3, padded ,',
      '4,"",x',
    ].join('\r\n');
    const lf = text.replace(/\r\n/g, '\n');
    // `text` has a CRLF inside a quoted field, which csv-parse counts as two lines (csvRecordStartLines takes it back)
    for (const t of [lf, text, `\uFEFF${lf}\n\n`]) {
      const table = parseCsv(t, 'f.csv', 'UTF-8');
      const expected = reference(t);
      expect(table.header).toEqual(['id', 'name', 'note']);
      const rows = Array.from({ length: table.size }, (_, r) => table.columns.map((c) => c[r]));
      expect(rows).toEqual(expected.rows);
      expect([...table.lines]).toEqual(expected.lines);
    }
  });

  it('leaves malformed input to csv-parse, which names the line', () => {
    expect(() => parseCsv('a,b\n1,2\n3\n', 'f.csv', 'UTF-8')).toThrow(/f\.csv:line 3: the number of columns differs/);
    expect(() => parseCsv('a,b\n1,"2\n', 'f.csv', 'UTF-8')).toThrow(/a quoted field is never closed/);
    expect(() => parseCsv('a,b\n1,x"y\n', 'f.csv', 'UTF-8')).toThrow(/f\.csv:line 2/);
  });
});
