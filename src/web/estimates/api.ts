import type { BodyOf, Item, ResponseOf } from '../../contract/api.ts';
import { call } from '../api/client.ts';
import { everyValue } from '../api/values.ts';

/** Shapes of the estimates API read from the generated contract (src/server/estimation/schemas.ts). */
export type EstimateSummary = Item<ResponseOf<'/api/estimates', 'get'>['estimates']>;
export type NewEstimate = BodyOf<'/api/estimates', 'post'>;
export type EstimateOptions = NonNullable<NewEstimate['options']>;
export type MethodName = Item<NonNullable<EstimateOptions['methods']>>;
export const METHODS = everyValue<MethodName>()(['lcmcr', 'dga', 'loglinear', 'chapman']);
export type LinkageRunChoice = Item<ResponseOf<'/api/casualties/runs', 'get'>['runs']>;

/** One estimate with, once done, its report (the report's schema is `estimateResultSchema`). */
export type EstimateDetail = ResponseOf<'/api/estimates/{id}', 'get'>;
export type EstimateResult = NonNullable<EstimateDetail['result']>;
export type MethodResult = Item<EstimateResult['total']>;
export type StratumResult = Item<EstimateResult['strata']>;

export const estimatesApi = {
  list: () => call('get', '/api/estimates'),
  get: (id: string) => call('get', '/api/estimates/{id}', { params: { id } }),
  create: (body: NewEstimate) => call('post', '/api/estimates', { body }),
  overrideConvergence: (id: string, reason: string) => call('post', '/api/estimates/{id}/convergence-override', { params: { id }, body: { reason } }),
  drawsUrl: (id: string) => `/api/estimates/${encodeURIComponent(id)}/draws.csv`,
  /** Finished linkage runs of casualty lists, whose persons' capture histories can feed an estimate. */
  linkageRuns: async () => {
    const { runs } = await call('get', '/api/casualties/runs');
    return runs.filter((run) => run.state === 'done');
  },
};
