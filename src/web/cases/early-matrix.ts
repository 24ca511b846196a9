import { evidenceApi, type EvidenceMatrix } from './evidence-api.ts';

/** An early answer older than this is not used: the page asks again (the matrix may have changed since). */
const FRESH_MS = 30_000;

let early: { id: string; at: number; answer: Promise<EvidenceMatrix> } | null = null;

/** The allegation whose matrix (or its print view) `pathname` shows; null for any other page or a malformed address. */
export function matrixAllegationOf(pathname: string): string | null {
  const match = /^\/cases\/allegations\/([^/]+)\/matrix(?:\/print)?\/?$/.exec(pathname);
  if (!match) return null;
  try {
    const id = decodeURIComponent(match[1]);
    return id.length > 0 && id.length <= 200 ? id : null;
  } catch {
    return null;
  }
}

/**
 * On the matrix page's address, sends the matrix request at start-up, beside the session request, instead of after
 * the session has answered and the page has rendered: that round trip was a third of the time to the rows shown
 * (bench/cases-matrix.bench.ts). The request carries the session cookie as any other; the server decides what the
 * reader may see, so sending it before the app knows who is signed in reveals nothing.
 */
export function matrixEarly(pathname: string): void {
  const id = matrixAllegationOf(pathname);
  if (id === null) return;
  const answer = evidenceApi.matrix(id);
  answer.catch(() => undefined); // the page reads the outcome
  early = { id, at: performance.now(), answer };
}

/**
 * The matrix of `id`: the early answer once, while it is fresh, else a new request. A failed early answer (a session
 * that had ended: the reader signed in since) is asked again rather than shown.
 */
export function matrixOf(id: string): Promise<EvidenceMatrix> {
  const taken = early;
  early = null;
  if (!taken || taken.id !== id || performance.now() - taken.at > FRESH_MS) return evidenceApi.matrix(id);
  return taken.answer.catch(() => evidenceApi.matrix(id));
}
