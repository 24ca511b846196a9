/**
 * The justice module's records as Reckon imports, stores and exports them (issue 21). Ids are text and the file's
 * own, so a framework or a set of incidents moved between instances keeps its ids. Everything here is data: a
 * characterisation is always somebody's (an allegation with its proponent and sources), never Reckon's.
 */
import type { VerificationLevel } from '../registry/types.ts';

export const crimeCategories = ['genocide', 'crime-against-humanity', 'war-crime', 'other'] as const;
export type CrimeCategory = (typeof crimeCategories)[number];

/** How the ICC Elements of Crimes splits an element; 'contextual' holds the chapeau's circumstances. */
export const elementKinds = ['conduct', 'consequence', 'circumstance', 'contextual', 'mental'] as const;
export type ElementKind = (typeof elementKinds)[number];

export const dateKinds = ['exact', 'partial', 'range', 'unknown'] as const;
export type DateKind = (typeof dateKinds)[number];

/** The reported degree of involvement of a perpetrator in an act (after HURIDOCS' "degree of involvement"). */
export const involvements = ['direct', 'ordered', 'commanded', 'aided', 'present', 'failed-to-prevent', 'unknown'] as const;
export type Involvement = (typeof involvements)[number];

export const actTypes = ['killing', 'injury', 'detention', 'torture', 'disappearance', 'displacement', 'attack', 'destruction', 'other'] as const;
export type ActType = (typeof actTypes)[number];

/**
 * What a proponent says the incident was. The first four name a crime category (a crime of the framework may be
 * named with them); the others are characterisations that no crime is attributable or that the act was lawful.
 */
export const characterisations = [
  'genocide',
  'crime-against-humanity',
  'war-crime',
  'other-crime',
  'lawful-act-of-war',
  'not-attributable',
  'other',
] as const;
export type Characterisation = (typeof characterisations)[number];

/** Characterisations that allege a crime; only these may name a crime, a mode of liability and elements. */
export const criminalCharacterisations: readonly Characterisation[] = ['genocide', 'crime-against-humanity', 'war-crime', 'other-crime'];

export interface Framework {
  id: string;
  name: string;
  /** The instrument, e.g. "Rome Statute of the International Criminal Court (1998)". */
  instrument: string;
  jurisdiction: string | null;
  /** Where the structure of the elements comes from, e.g. "ICC, Elements of Crimes (2013)". */
  summarySource: string | null;
  language: string | null;
}

export interface Crime {
  id: string;
  frameworkId: string;
  /** A group (e.g. Art. 7's chapeau) whose elements every crime under it also needs. */
  parentId: string | null;
  category: CrimeCategory;
  /** Article and paragraph reference, e.g. "7(1)(a)". */
  article: string;
  title: string;
  /** Only the short quoted terms of the article, e.g. "murder". */
  quotedTerms: string | null;
  /** The project's own summary, not the article's text. */
  summary: string;
  position: number;
}

export interface LiabilityMode {
  id: string;
  frameworkId: string;
  article: string;
  title: string;
  quotedTerms: string | null;
  summary: string;
  position: number;
}

export interface Element {
  id: string;
  /** Exactly one of crimeId and modeId. */
  crimeId: string | null;
  modeId: string | null;
  /** The element's number as the source numbers it (e.g. element 3 of Art. 7(1)(a)). */
  number: number;
  kind: ElementKind;
  summary: string;
  quotedTerms: string | null;
  citation: string;
}

/** One framework file set: a framework with its crimes, modes and elements (several frameworks may share a file). */
export interface FrameworkDataset {
  frameworks: Framework[];
  crimes: Crime[];
  modes: LiabilityMode[];
  elements: Element[];
}

export interface IncidentDate {
  kind: DateKind;
  /** YYYY, YYYY-MM or YYYY-MM-DD; null only when the kind is 'unknown'. */
  start: string | null;
  /** Only for a range; never before start. */
  end: string | null;
}

export interface Incident {
  id: string;
  title: string;
  description: string | null;
  date: IncidentDate;
  placeName: string | null;
  placeCountry: string | null;
  latitude: number | null;
  longitude: number | null;
  /** Registry events (registry_events.id) the incident belongs to. */
  eventIds: string[];
}

export interface Act {
  id: string;
  incidentId: string;
  actType: ActType;
  description: string;
  date: string | null;
  /** A casualty record (casualty_records.id) of the victim, when the victim is on a list. */
  victimRecordId: string | null;
  victimDescription: string | null;
  perpetratorActorId: string | null;
  /** A unit of the chain-of-command tables; filled by the command part of the module. */
  perpetratorUnitId: string | null;
  perpetratorDescription: string | null;
  involvement: Involvement;
  sourceId: string;
  pinpoint: string | null;
  verification: VerificationLevel;
}

export interface AllegationSource {
  sourceId: string;
  pinpoint: string | null;
}

/**
 * "Proponent A characterises incident X as C (crime K), by perpetrator P, under mode M": a claim with its sources
 * and verification level. Competing allegations about one incident are shown side by side.
 */
export interface Allegation {
  id: string;
  incidentId: string;
  proponentId: string;
  characterisation: Characterisation;
  crimeId: string | null;
  modeId: string | null;
  perpetratorActorId: string | null;
  perpetratorUnitId: string | null;
  perpetratorDescription: string | null;
  /** What the proponent says, in its words or a close summary; shown with the proponent's name, never alone. */
  statement: string;
  language: string | null;
  date: string | null;
  verification: VerificationLevel;
  notes: string | null;
  sources: AllegationSource[];
  /** The elements (of the crime, its parents and the mode) the allegation relies on. */
  elementIds: string[];
}

export interface CasesDataset {
  incidents: Incident[];
  acts: Act[];
  allegations: Allegation[];
}

export type Severity = 'error' | 'warning';

export interface Problem {
  severity: Severity;
  code: string;
  file: string;
  line?: number;
  field?: string;
  message: string;
}
