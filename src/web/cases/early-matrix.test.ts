import { afterEach, describe, expect, it } from 'vitest';
import { setFetchForTesting, setUnauthenticatedHandler } from '../api/client.ts';
import { matrixAllegationOf, matrixEarly, matrixOf } from './early-matrix.ts';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const matrix = (n: number) => ({ allegation: { id: 'AL1' }, rows: [], totals: { links: n } });

/** A fake transport that answers each request with the next of `answers` and records the URLs asked. */
function answering(...answers: Response[]): string[] {
  const urls: string[] = [];
  setFetchForTesting(async (url) => {
    urls.push(url);
    return answers.shift() ?? json(500, { error: { code: 'unexpected', message: 'no answer left' } });
  });
  return urls;
}

afterEach(async () => {
  // forget any early answer a test left (taking it makes a request of its own, refused here)
  answering();
  await matrixOf('drain').catch(() => undefined);
  setUnauthenticatedHandler(null);
});

describe('the matrix request sent at start-up', () => {
  it('knows the matrix page and its print view, and nothing else', () => {
    expect(matrixAllegationOf('/cases/allegations/AL1/matrix')).toBe('AL1');
    expect(matrixAllegationOf('/cases/allegations/AL%201/matrix/print')).toBe('AL 1');
    expect(matrixAllegationOf('/cases/allegations/AL1/matrix/')).toBe('AL1');
    for (const other of [
      '/cases/allegations/AL1',
      '/cases/allegations//matrix',
      '/cases/allegations/a/b/matrix',
      '/cases/allegations/AL1/matrix/x',
      '/archive/allegations/AL1/matrix',
    ]) {
      expect(matrixAllegationOf(other)).toBeNull();
    }
    // hostile addresses: a broken escape, an encoded traversal, an overlong id
    expect(matrixAllegationOf('/cases/allegations/%E0%A4%A/matrix')).toBeNull();
    expect(matrixAllegationOf('/cases/allegations/..%2F..%2Fadmin/matrix')).toBe('../../admin');
    expect(matrixAllegationOf(`/cases/allegations/${'x'.repeat(201)}/matrix`)).toBeNull();
  });

  it('sends the request at once and hands its answer to the page once', async () => {
    const urls = answering(json(200, matrix(1)), json(200, matrix(2)));
    matrixEarly('/cases/allegations/AL1/matrix');
    expect(urls).toEqual(['/api/cases/allegations/AL1/matrix']);
    expect(await matrixOf('AL1')).toMatchObject({ totals: { links: 1 } });
    // a second load (after a link is saved) asks again
    expect(await matrixOf('AL1')).toMatchObject({ totals: { links: 2 } });
    expect(urls).toHaveLength(2);
  });

  it('escapes the id it puts in the path', async () => {
    const urls = answering(json(200, matrix(1)));
    matrixEarly('/cases/allegations/..%2F..%2Fadmin/matrix');
    expect(urls).toEqual(['/api/cases/allegations/..%2F..%2Fadmin/matrix']);
    await matrixOf('../../admin');
  });

  it('sends nothing on other pages', async () => {
    const urls = answering(json(200, matrix(5)));
    matrixEarly('/cases/allegations/AL1');
    expect(urls).toEqual([]);
    expect(await matrixOf('AL1')).toMatchObject({ totals: { links: 5 } });
  });

  it('does not give one allegation the answer for another', async () => {
    const urls = answering(json(200, matrix(1)), json(200, matrix(7)));
    matrixEarly('/cases/allegations/AL1/matrix');
    expect(await matrixOf('AL2')).toMatchObject({ totals: { links: 7 } });
    expect(urls).toEqual(['/api/cases/allegations/AL1/matrix', '/api/cases/allegations/AL2/matrix']);
  });

  it('asks again when the early answer failed (a session that had ended), rather than showing the failure', async () => {
    let unauthenticated = 0;
    setUnauthenticatedHandler(() => unauthenticated++);
    const urls = answering(json(401, { error: { code: 'unauthenticated', message: 'sign in' } }), json(200, matrix(3)));
    matrixEarly('/cases/allegations/AL1/matrix');
    expect(await matrixOf('AL1')).toMatchObject({ totals: { links: 3 } });
    expect(urls).toHaveLength(2);
    expect(unauthenticated).toBe(1);
  });

  it('passes on a failure of the request made again', async () => {
    answering(
      json(404, { error: { code: 'not_found', message: 'Allegation not found' } }),
      json(404, { error: { code: 'not_found', message: 'Allegation not found' } }),
    );
    matrixEarly('/cases/allegations/missing/matrix');
    await expect(matrixOf('missing')).rejects.toMatchObject({ code: 'not_found' });
  });
});
