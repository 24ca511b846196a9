/**
 * Converts the cited Khojaly 1992 case data (shared/data/cases/khojaly-1992: sources.csv, claims.csv,
 * recognition.csv) into Reckon's import format, in this folder.
 *
 *   node --import tsx examples/khojaly-1992/convert.ts [path/to/shared/data/cases/khojaly-1992]
 *
 * What the conversion does, and all it does:
 * - Reading: CSV with relaxed quotes (see `read`); every cell kept as written.
 * - sources.csv: copied field for field; no archive copies are linked yet.
 * - actors.csv: one actor per distinct "asserted_by" of a claim and per recognising body. The name is the data's
 *   own wording; a parenthetical that qualifies the attribution ("as summarised", "attributing to the ECHR") moves to
 *   the claim's attribution_note, and one that gives a person's office moves to the actor's description. Type,
 *   classification and country come from the table ACTORS below, and only where the data's wording says it
 *   (a "Government of Azerbaijan" is in AZ); bodies take the act's jurisdiction. No Wikidata ids are added.
 * - events.csv: the one event the case is about, as its README names it.
 * - claims.csv: every claim, statement and verification level exactly as given; the value is kept verbatim in
 *   "value" and, for numbers, also structured in "figures" (table FIGURES below; the verbatim text is checked so a
 *   changed source row stops the conversion). All claims are published and linked to the event.
 * - recognition.csv: every act as given, of kind `recognition` (the data's only kind of act); "term" verbatim, "terms" the normalised terms found in it, in order
 *   (keyword matching, see TERM_WORDS); "notes" as given.
 * Nothing is added that the data does not say; no claim is corrected.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { parseRegistryFiles, toCsvFiles, type Actor, type Claim, type Figure, type RecognitionAct, type RecognitionTerm, type RegistryDataset, type Source } from '../../src/core/registry/index.ts';

const here = dirname(fileURLToPath(import.meta.url));
const input = resolve(process.argv[2] ?? join(here, '..', '..', '..', 'shared', 'data', 'cases', 'khojaly-1992'));

// relax_quotes: claims.csv C08 is a quoted quotation followed by "(para. 76)" in the same cell, which strict CSV
// refuses; relaxed, the cell reads as the data means it, quotation marks included.
const read = (file: string) =>
  parse(readFileSync(join(input, file), 'utf8'), { columns: true, bom: true, relax_quotes: true }) as Record<string, string>[];
const orNull = (s: string | undefined) => (s && s.trim() ? s.trim() : null);

const EVENT_ID = 'E01';

/** How each asserting party of claims.csv becomes an actor (id, name, kind) and what qualifies the attribution. */
const ACTORS: Record<string, { id: string; actor: Omit<Actor, 'id'>; note?: string }> = {
  'Government of Azerbaijan': { id: 'A01', actor: org('Government of Azerbaijan', 'government', 'AZ') },
  'Human Rights Watch / Helsinki Watch': { id: 'A02', actor: org('Human Rights Watch / Helsinki Watch', 'ngo') },
  'Memorial Human Rights Centre': { id: 'A03', actor: org('Memorial Human Rights Centre', 'ngo') },
  'Thomas de Waal': { id: 'A04', actor: person('Thomas de Waal', 'academic') },
  'European Court of Human Rights': { id: 'A05', actor: org('European Court of Human Rights', 'court') },
  'Khojaly: Recognize to Reconcile coalition': { id: 'A06', actor: org('Khojaly: Recognize to Reconcile coalition', 'coalition') },
  'Khojaly: Recognize to Reconcile coalition (attributing to the ECHR)': {
    id: 'A06',
    actor: org('Khojaly: Recognize to Reconcile coalition', 'coalition'),
    note: 'attributing to the ECHR',
  },
  'Ministry of Foreign Affairs of Armenia': { id: 'A07', actor: org('Ministry of Foreign Affairs of Armenia', 'ministry', 'AM') },
  'Human Rights Watch': { id: 'A08', actor: org('Human Rights Watch', 'ngo') },
  'Edward Nalbandian (Foreign Minister of Armenia)': {
    id: 'A09',
    actor: person('Edward Nalbandian', 'official', 'AM', 'Foreign Minister of Armenia'),
  },
  'Armenian and Nagorno-Karabakh officials (as summarised)': {
    id: 'A10',
    actor: { ...org('Armenian and Nagorno-Karabakh officials', 'group') },
    note: 'as summarised',
  },
  'Nasimi Aghayev (Ambassador of Azerbaijan to Germany)': {
    id: 'A11',
    actor: person('Nasimi Aghayev', 'official', 'AZ', 'Ambassador of Azerbaijan to Germany'),
  },
};

function org(name: string, classification: Actor['classification'], country: string | null = null): Omit<Actor, 'id'> {
  return { name, type: 'organization', classification, country, subdivision: null, wikidata: null, parentId: null, description: null };
}
function person(name: string, classification: Actor['classification'], country: string | null = null, description: string | null = null): Omit<Actor, 'id'> {
  return { name, type: 'person', classification, country, subdivision: null, wikidata: null, parentId: null, description };
}

/** The structured reading of each numeric value; the key's text must equal the data's "value" cell. */
const FIGURES: Record<string, { text: string; figures: Figure[] }> = {
  C01: {
    text: '613 (incl. 106 women; 63 children; 70 elderly)',
    figures: [
      {
        label: 'civilians killed',
        value: 613,
        breakdown: { mode: 'partial', parts: [{ label: 'women', value: 106 }, { label: 'children', value: 63 }, { label: 'elderly', value: 70 }] },
      },
    ],
  },
  C02: { text: '487', figures: [{ label: 'injured or disabled', value: 487 }] },
  C03: { text: '1275 hostage; 150 missing', figures: [{ label: 'taken hostage', value: 1275 }, { label: 'missing', value: 150 }] },
  C04: { text: 'at least 161', figures: [{ label: 'civilians known to have been murdered', value: 161, qualifier: 'at-least' }] },
  C05: {
    text: 'more than 200; as many as 500-1000 may have died',
    figures: [
      { label: 'deaths', value: 200, qualifier: 'more-than' },
      { label: 'may have died', min: 500, max: 1000 },
    ],
  },
  C06: {
    text: 'about 200 brought; 181 examined (130 male; 51 female incl. 13 children)',
    figures: [
      { label: 'bodies brought to Agdam', value: 200, qualifier: 'about' },
      {
        label: 'bodies examined',
        value: 181,
        breakdown: {
          mode: 'complete',
          parts: [
            { label: 'male', value: 130 },
            { label: 'female', value: 51, breakdown: { mode: 'partial', parts: [{ label: 'children', value: 13 }] } },
          ],
        },
      },
    ],
  },
  C07: { text: 'more than 400', figures: [{ label: 'people killed', value: 400, qualifier: 'more-than' }] },
  C10: { text: '17', figures: [{ label: 'countries', value: 17 }] },
};

const TERM_WORDS: [RegExp, RecognitionTerm][] = [
  [/genocide/i, 'genocide'],
  [/crimes? against humanity/i, 'crime-against-humanity'],
  [/war crimes?/i, 'war-crime'],
  [/massacre/i, 'massacre'],
  [/tragedy/i, 'tragedy'],
  [/condemnation/i, 'condemnation'],
];

function termsOf(term: string): RecognitionTerm[] {
  return TERM_WORDS.map(([pattern, name]) => ({ name, at: term.search(pattern) }))
    .filter((t) => t.at >= 0)
    .sort((a, b) => a.at - b.at)
    .map((t) => t.name);
}

const CLASSIFICATION_OF_LEVEL: Record<string, Actor['classification']> = {
  'national-legislature': 'legislature',
  'sub-national': 'sub-national-body',
  'international-organisation': 'international-organisation',
};

function convert(): RegistryDataset {
  const sources: Source[] = read('sources.csv').map((r) => ({
    id: r.id,
    publisher: r.publisher,
    title: r.title,
    date: orNull(r.date),
    address: orNull(r.address),
    kind: r.kind as Source['kind'],
    language: orNull(r.language),
    archiveItemId: null,
  }));

  const actors = new Map<string, Actor>();
  const claims: Claim[] = read('claims.csv').map((r) => {
    const who = ACTORS[r.asserted_by];
    if (!who) throw new Error(`claims.csv ${r.id}: no actor mapping for "${r.asserted_by}"; add it to ACTORS`);
    actors.set(who.id, { id: who.id, ...who.actor });
    const structured = FIGURES[r.id];
    if (structured && structured.text !== r.value) throw new Error(`claims.csv ${r.id}: value changed to "${r.value}"; update FIGURES`);
    if (!structured && /\d/.test(r.value)) throw new Error(`claims.csv ${r.id}: numeric value "${r.value}" has no FIGURES entry`);
    return {
      id: r.id,
      kind: r.kind as Claim['kind'],
      assertedBy: who.id,
      attributionNote: who.note ?? null,
      eventId: EVENT_ID,
      statement: r.statement,
      language: 'en',
      translations: [],
      valueText: orNull(r.value),
      figures: structured?.figures ?? [],
      date: orNull(r.date),
      sources: r.sources.split(';').map((s) => s.trim()).filter(Boolean),
      verification: r.verification as Claim['verification'],
      contests: r.contests.split(';').map((s) => s.trim()).filter(Boolean),
      notes: null,
      published: true,
    };
  });

  const acts: RecognitionAct[] = read('recognition.csv').map((r, i) => {
    const bodyId = `B${String(i + 1).padStart(2, '0')}`;
    const jurisdiction = orNull(r.jurisdiction);
    const subdivision = jurisdiction && jurisdiction.includes('-') ? jurisdiction : null;
    actors.set(bodyId, {
      id: bodyId,
      ...org(r.body, CLASSIFICATION_OF_LEVEL[r.level] ?? 'other', jurisdiction ? jurisdiction.slice(0, 2) : null),
      subdivision,
    });
    const term = orNull(r.term);
    return {
      id: r.id,
      // Every act in the case data is reported as an act of recognition; it names no other kind.
      kind: 'recognition',
      bodyId,
      eventId: EVENT_ID,
      jurisdiction,
      level: r.level as RecognitionAct['level'],
      date: orNull(r.date),
      term,
      terms: term ? termsOf(term) : [],
      instrument: null,
      documentSourceId: null,
      courtId: null,
      roles: [],
      sources: r.sources.split(';').map((s) => s.trim()).filter(Boolean),
      verification: r.verification as RecognitionAct['verification'],
      notes: orNull(r.notes),
      published: true,
    };
  });

  return {
    sources,
    actors: [...actors.values()],
    events: [{ id: EVENT_ID, name: 'Khojaly, 25–26 February 1992', startDate: '1992-02-25', endDate: '1992-02-26', place: 'Khojaly', description: null }],
    claims,
    recognitionActs: acts,
  };
}

const files = toCsvFiles(convert());
const check = parseRegistryFiles(files);
for (const p of check.problems) console.error(`${p.severity}: ${p.file}${p.line ? `:${p.line}` : ''}${p.field ? ` ${p.field}` : ''}: ${p.message}`);
if (!check.ok) process.exit(1);
for (const [name, text] of Object.entries(files)) writeFileSync(join(here, name), text);
console.log(`wrote ${Object.keys(files).join(', ')} to ${here}`);
