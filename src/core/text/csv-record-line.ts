/**
 * The line each CSV record starts on, as an editor numbers it, from what csv-parse reports with `info: true`.
 * csv-parse gives the line a record ends on, so "the line after the previous record" names a skipped blank line,
 * and the end line names the last line of a quoted cell that spans lines. It also counts a CRLF inside a quoted cell
 * as two lines, which shifts every later record; that over-count is taken back here.
 */
export function csvRecordStartLines(
  records: ReadonlyArray<{ record: readonly string[] | Readonly<Record<string, string>>; info: { lines: number } }>,
): number[] {
  let overCounted = 0;
  return records.map(({ record, info }) => {
    let breaks = 0;
    let crlf = 0;
    for (const cell of Array.isArray(record) ? record : Object.values(record)) {
      for (let i = cell.indexOf('\n'); i !== -1; i = cell.indexOf('\n', i + 1)) {
        breaks++;
        if (i > 0 && cell.charCodeAt(i - 1) === 13) crlf++;
      }
    }
    const start = info.lines - overCounted - breaks - crlf;
    overCounted += crlf;
    return start;
  });
}
