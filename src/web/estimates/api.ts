import type { BodyOf, Item, ResponseOf } from '../../contract/api.ts';
import { call } from '../api/client.ts';
import type { Convergence } from '../../core/estimation/defaults.ts';

export type MethodName = 'lcmcr' | 'dga' | 'loglinear' | 'chapman';
export const METHODS: MethodName[] = ['lcmcr', 'dga', 'loglinear', 'chapman'];

/** Shapes of the estimates API read from the generated contract (src/server/estimation/schemas.ts). */
export type EstimateSummary = Item<ResponseOf<'/api/estimates', 'get'>['estimates']>;
export type NewEstimate = BodyOf<'/api/estimates', 'post'>;
export type EstimateOptions = NonNullable<NewEstimate['options']>;
export type LinkageRunChoice = Item<ResponseOf<'/api/casualties/runs', 'get'>['runs']>;

export type { Convergence } from '../../core/estimation/defaults.ts';

export interface ChainSummary {
  chain: number;
  rhat: number | null;
  ess: number | null;
  median: number;
  occupiedClassesMean: number;
}

export interface MethodResult {
  method: MethodName;
  estimate: number | null;
  lower?: number | null;
  upper?: number | null;
  intervalKind?: string;
  diagnostics?: Record<string, number | string | boolean | null>;
  warnings: string[];
  posterior?: number[];
  pointEstimate?: string;
  convergence?: Convergence;
  perChain?: ChainSummary[];
  /** Each LCMCR chain's kept draws of N, in order (reports since the convergence rule). */
  chainDraws?: number[][];
  occupiedClasses?: number[][];
}

export interface StratumResult {
  label: string;
  observed: number;
  warnings: string[];
  methods: MethodResult[];
}

export interface EstimateResult {
  lists: string[];
  strataColumns: string[];
  observed: number;
  warnings: string[];
  total: MethodResult[];
  strata: StratumResult[];
}

/**
 * The server declares a report's `result` as an open record (its zod schema does not yet describe the stored
 * report), so the result's shape below is the one place it is still written by hand; the rest is the contract's.
 */
export type EstimateDetail = Omit<ResponseOf<'/api/estimates/{id}', 'get'>, 'result'> & { result: EstimateResult | null };

export const estimatesApi = {
  list: () => call('get', '/api/estimates'),
  get: async (id: string) => (await call('get', '/api/estimates/{id}', { params: { id } })) as EstimateDetail,
  create: (body: NewEstimate) => call('post', '/api/estimates', { body }),
  overrideConvergence: async (id: string, reason: string) =>
    (await call('post', '/api/estimates/{id}/convergence-override', { params: { id }, body: { reason } })) as unknown as EstimateDetail,
  drawsUrl: (id: string) => `/api/estimates/${encodeURIComponent(id)}/draws.csv`,
  /** Finished linkage runs of casualty lists, whose persons' capture histories can feed an estimate. */
  linkageRuns: async () => {
    const { runs } = await call('get', '/api/casualties/runs');
    return runs.filter((run) => run.state === 'done');
  },
};
