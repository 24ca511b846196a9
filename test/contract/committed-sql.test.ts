import { describe, expect, it } from 'vitest';
import { differences, generate } from '../../scripts/committed-sql.ts';

// The heavy queries' SQL is committed in src/queries/ so a review sees what runs; this fails when the code changed
// a statement and the file was not regenerated (`npm run queries:generate`). No database is touched.
describe('committed SQL', () => {
  it('src/queries/ matches what the search and linkage code compiles', async () => {
    expect(await differences()).toEqual([]);
  });

  it('is the same on every run (no time, randomness or order of completion in it)', async () => {
    const [a, b] = [await generate(), await generate()];
    expect([...a]).toEqual([...b]);
    for (const text of a.values()) expect(text).toMatch(/;\n/);
  });
});
