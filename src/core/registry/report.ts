import type { Problem } from './types.ts';

/** "claims.csv:5 date: message", the form editors and compilers use, so an editor can jump to the line. */
export function formatProblem(p: Problem): string {
  const where = `${p.file}${p.line ? `:${p.line}` : ''}${p.field ? ` ${p.field}` : ''}`;
  const message = p.field && p.message.startsWith(`${p.field}: `) ? p.message.slice(p.field.length + 2) : p.message;
  return `${p.severity}: ${where}: ${message}`;
}

const COUNT_NAMES: [string, string][] = [
  ['sources', 'sources'],
  ['actors', 'actors'],
  ['events', 'events'],
  ['claims', 'claims'],
  ['recognitionActs', 'recognition acts'],
];

export function formatCounts(counts: Record<string, number>): string {
  return COUNT_NAMES.filter(([key]) => key in counts)
    .map(([key, name]) => `${counts[key]} ${name}`)
    .join(', ');
}
