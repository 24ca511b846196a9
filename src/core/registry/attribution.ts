import type { Actor, Source } from './types.ts';

/** How a source is named in an attribution: publisher, title and date, as the data gives them. */
export function sourceLabel(source: Pick<Source, 'publisher' | 'title' | 'date'>): string {
  return `${source.publisher}, "${source.title}"${source.date ? ` (${source.date})` : ''}`;
}

/**
 * Reckon never states a claim in its own voice: every figure or statement is prefixed by who says it and where.
 * English, for the API and the command line; the web app builds the same sentence in the reader's language.
 */
export function attribution(actor: Pick<Actor, 'name'>, attributionNote: string | null, sources: readonly Pick<Source, 'publisher' | 'title' | 'date'>[]): string {
  const who = attributionNote ? `${actor.name} (${attributionNote})` : actor.name;
  const where = sources.length ? sources.map(sourceLabel).join('; ') : 'no source recorded';
  return `according to ${who}, ${where}`;
}
