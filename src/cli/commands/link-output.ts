import { closeSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { roleDescription, type ColumnRole, type ListColumns } from '../../core/casualties/columns.ts';
import type { LinkSettings } from '../../core/linkage/index.ts';

/**
 * Writing `reckon link`'s output: the column mapping it used, and the input columns plus extra columns, as CSV in the form csv-stringify gives by
 * default (comma, LF, a field quoted only when it holds a comma, quote, CR or LF, quotes doubled), except that a
 * cell a spreadsheet would run as a formula gets a leading apostrophe (CSV injection). Rows are
 * written in chunks of about a megabyte, so a million rows never become one array of arrays and one string;
 * the file appears under its name only when complete.
 */
const NEEDS_QUOTES = /[",\r\n]/;
// a spreadsheet runs a cell beginning with = + - @ (or a tab or CR before one) as a formula: a name such as
// "=cmd|' /C calc'!A0" in a list would run when persons.csv is opened; a plain number (-3, +1.5) is left alone
const FORMULA = /^[=+\-@\t\r]/;
const NUMBER = /^[+-]?\d+(?:[.,]\d+)?$/;

function field(value: string): string {
  const text = FORMULA.test(value) && !NUMBER.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
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

/** What `reckon link` did with each input column: its detected role, why, and whether the run compares it. */
export interface MappingSummary {
  source: 'detected' | 'settings';
  settingsFile?: string;
  columns: Array<{ column: string; role: ColumnRole | null; reason: string; fields: string[]; fallback?: boolean }>;
  /** Columns that feed no field, in header order. */
  unused: string[];
  dateFormats: Record<string, { format: string; chosenBy: string; ambiguous: boolean; conflicting: boolean; note: string | null }>;
}

export function mappingSummary(
  mapping: ListColumns,
  settings: LinkSettings,
  settingsFile: string | undefined,
  dateFormats: MappingSummary['dateFormats'] = {},
): MappingSummary {
  const columns = mapping.columns.map((d) => {
    const fields = settings.fields.filter((f) => f.column === d.column).map((f) => (f.part ? `${f.name} (${f.part} part)` : f.name));
    if (settings.idColumn === d.column) fields.unshift('record id');
    if (d.fallback && fields.length === 0) fields.push('names of rows whose split name columns are empty');
    return { column: d.column, role: d.role, reason: settingsFile && fields.length > 0 ? `from ${settingsFile}` : d.reason, fields, ...(d.fallback ? { fallback: true } : {}) };
  });
  return {
    source: settingsFile ? 'settings' : 'detected',
    ...(settingsFile ? { settingsFile } : {}),
    columns,
    unused: columns.filter((c) => c.fields.length === 0).map((c) => c.column),
    dateFormats,
  };
}

/** The mapping as lines for the terminal (stderr), so a wrong guess is seen before the persons are trusted. */
export function describeMapping(mapping: ListColumns, settings: LinkSettings, settingsFile: string | undefined): string {
  const summary = mappingSummary(mapping, settings, settingsFile);
  const width = Math.min(24, Math.max(...summary.columns.map((c) => c.column.length)));
  const lines = summary.columns.map((c) => {
    const role = c.role ? roleDescription(c.role) : 'unused';
    const use = c.fields.length > 0 ? ` → ${c.fields.join(', ')}` : c.role ? ', not compared' : '';
    return `  ${c.column.padEnd(width)}  ${role}${use}: ${c.reason}`;
  });
  const how = settingsFile ? `columns as set in ${settingsFile}` : 'columns as detected (correct with --map role=column)';
  return `reckon link: ${how}:\n${lines.join('\n')}\n`;
}
