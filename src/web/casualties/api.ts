import type { ExplanationTerm, PairExplanation as Explanation } from '../../core/linkage/score.ts';
import { request } from '../api/client.ts';
import type { ColumnMapping } from './mapping.ts';

/**
 * Types of the casualties API (src/server/casualties/schemas.ts and routes.ts), as the web pages read them. The web
 * app does not import server code, so these are written after the server's zod schemas and must follow them; the
 * routes, roles and error codes are in the API table of docs/casualties.md.
 */
export interface Source {
  id: string;
  name: string;
  compiledBy: string | null;
  compiledAt: string | null;
  method: string | null;
  archiveItemId: string | null;
  columnMapping: Record<string, unknown>;
  records: number;
}

export interface NewSource {
  name: string;
  compiledBy?: string | null;
  compiledAt?: string | null;
  method?: string | null;
  archiveItemId?: string | null;
}

/** One thing wrong with a refused import (`import_rejected`, details.problems). */
export interface ImportProblem {
  line: number | null;
  field?: string;
  column?: string;
  value?: string;
  expected?: string;
  code: string;
  message: string;
}

/** Something the importer did that the person importing should know (dates read in an assumed order, rows without a name). */
export interface ImportWarning {
  code: string;
  column?: string;
  field?: string;
  count: number;
  lines: number[];
  message: string;
}

/** What a refused import says beside its problems: how many rows are bad and how many could be imported alone. */
export interface ImportRefusal {
  problems: ImportProblem[];
  problemCount: number;
  /** null when the file as a whole cannot be imported */
  rejectedRows: number | null;
  goodRows: number;
  warnings: ImportWarning[];
}

export type ImportMode = 'all_or_nothing' | 'good_rows';

export interface ImportResult {
  imported: number;
  encoding: string;
  sha256: string;
  rejected: number;
  /** The rejected rows with the reason per row, as CSV (good_rows mode). */
  rejectedCsv: string | null;
  warnings: ImportWarning[];
}

export type Sex = 'female' | 'male' | 'unknown';
export type Status = 'civilian' | 'combatant' | 'unknown';
export type RunState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
export type Decision = 'match' | 'non_match';

/** One version of one record of a list. */
export interface CasualtyRecord {
  id: string;
  sourceId: string;
  sourceRecordId: string;
  version: number;
  supersedes: string | null;
  current: boolean;
  /** Whole names as written; may be empty when the list gives the name in parts. */
  names: string[];
  familyName: string | null;
  givenName: string | null;
  patronymic: string | null;
  sex: Sex | null;
  age: number | null;
  birthDate: string | null;
  deathDate: string | null;
  place: string | null;
  status: Status;
  type: string | null;
  cause: string | null;
  perpetratorReported: string | null;
  notes: string | null;
  line: number | null;
  /** Why this version corrects the previous one (null for version 1). */
  correctionReason: string | null;
  createdBy: string | null;
  createdAt: string;
}

export interface Paged {
  total: number;
  limit: number;
  offset: number;
}

export interface RecordDetail {
  record: CasualtyRecord;
  source: { id: string; name: string };
  versions: CasualtyRecord[];
  raw: Record<string, string> | null;
}

export interface CorrectionChanges {
  names?: string[];
  sex?: Sex | null;
  age?: number | null;
  birthDate?: string | null;
  deathDate?: string | null;
  place?: string | null;
  status?: Status;
  type?: string | null;
  cause?: string | null;
  perpetratorReported?: string | null;
  notes?: string | null;
}

export interface RunSource {
  id: string;
  name: string;
}

export interface Run {
  id: string;
  /** In capture-history order: bit i of a capture history is sources[i]. */
  sources: RunSource[];
  state: RunState;
  progress: number;
  progressLabel: string | null;
  error: string | null;
  counts: Record<string, number>;
  jobId: string | null;
  createdBy: string | null;
  createdAt: string;
  finishedAt: string | null;
  /** When a cancellation was asked for; a running run shows it until it stops. */
  cancelRequestedAt: string | null;
  cancelledBy: string | null;
}

export interface RunDetail extends Run {
  settings: Record<string, unknown>;
  model: Record<string, unknown> | null;
  warnings: string[];
}

export interface RunSettings {
  threshold?: number;
  clustering?: 'connected' | 'strict';
  reviewFloor?: number;
  seed?: number;
}

// The engine's own types (type-only: nothing of the engine enters the bundle), so the page cannot drift from what the
// server sends.
export type { Explanation, ExplanationTerm };

export interface DecisionView {
  id: string;
  recordA: string;
  recordB: string;
  decision: Decision;
  note: string | null;
  reviewerId: string;
  reviewer: string | null;
  at: string;
  current: boolean;
}

export interface ReviewPair {
  recordA: CasualtyRecord;
  recordB: CasualtyRecord;
  probability: number;
  weight: number;
  explanation: Explanation;
  /** Record fields whose values differ (names compared in the romanised form). */
  differences: string[];
  decision: DecisionView | null;
}

export interface ReviewPage {
  pairs: ReviewPair[];
  total: number;
  undecided: number;
  band: { min: number; max: number };
  limit: number;
  offset: number;
}

export interface Person {
  personId: number;
  captureHistory: string;
  recordCount: number;
  /** Why the person needs a reviewer's eye: merge_refused, conflict, sex, birth_years. */
  flags: string[];
  records: { record: CasualtyRecord; probability: number | null }[];
}

/** A count of persons; `persons` is null and `suppressed` true when the server hides it (small cells). */
export interface CountRow {
  key: string;
  persons: number | null;
  suppressed: boolean;
}

export type DisagreementField = 'names' | 'sex' | 'age' | 'birthDate' | 'deathDate' | 'place' | 'status';

export interface Stats {
  runId: string;
  sources: RunSource[];
  totals: { records: number; persons: number | null; linkedPersons: number | null };
  bySex: CountRow[];
  byAgeBand: CountRow[];
  byStatus: CountRow[];
  byDeathDay: CountRow[];
  byDeathMonth: CountRow[];
  byPlace: CountRow[];
  coverage: { sourceId: string; name: string; records: number; persons: number | null; share: number | null; suppressed: boolean }[];
  overlaps: { pattern: string; sourceIds: string[]; persons: number | null; suppressed: boolean }[];
  disagreements: {
    persons: number | null;
    byField: { field: DisagreementField; persons: number | null; suppressed: boolean }[];
    examples: { personId: number; field: DisagreementField; values: { recordId: string; sourceId: string; value: string | null }[] }[] | null;
  };
  /** minCell 0: exact figures; otherwise counts below it (and those that would give one back) are hidden. */
  suppression: { minCell: number; hidden: number };
}

const enc = encodeURIComponent;

export const casualtiesApi = {
  sources: () => request<{ sources: Source[] }>('/api/casualties/sources'),
  source: (id: string) => request<Source>(`/api/casualties/sources/${enc(id)}`),
  createSource: (body: NewSource) => request<Source>('/api/casualties/sources', { method: 'POST', body }),
  updateSource: (id: string, body: Partial<NewSource>) => request<Source>(`/api/casualties/sources/${enc(id)}`, { method: 'PATCH', body }),
  importCsv: (sourceId: string, body: { csvBase64: string; mapping: ColumnMapping; mode?: ImportMode; fileName?: string }) =>
    request<ImportResult>(`/api/casualties/sources/${enc(sourceId)}/import`, { method: 'POST', body }),
  records: (sourceId: string, query: { q?: string; history?: boolean; limit?: number; offset?: number }) =>
    request<Paged & { records: CasualtyRecord[] }>(`/api/casualties/sources/${enc(sourceId)}/records`, {
      query: { ...query, history: query.history ? '1' : undefined },
    }),
  record: (id: string) => request<RecordDetail>(`/api/casualties/records/${enc(id)}`),
  correct: (id: string, body: { changes: CorrectionChanges; reason: string }) =>
    request<{ record: CasualtyRecord; superseded: string }>(`/api/casualties/records/${enc(id)}/versions`, { method: 'POST', body }),
  runs: () => request<{ runs: Run[] }>('/api/casualties/runs'),
  run: (id: string) => request<RunDetail>(`/api/casualties/runs/${enc(id)}`),
  deleteRun: (id: string) => request<void>(`/api/casualties/runs/${enc(id)}`, { method: 'DELETE' }),
  cancelRun: (id: string) => request<{ run: Run }>(`/api/casualties/runs/${enc(id)}/cancel`, { method: 'POST' }),
  createRun: (body: { sourceIds: string[]; settings?: RunSettings }) => request<{ run: Run }>('/api/casualties/runs', { method: 'POST', body }),
  review: (runId: string, query: { min?: number; max?: number; status?: 'all' | 'undecided' | 'decided'; limit?: number; offset?: number }) =>
    request<ReviewPage>(`/api/casualties/runs/${enc(runId)}/review`, { query }),
  decide: (body: { recordA: string; recordB: string; decision: Decision; note?: string | null; manual?: boolean }) =>
    request<{ decision: DecisionView; superseded: string | null }>('/api/casualties/review-decisions', { method: 'POST', body }),
  split: (runId: string, personId: number, body: { recordId: string; note?: string | null }) =>
    request<{ decisions: DecisionView[] }>(`/api/casualties/runs/${enc(runId)}/persons/${personId}/split`, { method: 'POST', body }),
  persons: (runId: string, query: { q?: string; pattern?: string; linked?: boolean; flagged?: boolean; limit?: number; offset?: number }) =>
    request<Paged & { sources: RunSource[]; persons: Person[] }>(`/api/casualties/runs/${enc(runId)}/persons`, {
      query: { ...query, linked: query.linked ? '1' : undefined, flagged: query.flagged ? '1' : undefined },
    }),
  /** `minCell`: the publication view (editors and reviewers see exact figures otherwise). */
  stats: (runId: string, minCell?: number) => request<Stats>(`/api/casualties/runs/${enc(runId)}/stats`, { query: { minCell } }),
};

/** The problems of a refused import, or null when the error is something else. */
export function importProblems(error: unknown): ImportProblem[] | null {
  return importRefusal(error)?.problems ?? null;
}

/** What a refused import says (problems, rows that could be imported alone), or null when the error is something else. */
export function importRefusal(error: unknown): ImportRefusal | null {
  if (typeof error !== 'object' || error === null || (error as { code?: unknown }).code !== 'import_rejected') return null;
  const raw = (error as { details?: unknown }).details;
  const d = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<ImportRefusal>;
  const problems = Array.isArray(d.problems) ? d.problems : [];
  return {
    problems,
    problemCount: typeof d.problemCount === 'number' ? d.problemCount : problems.length,
    rejectedRows: typeof d.rejectedRows === 'number' ? d.rejectedRows : null,
    goodRows: typeof d.goodRows === 'number' ? d.goodRows : 0,
    warnings: Array.isArray(d.warnings) ? d.warnings : [],
  };
}
