import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { pairwiseScores } from '../../core/linkage/evaluate.ts';
import { SUITE_GENERATORS } from '../../core/linkage/synthetic/generalisation-suite.ts';
import { runCli } from '../../../test/cli.ts';

/**
 * Regression floors for `reckon link` with its default settings on small lists from each generalisation generator
 * (bench/linkage-generalisation.bench.ts measures the same at full size). A floor is not the goal: it is what the
 * code reached when the floor was set, less a margin for seed-to-seed spread at this size, so that a change that
 * makes linkage worse on lists it was not developed against fails here. The goals of issue 12 (F1 ≥ 0.90 on
 * victim lists, ≥ 0.85 on historical records) are checked by the bench, not here.
 */
const PERSONS = 400;
const SEED = 5;

/**
 * F1 floors, raised 2026-12-06 15:00 UTC (commit 46f3b74) from the F1 the code reached at this size and seed (in
 * brackets), less about 0.1 for the spread between seeds at 400 persons. Raise a floor when the code gets better;
 * never lower one to make a change pass.
 */
const FLOORS: Record<string, number> = {
  multilingual: 0.86, // (0.964) the generator the engine was developed against
  'soviet-register': 0.83, // (0.937 at commit 11ad6de) initials-only entries now blocked on family name and initials
  'press-list': 0.78, // (0.874 at commit 72a1e10) ages only; two romanisations; ages at death compared as ages
  'azerbaijani-list': 0.87, // (0.972)
  'mixed-list': 0.83, // (0.939 at commit 11ad6de) one record in three is in another script with another date and sex convention
  // (0.883 at commit 72a1e10) namesakes of one family name and age with different dates of death still merge
  'family-reports': 0.78,
  // set 2026-12-06 23:40 UTC (commit 22a3920 generator; 0.953 at 2,000 persons, seed 11): ICAO passport capitals,
  // Soviet Cyrillic with the patronymic, Azerbaijani capitals; 01.01 for unknown days
  'documents-list': 0.84,
  // raised 2026-12-06 20:10 UTC (commit 47e6b29), on the generator with heavy-tailed record counts, whose few big persons
  // make the spread between seeds wider at this size (margin 0.12): below the goal of 0.85; name-only records of
  // much-documented persons and married women's new surnames are missed
  // raised 2026-12-07 09:35 UTC (commit after 9ac8023: a lone record joins its most probable person)
  'historical-register': 0.68, // (0.801)
  'nordic-register': 0.7, // (0.822 at commit 47e6b29) namesakes with different patronymics still join much-documented persons
  // set 2026-12-07 09:35 UTC with its generator: Scottish census households and death registers, ages only, married
  // women under two surnames ("Mary Smith or Brown"); raised 2026-12-07 12:35 UTC (commit 918604b: census ages to
  // the day, the 1841 rounding, one census names a person once, Mac/Mc/M')
  // raised 2026-12-07 21:45 UTC (commit 401c2f5: "Mary Smith or Brown" parsed as given Mary with two surnames, such
  // records left out of EM training)
  'scottish-register': 0.8, // (0.914 in process; 0.846 before)
  // set 2026-12-07 15:10 UTC with its generator: an Armenian-headed register in Armenian script with the father's
  // name in the genitive, Russian with -ович/-овна, and BGN/PCGN, ISO 9985 and Western Armenian romanisations
  'armenian-register': 0.87, // (0.976; 0.972 before ISO 9985, Western spellings, -յանց and Տեր were read)
  // set 2026-12-08 00:50 UTC with their generators (engineer H), 0.12 under the F1 at 2,000 persons, seed 11, after
  // French and German letter values and look-alike letters were read: a tracing list in French spellings with the
  // mother's name and the date last seen (0.904), and diaspora submissions in German/French spellings with
  // month-first dates and spreadsheet artefacts (0.841)
  'tracing-list': 0.78,
  'diaspora-submission': 0.72,
  // set 2026-12-08 01:55 UTC with its generator (engineer A, a390597): US federal census population and mortality
  // schedules 1850–1880, ages only, family numbers, anglicised immigrants (0.804 at 2,000 persons, seed 11, 0.763 at
  // seed 12, after the family-number column and the schedule-year ages)
  'us-census': 0.74, // (0.859)
};

const dir = mkdtempSync(join(tmpdir(), 'reckon-link-generalisation-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('reckon link on lists written in conventions it was not developed against', () => {
  for (const g of SUITE_GENERATORS) {
    it(`${g.key}: default settings link ${PERSONS} persons' records with pairwise F1 ≥ ${FLOORS[g.key]}`, async () => {
      const list = g.generate(PERSONS, SEED);
      const input = join(dir, `${g.key}.csv`);
      const out = join(dir, `${g.key}-persons.csv`);
      writeFileSync(input, stringify([list.header, ...list.rows]));
      const { code, err } = await runCli(['link', input, '--out', out, '--json']);
      // a refusal with the default settings is a failure here, as in the bench: a new user has no flags
      expect(code, err).toBe(0);
      const [header, ...rows] = parse(readFileSync(out)) as string[][];
      expect(rows.map((r) => r[0])).toEqual(list.rows.map((r) => r[0]));
      const person = header.indexOf('person_id');
      const scores = pairwiseScores(
        rows.map((r) => Number(r[person].slice(1))),
        list.truth,
      );
      expect(scores.f1).toBeGreaterThanOrEqual(FLOORS[g.key]);
    });
  }
});
