import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvRecordStartLines } from './csv-record-line.ts';

describe('csvRecordStartLines', () => {
  it('names the line each record starts on, past blank lines and cells over several lines (LF and CRLF)', () => {
    for (const eol of ['\n', '\r\n']) {
      const text = ['id,name', '1,a', '', '', '2,"b', 'c', 'd"', '3,e', '', '4,"f', 'g"', '5,h', ''].join(eol);
      const parsed = parse(text, { skip_empty_lines: true, info: true }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
      expect(csvRecordStartLines(parsed)).toEqual([1, 2, 5, 8, 10, 12]);
    }
  });

  it('reads records parsed with named columns', () => {
    const parsed = parse('id,name\n\n1,"a\nb"\n2,c\n', { columns: true, skip_empty_lines: true, info: true }) as unknown as Array<{
      record: Record<string, string>;
      info: { lines: number };
    }>;
    expect(csvRecordStartLines(parsed)).toEqual([3, 5]);
  });
});
