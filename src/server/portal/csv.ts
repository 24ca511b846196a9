/** One CSV field: quoted when it holds a separator, a quote or a line break; a leading formula sign is neutralised. */
function field(value: unknown): string {
  let text = value === null || value === undefined ? '' : Array.isArray(value) ? value.join('; ') : String(value);
  // A spreadsheet would run "=…", "+…", "-…", "@…" as a formula (CSV injection): prefix an apostrophe.
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV document with the licence and citation as leading `#` comment lines (most CSV readers can skip them). */
export function toCsv(columns: string[], rows: Array<Record<string, unknown>>, meta: { licence: string; citation: string }): string {
  const lines = [`# licence: ${meta.licence}`, `# citation: ${meta.citation}`, columns.join(',')];
  for (const row of rows) lines.push(columns.map((c) => field(row[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
