import { request } from '../api/client.ts';

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
  options: { methods: MethodName[]; strata: string[]; seed: number; chains: number; burnin: number; thinning: number; samples: number };
}

export const estimatesApi = {
  list: () => request<{ estimates: EstimateSummary[] }>('/api/estimates'),
  get: (id: string) => request<EstimateDetail>(`/api/estimates/${encodeURIComponent(id)}`),
  create: (body: NewEstimate) => request<{ estimate: EstimateSummary }>('/api/estimates', { method: 'POST', body }),
  /** Finished linkage runs of casualty lists, whose persons' capture histories can feed an estimate. */
  linkageRuns: async () => {
    const { runs } = await request<{ runs: LinkageRunChoice[] }>('/api/casualties/runs');
    return runs.filter((run) => run.state === 'done');
  },
};
