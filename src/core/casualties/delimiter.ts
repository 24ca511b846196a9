/**
 * The field separator of a list file. A spreadsheet saved as CSV in a locale whose decimal mark is a comma (Russian,
 * Azerbaijani, most of Europe) separates fields with semicolons, and some exports use tabs; read with commas such a
 * file is one column, and no name, date or id is found. The header line decides: the separator it holds most often,
 * outside quotes, with the comma kept on a tie, so that a comma file with a stray semicolon in a header stays a comma
 * file. Shared by the importer, `reckon link` and the web preview, so that all three split a line the same way.
 */
export type Delimiter = ',' | ';' | '\t';

export function detectDelimiter(text: string): Delimiter {
  const counts: Record<Delimiter, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (let i = 0; i < text.length && i < 100_000; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[',']) return '\t';
  return ',';
}
