/**
 * A generated list linked in process through the same steps as `reckon link` with its defaults: column detection on
 * the header and the first 1,000 values of each column, the default settings for that many records, the CLI's value
 * preparation (core/linkage/prepare-values.ts), then the engine on one thread. The engineers' linkage tools
 * (linkage-diagnose, linkage-name-only) read the result with the truth beside it; the scores to report are the
 * generalisation bench's, which goes through the real command line.
 */
import { detectListColumns } from '../src/core/casualties/columns.ts';
import { defaultSettings, linkRecords, parseSettings } from '../src/core/linkage/index.ts';
import { prepareColumns } from '../src/core/linkage/prepare-values.ts';

export async function linkAsCli(list: { header: string[]; rows: string[][] }) {
  const { header } = list;
  const size = list.rows.length;
  const columns = header.map((_, k) => list.rows.map((r) => (r[k] ?? '').trim()));
  const samples = (c: string) => columns[header.indexOf(c)]?.slice(0, 1000);
  const mapping = detectListColumns(header, { samples });
  const settings = parseSettings(defaultSettings(header, { records: size, columns: mapping }), header);
  const table = { header, columns, size, lines: Int32Array.from({ length: size }, (_, i) => i + 2), encoding: 'utf-8' };
  const prepared = prepareColumns(table, settings, mapping, {});
  const result = await linkRecords({ columns: prepared.columns, size }, settings, { threads: 1 });
  return { header, size, columns, mapping, result };
}
