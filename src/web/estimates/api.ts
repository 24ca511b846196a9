import { request } from '../api/client.ts';
import type { Convergence } from '../../core/estimation/defaults.ts';

export type MethodName = 'lcmcr' | 'dga' | 'loglinear' | 'chapman';
export const METHODS: MethodName[] = ['lcmcr', 'dga', 'loglinear', 'chapman'];

export interface EstimateSummary {
  id: string;
  title: string;
  createdAt: string;
  inputSha256: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  progress: number;
  progressLabel: string | null;
  error: string | null;
  /** False if any LCMCR run did not meet the convergence rule; null when no sampler ran (or still running). */
  converged?: boolean | null;
  convergenceOverride?: { reason: string; by: string; at: string } | null;
}

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

export interface EstimateDetail extends EstimateSummary {
  options: Record<string, unknown>;
  result: EstimateResult | null;
}

export interface LinkageRunChoice {
  id: string;
  state: string;
  createdAt: string;
  sources: Array<{ id: string; name: string }>;
  counts: Record<string, number>;
}

export interface NewEstimate {
  title: string;
  /** `casualties`: the table is built on the server from a linkage run's capture histories (csv is then empty). */
  inputKind?: 'table' | 'casualties';
  linkageRunId?: string;
  csv: string;
  options: EstimateOptions;
}

export interface EstimateOptions {
  methods: MethodName[];
  strata: string[];
  seed: number;
  chains: number;
  burnin: number;
  thinning: number;
  samples: number;
  /** Absent: the server's per-table defaults (K* = min(2^lists − 1, 15), δ = 2^−lists, the criterion's model). */
  classes?: number;
  delta?: number;
  prior: '1/N' | '1/N^2' | 'uniform';
  criterion: 'aic' | 'bic';
  model?: string;
}

export const estimatesApi = {
  list: () => request<{ estimates: EstimateSummary[] }>('/api/estimates'),
  get: (id: string) => request<EstimateDetail>(`/api/estimates/${encodeURIComponent(id)}`),
  create: (body: NewEstimate) => request<{ estimate: EstimateSummary }>('/api/estimates', { method: 'POST', body }),
  overrideConvergence: (id: string, reason: string) => request<EstimateDetail>(`/api/estimates/${encodeURIComponent(id)}/convergence-override`, { method: 'POST', body: { reason } }),
  drawsUrl: (id: string) => `/api/estimates/${encodeURIComponent(id)}/draws.csv`,
  /** Finished linkage runs of casualty lists, whose persons' capture histories can feed an estimate. */
  linkageRuns: async () => {
    const { runs } = await request<{ runs: LinkageRunChoice[] }>('/api/casualties/runs');
    return runs.filter((run) => run.state === 'done');
  },
};
