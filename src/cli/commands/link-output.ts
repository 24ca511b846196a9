import { closeSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writing `reckon link`'s output: the input columns plus extra columns, as CSV in the form csv-stringify gives by
 * default (comma, LF, a field quoted only when it holds a comma, quote, CR or LF, quotes doubled). Rows are
 * written in chunks of about a megabyte, so a million rows never become one array of arrays and one string;
 * the file appears under its name only when complete.
 */
const NEEDS_QUOTES = /[",\r\n]/;

function field(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function writeCsvAtomically(file: string, header: readonly string[], columns: ReadonlyArray<ArrayLike<string>>, size: number): void {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  const fd = openSync(temp, 'w');
  try {
    let chunk = header.map(field).join(',') + '\n';
    const width = columns.length;
    for (let r = 0; r < size; r++) {
      let line = field(columns[0][r]);
      for (let k = 1; k < width; k++) line += ',' + field(columns[k][r]);
      chunk += line + '\n';
      if (chunk.length >= 1 << 20) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    if (chunk.length > 0) writeSync(fd, chunk);
    closeSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkSync(temp);
    throw error;
  }
  renameSync(temp, file);
}
