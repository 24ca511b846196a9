import { invalid } from '../errors.ts';
import type { Problem } from '../../core/cases/index.ts';

/** Refuses a file or record with every problem in the details; the message names the first. */
export function refuse(problems: Problem[], what: string): never {
  const errors = problems.filter((p) => p.severity === 'error');
  throw invalid(`${what}_rejected`, `Refused: ${errors.length} problem${errors.length === 1 ? '' : 's'}${errors[0] ? ` (first: ${errors[0].field ? `${errors[0].field}: ` : ''}${errors[0].message})` : ''}; nothing was saved`, { problems });
}
