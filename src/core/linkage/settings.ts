import { z } from 'zod';
import { parsePartialDate } from './dates.ts';

/**
 * Everything a linkage run depends on, serialisable as JSON so that a run can be repeated and a reviewer can see
 * exactly which columns were compared how. Fields are derived from input columns; comparisons and blocking rules
 * refer to fields by name.
 */

export const fieldSchema = z.object({
  name: z.string().min(1).regex(/^[A-Za-z0-9_]+$/, 'field names use letters, digits and _'),
  column: z.string().min(1),
  /**
   * name: romanised and folded; text: trimmed, lower case, no diacritics; date: parsed to year, month, day;
   * patronymic: a column holding a patronymic alone (Famil oğlu, Фамиль оглы, Натигович) or the father's given
   * name, kept as the father's name; age: age at death in years (46, 40-45, 46 лет, 46 yaş), turned into a range of
   * birth years with the record's death date or the run's `referenceDate`.
   */
  type: z.enum(['name', 'text', 'date', 'patronymic', 'age']),
  /** For a column holding whole names: which part of the parsed name this field takes. */
  part: z.enum(['given', 'family', 'patronymic', 'full']).optional(),
  /** How to read Latin names without Azerbaijani letters; see names/normalise.ts. */
  latin: z.enum(['auto', 'azerbaijani', 'generic']).optional(),
  /** Assumed order of whole names when nothing in the name shows it. */
  order: z.enum(['given-first', 'family-first']).optional(),
  /** Date fields: the order of day, month and year in the column (auto: day first unless the values show otherwise). */
  format: z.enum(['dmy', 'mdy', 'ymd', 'auto']).optional(),
  /** Age fields: the date field holding the date of death the age was reached at (default: a date field named death). */
  deathField: z.string().optional(),
  /** Age fields: the date field holding the birth date, compared with the other record's age (default: birth). */
  birthField: z.string().optional(),
  /**
   * Age fields: a text field (the list each row comes from) whose value names the year of the row's event when no
   * date gives it: "Census 1851", "Population 1860" date the ages of their rows.
   */
  eventYearField: z.string().optional(),
});
export type FieldSpec = z.infer<typeof fieldSchema>;

export const comparisonSchema = z.object({
  field: z.string().min(1),
  /**
   * name: exact, Jaro-Winkler levels, phonetic key; text: exact and Jaro-Winkler levels; exact: exact only;
   * distance: exact and Damerau-Levenshtein ≤ each of `distances`; date: exact, one-typo, year-month, year,
   * ±1 year, ±5 years; age: birth-year ranges from ages (or a birth date) overlap, within 1 year, within 3 years;
   * source: the list a record comes from, "different lists" above "same list" (a list seldom names one person twice).
   */
  kind: z.enum(['name', 'text', 'exact', 'distance', 'date', 'age', 'source']),
  thresholds: z.array(z.number().gt(0).lt(1)).max(4).optional(),
  distances: z.array(z.number().int().min(1).max(5)).max(3).optional(),
  phonetic: z.boolean().optional(),
  /** Term-frequency adjustment of the exact level (rare names count more than common ones). */
  tf: z.boolean().optional(),
  /** Another name field: the pair is compared in whichever order (this↔that or swapped) agrees better. */
  swapWith: z.string().optional(),
  /**
   * Evidence that people of one family or village share (a place of birth or residence): EM finds the match class
   * on the other comparisons first and fits this one after, since relatives agree on it as often as duplicates do.
   */
  shared: z.boolean().optional(),
  /**
   * Name comparisons: two names of several words that share a word and each have a word the other lacks (a
   * patronymic with two farm names, two fathers of one given name) get a level of their own below every agreement
   * level, whatever their Jaro-Winkler (see compare.ts, `wordsConflict`).
   */
  words: z.boolean().optional(),
});
export type ComparisonSpec = z.infer<typeof comparisonSchema>;

/** A blocking key part: `field`, `field:transform`, or `a|b:transform` for the unordered pair of two fields. */
export const keyPartSchema = z
  .string()
  .regex(/^[A-Za-z0-9_]+(\|[A-Za-z0-9_]+)?(:(exact|phonetic|stem|initial|abbrev|prefix3|first|last|year|yearmonth|decade))?$/, 'bad blocking key');

export const linkSettingsSchema = z.object({
  idColumn: z.string().min(1).optional(),
  fields: z.array(fieldSchema).min(1),
  comparisons: z.array(comparisonSchema).min(1).max(16),
  /** Candidate pairs are the union of the rules; each rule is the list of key parts that must all agree. */
  blocking: z.array(z.array(keyPartSchema).min(1)).min(1).max(16),
  /** Match probability at or above which a pair joins two records into one person. */
  threshold: z.number().gt(0).lt(1).default(0.9),
  /**
   * careful: links taken strongest first, and a merge refused when it would put two records with a confident
   * non-match in one person (see cluster.ts); connected: connected components; strict: a merge also needs the
   * average of the scored links between the two groups above the threshold.
   */
  clustering: z.enum(['careful', 'connected', 'strict']).default('careful'),
  /**
   * The date the ages of the list refer to when a record has no date of death (the year or day of the event,
   * e.g. 1992 or 1992-02-26).
   */
  referenceDate: z.string().max(40).optional(),
  /** Blocks with more records than this are skipped with a warning (n² pairs). */
  maxBlockSize: z.number().int().min(2).default(2000),
  /**
   * Most candidate pairs the blocking rules may make together (counted before pairs found by several rules are
   * removed): the blocks of all rules are taken smallest first, and those over the size at which the budget runs
   * out are skipped with a warning (block purging). Unset: no budget. `defaultSettings` sets it past 200,000 records.
   */
  maxCandidatePairs: z.number().int().min(1).optional(),
  /** Random record pairs drawn to estimate u. */
  uSamplePairs: z.number().int().min(1000).default(500_000),
  /** Candidate pairs used by EM (sampled when there are more). */
  emMaxPairs: z.number().int().min(1000).default(2_000_000),
  emMaxIterations: z.number().int().min(1).max(1000).default(50),
  seed: z.number().int().default(1),
});
export type LinkSettings = z.infer<typeof linkSettingsSchema>;
export type LinkSettingsInput = z.input<typeof linkSettingsSchema>;

export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'SettingsError';
  }
}

/** Validates settings and their cross-references against the input columns; every problem is listed. */
export function parseSettings(raw: unknown, columns?: readonly string[]): LinkSettings {
  const parsed = linkSettingsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new SettingsError(parsed.error.issues.map((i) => `settings.${i.path.join('.')}: ${i.message}`));
  }
  const settings = parsed.data;
  const problems: string[] = [];
  const fields = new Map<string, FieldSpec>();
  settings.fields.forEach((f, i) => {
    if (fields.has(f.name)) problems.push(`settings.fields.${i}.name: field "${f.name}" is defined twice`);
    fields.set(f.name, f);
    if (columns && !columns.includes(f.column)) {
      problems.push(`settings.fields.${i}.column: column "${f.column}" is not in the input (columns: ${columns.join(', ')})`);
    }
    if (f.part && f.type !== 'name') problems.push(`settings.fields.${i}.part: only name fields have parts`);
    if (f.format && f.type !== 'date') problems.push(`settings.fields.${i}.format: only date fields have a format`);
    if ((f.deathField || f.birthField || f.eventYearField) && f.type !== 'age') problems.push(`settings.fields.${i}: only age fields name a death, birth or event-year field`);
  });
  settings.fields.forEach((f, i) => {
    if (f.eventYearField !== undefined && !fields.has(f.eventYearField)) problems.push(`settings.fields.${i}.eventYearField: no field "${f.eventYearField}"`);
    for (const key of ['deathField', 'birthField'] as const) {
      const ref = f[key];
      if (ref !== undefined && fields.get(ref)?.type !== 'date') problems.push(`settings.fields.${i}.${key}: "${ref}" is not a date field`);
    }
  });
  if (settings.referenceDate !== undefined) {
    const reference = parsePartialDate(settings.referenceDate);
    if (!reference.ok || !reference.date) problems.push(`settings.referenceDate: "${settings.referenceDate.slice(0, 40)}" is not a date or a year`);
  }
  if (settings.idColumn && columns && !columns.includes(settings.idColumn)) {
    problems.push(`settings.idColumn: column "${settings.idColumn}" is not in the input`);
  }
  settings.comparisons.forEach((c, i) => {
    const f = fields.get(c.field);
    if (!f) {
      problems.push(`settings.comparisons.${i}.field: no field named "${c.field}"`);
      return;
    }
    if (c.kind === 'date' && f.type !== 'date') problems.push(`settings.comparisons.${i}.kind: date comparison on non-date field "${c.field}"`);
    if ((c.kind === 'age') !== (f.type === 'age')) problems.push(`settings.comparisons.${i}.kind: age fields take the age comparison, and only they`);
    if (c.kind === 'source' && f.type !== 'text') problems.push(`settings.comparisons.${i}.kind: a source comparison reads a text field, not "${c.field}"`);
    if (c.kind !== 'date' && f.type === 'date' && c.kind !== 'exact') {
      problems.push(`settings.comparisons.${i}.kind: ${c.kind} comparison on date field "${c.field}"`);
    }
    if (c.swapWith) {
      const other = fields.get(c.swapWith);
      if (!other || other.type !== 'name') problems.push(`settings.comparisons.${i}.swapWith: "${c.swapWith}" is not a name field`);
    }
    if (c.words && c.kind !== 'name') problems.push(`settings.comparisons.${i}.words: only name comparisons compare word by word`);
    if (c.thresholds && [...c.thresholds].sort((a, b) => b - a).join() !== c.thresholds.join()) {
      problems.push(`settings.comparisons.${i}.thresholds: list them from highest to lowest`);
    }
  });
  const seen = new Set<string>();
  settings.comparisons.forEach((c, i) => {
    if (seen.has(c.field)) problems.push(`settings.comparisons.${i}.field: "${c.field}" is compared twice`);
    seen.add(c.field);
  });
  settings.blocking.forEach((rule, r) =>
    rule.forEach((part, k) => {
      const names = part.split(':')[0].split('|');
      for (const name of names) {
        if (!fields.has(name)) problems.push(`settings.blocking.${r}.${k}: no field named "${name}"`);
        else if (fields.get(name)!.type === 'age' && (names.length > 1 || !/:(year|decade)$/.test(part))) {
          problems.push(`settings.blocking.${r}.${k}: "${name}" is an age field; it keys only as ${name}:year or ${name}:decade (the middle of its birth-year range)`);
        }
      }
    }),
  );
  if (problems.length > 0) throw new SettingsError(problems);
  return settings;
}
