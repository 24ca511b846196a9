import type { BodyOf, Item, QueryOf, ResponseOf, Schema } from '../../contract/api.ts';
import { call } from '../api/client.ts';

/**
 * Names for the casualties API's shapes (src/server/casualties/schemas.ts), read from the generated contract: to
 * change one, change its zod schema and run `npm run api:generate`. The routes, roles and error codes are in the API
 * table of docs/casualties.md.
 */
export type Source = ResponseOf<'/api/casualties/sources/{id}', 'get'>;
export type NewSource = BodyOf<'/api/casualties/sources', 'post'>;
export type SourceChanges = BodyOf<'/api/casualties/sources/{id}', 'patch'>;
export type ImportRequest = BodyOf<'/api/casualties/sources/{id}/import', 'post'>;
export type ImportMode = NonNullable<ImportRequest['mode']>;
export type ImportResult = ResponseOf<'/api/casualties/sources/{id}/import', 'post'>;
/** Something the importer did that the person importing should know (dates read in an assumed order, rows without a name). */
export type ImportWarning = Item<ImportResult['warnings']>;

export type RecordsPage = ResponseOf<'/api/casualties/sources/{id}/records', 'get'>;
/** One version of one record of a list. */
export type CasualtyRecord = Item<RecordsPage['records']>;
export type Sex = NonNullable<CasualtyRecord['sex']>;
export type Status = CasualtyRecord['status'];
export type RecordDetail = ResponseOf<'/api/casualties/records/{id}', 'get'>;
export type Correction = BodyOf<'/api/casualties/records/{id}/versions', 'post'>;
export type CorrectionChanges = Correction['changes'];

export type RunDetail = ResponseOf<'/api/casualties/runs/{id}', 'get'>;
export type Run = Item<ResponseOf<'/api/casualties/runs', 'get'>['runs']>;
export type RunState = Run['state'];
export type RunSource = Item<Run['sources']>;
export type NewRun = BodyOf<'/api/casualties/runs', 'post'>;
export type RunSettings = NonNullable<NewRun['settings']>;

export type ReviewPage = ResponseOf<'/api/casualties/runs/{id}/review', 'get'>;
export type ReviewQuery = QueryOf<'/api/casualties/runs/{id}/review', 'get'>;
export type ReviewPair = Item<ReviewPage['pairs']>;
export type Explanation = ReviewPair['explanation'];
export type ExplanationTerm = Item<Explanation['terms']>;
export type DecisionRequest = BodyOf<'/api/casualties/review-decisions', 'post'>;
export type DecisionView = ResponseOf<'/api/casualties/review-decisions', 'post'>['decision'];
export type Decision = DecisionView['decision'];

export type PersonsPage = ResponseOf<'/api/casualties/runs/{id}/persons', 'get'>;
export type Person = Item<PersonsPage['persons']>;

export type Stats = ResponseOf<'/api/casualties/runs/{id}/stats', 'get'>;
/** A count of persons; `persons` is null and `suppressed` true when the server hides it (small cells). */
export type CountRow = Item<Stats['bySex']>;
export type DisagreementField = Item<Stats['disagreements']['byField']>['field'];

/** What a refused import (`import_rejected`) says in its details: problems, bad rows, rows that could be imported alone. */
export type ImportRefusal = Schema<'CasualtyImportRefusal'>;
/** One thing wrong with a refused import, located so a person can find it in the file. */
export type ImportProblem = Item<ImportRefusal['problems']>;

const flag = (on: boolean | undefined) => (on ? ('1' as const) : undefined);

export const casualtiesApi = {
  sources: () => call('get', '/api/casualties/sources'),
  source: (id: string) => call('get', '/api/casualties/sources/{id}', { params: { id } }),
  createSource: (body: NewSource) => call('post', '/api/casualties/sources', { body }),
  updateSource: (id: string, body: SourceChanges) => call('patch', '/api/casualties/sources/{id}', { params: { id }, body }),
  importCsv: (sourceId: string, body: ImportRequest) => call('post', '/api/casualties/sources/{id}/import', { params: { id: sourceId }, body }),
  records: (sourceId: string, query: { q?: string; history?: boolean; limit?: number; offset?: number }) =>
    call('get', '/api/casualties/sources/{id}/records', { params: { id: sourceId }, query: { ...query, history: flag(query.history) } }),
  record: (id: string) => call('get', '/api/casualties/records/{id}', { params: { id } }),
  correct: (id: string, body: Correction) => call('post', '/api/casualties/records/{id}/versions', { params: { id }, body }),
  runs: () => call('get', '/api/casualties/runs'),
  run: (id: string) => call('get', '/api/casualties/runs/{id}', { params: { id } }),
  deleteRun: (id: string) => call('delete', '/api/casualties/runs/{id}', { params: { id } }),
  cancelRun: (id: string) => call('post', '/api/casualties/runs/{id}/cancel', { params: { id } }),
  createRun: (body: NewRun) => call('post', '/api/casualties/runs', { body }),
  review: (runId: string, query: ReviewQuery) => call('get', '/api/casualties/runs/{id}/review', { params: { id: runId }, query }),
  decide: (body: DecisionRequest) => call('post', '/api/casualties/review-decisions', { body }),
  split: (runId: string, personId: number, body: BodyOf<'/api/casualties/runs/{id}/persons/{personId}/split', 'post'>) =>
    call('post', '/api/casualties/runs/{id}/persons/{personId}/split', { params: { id: runId, personId }, body }),
  persons: (runId: string, query: { q?: string; pattern?: string; linked?: boolean; flagged?: boolean; limit?: number; offset?: number }) =>
    call('get', '/api/casualties/runs/{id}/persons', {
      params: { id: runId },
      query: { ...query, linked: flag(query.linked), flagged: flag(query.flagged) },
    }),
  /** `minCell`: the publication view (editors and reviewers see exact figures otherwise). */
  stats: (runId: string, minCell?: number) => call('get', '/api/casualties/runs/{id}/stats', { params: { id: runId }, query: { minCell } }),
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
