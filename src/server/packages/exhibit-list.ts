import { stringify } from 'csv-stringify/sync';

/**
 * The exhibit list of a court package: one numbered row per file in `data/`, in the form court registries ask
 * evidence to be tendered in. Modelled on the metadata the International Criminal Court's e-Court Protocol and its
 * court records system keep for each piece of evidence (a document number, the original title, the date of the
 * document, its source, its type, page count, and a hash with the chain of custody); the column names are ours.
 */
export interface ExhibitRow {
  exhibit: string;
  itemId: string;
  title: string;
  kind: string;
  /** The event date as recorded (a year, month, day or period). */
  date: string;
  /** Who provided the item, and where it is from. */
  source: string;
  /** The path inside the bag's data/ folder. */
  file: string;
  /** original, derivative (redacted copy), transcript, translation, interview, consent, sealed-identity. */
  role: string;
  pagesOrDuration: string;
  bytes: number;
  sha256: string;
  custody: string;
}

export const EXHIBIT_COLUMNS: ReadonlyArray<[keyof ExhibitRow, string]> = [
  ['exhibit', 'Exhibit'],
  ['itemId', 'Item'],
  ['title', 'Title'],
  ['kind', 'Kind'],
  ['date', 'Date'],
  ['source', 'Source'],
  ['file', 'File'],
  ['role', 'Role'],
  ['pagesOrDuration', 'Pages or duration'],
  ['bytes', 'Bytes'],
  ['sha256', 'SHA-256'],
  ['custody', 'Custody'],
];

/** "3 pages", "1 h 02 min 05 s", or empty, from what extraction recorded about the file. */
export function pagesOrDuration(metadata: ReadonlyArray<Record<string, unknown> | null>): string {
  for (const m of metadata) {
    if (m && typeof m.pages === 'number' && Number.isFinite(m.pages)) return `${m.pages} page${m.pages === 1 ? '' : 's'}`;
  }
  for (const m of metadata) {
    if (m && typeof m.durationSeconds === 'number' && Number.isFinite(m.durationSeconds)) {
      const total = Math.round(m.durationSeconds);
      const h = Math.floor(total / 3600);
      const min = Math.floor((total % 3600) / 60);
      const s = total % 60;
      return h > 0 ? `${h} h ${String(min).padStart(2, '0')} min ${String(s).padStart(2, '0')} s` : `${min} min ${String(s).padStart(2, '0')} s`;
    }
  }
  return '';
}

interface CustodyEvent {
  at: string;
  actorName: string;
  action: string;
}

/** One line: how many custody events, when and by whom the item came in, and the export that made this package. */
export function custodySummary(events: readonly CustodyEvent[], packageId: string): string {
  if (events.length === 0) return 'no custody events';
  const first = events[0];
  const exported = [...events].reverse().find((e) => e.action === 'item.exported');
  const parts = [`${events.length} custody event${events.length === 1 ? '' : 's'}`, `${first.action} ${first.at} by ${first.actorName}`];
  if (exported) parts.push(`exported ${exported.at} by ${exported.actorName} (${packageId})`);
  return parts.join('; ');
}

/** Spreadsheet programs run a cell starting with = + - @ as a formula; such text gets a leading apostrophe. */
const defuse = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

export function exhibitCsv(rows: readonly ExhibitRow[]): string {
  return stringify([EXHIBIT_COLUMNS.map(([, label]) => label), ...rows.map((r) => EXHIBIT_COLUMNS.map(([key]) => (typeof r[key] === 'number' ? String(r[key]) : defuse(String(r[key])))))], {
    record_delimiter: 'windows',
    bom: true,
  });
}

const escape = (text: unknown) =>
  String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** A static, printable page: no script, no style attribute, its own CSP, every value escaped. */
export function exhibitHtml(rows: readonly ExhibitRow[], info: { organisation: string; packageId: string; createdAt: string }): string {
  const head = EXHIBIT_COLUMNS.map(([, label]) => `<th scope="col">${escape(label)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${EXHIBIT_COLUMNS.map(([key]) => (key === 'file' ? `<td><a href="data/${escape(r.file)}">${escape(r.file)}</a></td>` : key === 'sha256' ? `<td><code>${escape(r.sha256)}</code></td>` : `<td>${escape(r[key])}</td>`)).join('')}</tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'"><title>Exhibit list ${escape(info.packageId)}</title></head>
<body>
<h1>Exhibit list</h1>
<p>Package ${escape(info.packageId)}, exported by ${escape(info.organisation)} on ${escape(info.createdAt)}. Each exhibit is a file in the data/ folder of this BagIt package; its SHA-256 is also in manifest-sha256.txt and in the signed custody records in custody/ and ledger/proofs.json.</p>
<table>
<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table>
</body>
</html>
`;
}
