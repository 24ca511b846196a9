/** Long enough to read a typical change at a glance; the table must stay usable when a detail blob is huge. */
export const MAX_DETAILS_CHARS = 400;

/** Details are free-form JSON from the server; shown compactly as text (never as HTML) and cut when very long. */
export function formatDetails(details: unknown): string {
  if (details === null || details === undefined) return '';
  let text: string;
  if (typeof details === 'string') text = details;
  else {
    try {
      text = JSON.stringify(details) ?? '';
    } catch {
      text = String(details);
    }
    if (text === '{}' || text === '[]') text = '';
  }
  return text.length > MAX_DETAILS_CHARS ? `${text.slice(0, MAX_DETAILS_CHARS)}…` : text;
}
