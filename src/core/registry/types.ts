/**
 * The registry's records as Reckon imports, stores and exports them. Ids are the dataset's own (e.g. "S01"), so an
 * export imported into an empty instance reproduces the same records.
 */

export const sourceKinds = ['news', 'government', 'ngo-report', 'court-judgment', 'academic', 'advocacy', 'other'] as const;
export type SourceKind = (typeof sourceKinds)[number];

/** Popolo distinguishes persons from organisations; the classification says what kind of organisation. */
export const actorTypes = ['person', 'organization'] as const;
export type ActorType = (typeof actorTypes)[number];

export const actorClassifications = [
  'state',
  'government',
  'ministry',
  'legislature',
  'chamber',
  'committee',
  'sub-national-body',
  'court',
  'international-organisation',
  'ngo',
  'coalition',
  'academic',
  'media',
  'official',
  'group',
  'other',
] as const;
export type ActorClassification = (typeof actorClassifications)[number];

export const claimKinds = ['casualty-figure', 'recognition-act', 'court-finding', 'position', 'statement'] as const;
export type ClaimKind = (typeof claimKinds)[number];

/** The verification scale of the example case, kept exactly as the data gives it. */
export const verificationLevels = ['primary-seen', 'reported', 'not-verified'] as const;
export type VerificationLevel = (typeof verificationLevels)[number];

export const recognitionLevels = [
  'national-legislature',
  'national-executive',
  'sub-national',
  'international-organisation',
  'court',
  'other',
] as const;
export type RecognitionLevel = (typeof recognitionLevels)[number];

/** Normalised terms, for filtering and colouring; the act's own wording is kept verbatim beside them. */
export const recognitionTerms = ['genocide', 'crime-against-humanity', 'war-crime', 'massacre', 'tragedy', 'condemnation', 'other'] as const;
export type RecognitionTerm = (typeof recognitionTerms)[number];

/**
 * Acts of acknowledgment, of every kind the sources report: recognition (the registry's first kind), apology,
 * commemoration (memorial days, monuments), reparation, the steps of a prosecution, and denial, relativisation or
 * justification. The kind is what the act's source reports it to be; Reckon does not classify acts itself.
 */
export const acknowledgmentKinds = [
  'recognition',
  'apology',
  'commemoration',
  'reparation',
  'investigation-opened',
  'indictment',
  'trial',
  'verdict',
  'denial',
  'relativisation',
  'justification',
] as const;
export type AcknowledgmentKind = (typeof acknowledgmentKinds)[number];

/** The kinds grouped for legends and filters; every kind is in exactly one group. */
export const acknowledgmentGroups = {
  recognition: ['recognition'],
  apology: ['apology'],
  commemoration: ['commemoration'],
  reparation: ['reparation'],
  prosecution: ['investigation-opened', 'indictment', 'trial', 'verdict'],
  denial: ['denial', 'relativisation', 'justification'],
} as const satisfies Record<string, readonly AcknowledgmentKind[]>;
export type AcknowledgmentGroup = keyof typeof acknowledgmentGroups;

export function acknowledgmentGroupOf(kind: AcknowledgmentKind): AcknowledgmentGroup {
  for (const [group, kinds] of Object.entries(acknowledgmentGroups)) if ((kinds as readonly string[]).includes(kind)) return group as AcknowledgmentGroup;
  return 'recognition';
}

/** The prosecution steps, which may name the court and persons' roles (accused, judge, prosecutor…, as reported). */
export const prosecutionKinds: readonly AcknowledgmentKind[] = acknowledgmentGroups.prosecution;

/** A person's role in a prosecution step, as the source words it ("accused", "presiding judge"). */
export interface ActRole {
  actorId: string;
  role: string;
}

export const figureQualifiers = ['exact', 'about', 'at-least', 'more-than', 'at-most', 'up-to'] as const;
export type FigureQualifier = (typeof figureQualifiers)[number];

/**
 * A number as a claim states it: a value with a qualifier ("at least 161"), or a range ("500-1000"), optionally
 * broken down. A complete breakdown should add up to the figure; a partial one ("incl.") should not exceed it.
 */
export interface Figure {
  label?: string;
  value?: number;
  qualifier?: FigureQualifier;
  min?: number;
  max?: number;
  unit?: string;
  breakdown?: { mode: 'complete' | 'partial'; parts: Figure[] };
}

export interface Source {
  id: string;
  publisher: string;
  title: string;
  date: string | null;
  address: string | null;
  kind: SourceKind;
  language: string | null;
  /** An archive item id (the archive module's); text, no foreign key yet. */
  archiveItemId: string | null;
}

export interface Actor {
  id: string;
  name: string;
  type: ActorType;
  classification: ActorClassification;
  country: string | null;
  subdivision: string | null;
  wikidata: string | null;
  parentId: string | null;
  description: string | null;
}

export interface RegistryEvent {
  id: string;
  name: string;
  startDate: string | null;
  endDate: string | null;
  place: string | null;
  description: string | null;
}

export interface Translation {
  language: string;
  text: string;
}

export interface Claim {
  id: string;
  kind: ClaimKind;
  assertedBy: string;
  /** How the source attributes it, when that qualifies the actor ("as summarised", "attributing to the ECHR"). */
  attributionNote: string | null;
  eventId: string | null;
  statement: string;
  language: string | null;
  translations: Translation[];
  /** The value exactly as the source words it. */
  valueText: string | null;
  figures: Figure[];
  date: string | null;
  sources: string[];
  verification: VerificationLevel;
  contests: string[];
  notes: string | null;
  published: boolean;
}

/** An act of acknowledgment (named RecognitionAct because recognition was its first kind). */
export interface RecognitionAct {
  id: string;
  /** What the act's source reports it to be (default `recognition`, so files written before kinds existed import). */
  kind: AcknowledgmentKind;
  /** The state or non-state actor whose act it is. */
  bodyId: string;
  eventId: string | null;
  /** ISO 3166-1 alpha-2 or an ISO 3166-2 subdivision; null for international organisations. */
  jurisdiction: string | null;
  level: RecognitionLevel;
  date: string | null;
  /** The term as reported, verbatim. */
  term: string | null;
  terms: RecognitionTerm[];
  instrument: string | null;
  documentSourceId: string | null;
  /** For prosecution steps: the court (an actor) and persons' roles; empty for other kinds. */
  courtId: string | null;
  roles: ActRole[];
  sources: string[];
  verification: VerificationLevel;
  notes: string | null;
  published: boolean;
}

export interface RegistryDataset {
  sources: Source[];
  actors: Actor[];
  events: RegistryEvent[];
  claims: Claim[];
  recognitionActs: RecognitionAct[];
}

export type Severity = 'error' | 'warning';

/** One problem in an import: where (file and line, or field path in JSON), what, and whether it blocks the import. */
export interface Problem {
  severity: Severity;
  code: string;
  file: string;
  line?: number;
  field?: string;
  message: string;
}

export const emptyDataset = (): RegistryDataset => ({ sources: [], actors: [], events: [], claims: [], recognitionActs: [] });
