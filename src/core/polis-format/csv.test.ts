import { describe, expect, it } from 'vitest';
import { PolisFormatError, readCsv, writeCsv } from './csv.ts';

function read(text: string, maxRecordSize?: number) {
  const out: [string[], number][] = [];
  readCsv(text, 'x.csv', (f, l) => out.push([f, l]), { maxRecordSize });
  return out;
}

describe('readCsv', () => {
  it('reads quoted fields spanning lines, doubled quotes, CRLF, BOM, and reports start lines', () => {
    const rows = read('\ufeffa,b\r\n1,"two\nlines ""quoted"""\r\n\r\n3,\n');
    expect(rows).toEqual([
      [['a', 'b'], 1],
      [['1', 'two\nlines "quoted"'], 2],
      [['3', ''], 5],
    ]);
  });

  it('reads a last record without a line end and empty fields', () => {
    expect(read('a,,c')).toEqual([[['a', '', 'c'], 1]]);
    expect(read('a,')).toEqual([[['a', ''], 1]]);
    expect(read('')).toEqual([]);
  });

  it('names the line of an unclosed quote', () => {
    expect(() => read('a,b\n1,2\n3,"open\n4,5\n')).toThrow(/x\.csv:3: a quoted field is never closed/);
  });

  it('rejects text after a closing quote and quotes inside bare fields', () => {
    expect(() => read('a,b\n"x"y,1\n')).toThrow(/x\.csv:2: unexpected character after a closing quote/);
    expect(() => read('a,b\nx"y,1\n')).toThrow(/x\.csv:2: a quote inside an unquoted field/);
  });

  it('refuses oversized records instead of swallowing the file', () => {
    expect(() => read(`a\n"${'x'.repeat(5000)}"\n`, 1000)).toThrow(/x\.csv:2: record longer than 1000/);
    expect(() => read(`${'y'.repeat(5000)}\n`, 1000)).toThrow(PolisFormatError);
  });

  it('writes what it reads', () => {
    const rows = [['a', 'b,c', 'd"e', 'f\ng', '']];
    expect(read(writeCsv(rows)).map(([f]) => f)).toEqual(rows);
  });
});
