import { request } from '../api/client.ts';

/** Types of the registry API (src/server/registry/schemas.ts), as the web app reads them. */
export type VerificationLevel = 'primary-seen' | 'reported' | 'not-verified';
export const verificationLevels: readonly VerificationLevel[] = ['primary-seen', 'reported', 'not-verified'];
export const claimKinds = ['casualty-figure', 'recognition-act', 'court-finding', 'position', 'statement'] as const;
export const recognitionTerms = ['genocide', 'crime-against-humanity', 'war-crime', 'massacre', 'tragedy', 'condemnation', 'other'] as const;
export const recognitionLevels = ['national-legislature', 'national-executive', 'sub-national', 'international-organisation', 'court', 'other'] as const;
export type RecognitionTerm = (typeof recognitionTerms)[number];

export interface Figure {
  label?: string;
  value?: number;
  qualifier?: 'exact' | 'about' | 'at-least' | 'more-than' | 'at-most' | 'up-to';
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
  kind: string;
  language: string | null;
  archiveItemId: string | null;
}

export interface ActorRef {
  id: string;
  name: string;
  type: 'person' | 'organization';
  classification: string;
  country: string | null;
  subdivision: string | null;
  wikidata: string | null;
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

export interface Claim {
  id: string;
  kind: (typeof claimKinds)[number];
  actor: ActorRef;
  attributionNote: string | null;
  attribution: string;
  event: { id: string; name: string } | null;
  statement: string;
  language: string | null;
  translations: { language: string; text: string }[];
  valueText: string | null;
  figures: Figure[];
  date: string | null;
  sources: Source[];
  verification: VerificationLevel;
  contests: string[];
  contestedBy: string[];
  notes: string | null;
  published: boolean;
}

export interface Act {
  id: string;
  body: ActorRef;
  country: string | null;
  event: { id: string; name: string } | null;
  jurisdiction: string | null;
  level: (typeof recognitionLevels)[number];
  date: string | null;
  term: string | null;
  terms: RecognitionTerm[];
  instrument: string | null;
  document: Source | null;
  sources: Source[];
  verification: VerificationLevel;
  notes: string | null;
  published: boolean;
  attribution: string;
}

export interface Pair {
  claim: Claim;
  contested: Claim;
}

export interface Overview {
  counts: { sources: number; actors: number; events: number; claims: number; recognitionActs: number; contested: number };
  events: RegistryEvent[];
  demo: { available: boolean; loaded: boolean; canLoad: boolean };
}

export interface VerificationChange {
  at: string;
  by: string | null;
  from: string;
  to: string;
  note: string;
}

export interface Problem {
  severity: 'error' | 'warning';
  code: string;
  file: string;
  line?: number;
  field?: string;
  message: string;
}

export interface ImportResult {
  importId: string;
  label: string;
  sha256: string;
  counts: Record<string, number>;
  warnings: Problem[];
  dryRun: boolean;
}

type Query = Record<string, string | undefined>;

export const registryApi = {
  overview: () => request<Overview>('/api/registry'),
  claims: (query: Query = {}) => request<{ claims: Claim[] }>('/api/registry/claims', { query }),
  claim: (id: string) =>
    request<{ claim: Claim; contests: Claim[]; contestedBy: Claim[]; history: VerificationChange[] }>(`/api/registry/claims/${encodeURIComponent(id)}`),
  acts: (query: Query = {}) => request<{ acts: Act[] }>('/api/registry/recognition', { query }),
  contested: (event?: string) => request<{ pairs: Pair[] }>('/api/registry/contested', { query: { event } }),
  event: (id: string) =>
    request<{ event: RegistryEvent; casualtyFigures: Claim[]; claims: Claim[]; recognitionActs: Act[]; contested: Pair[] }>(
      `/api/registry/events/${encodeURIComponent(id)}`,
    ),
  actors: () => request<{ actors: ActorRef[] }>('/api/registry/actors'),
  setClaimVerification: (id: string, verification: VerificationLevel, note: string) =>
    request<{ claim: Claim }>(`/api/registry/claims/${encodeURIComponent(id)}/verification`, { method: 'PUT', body: { verification, note } }),
  importFiles: (files: Record<string, string>, dryRun: boolean) =>
    request<ImportResult>('/api/registry/import', { method: 'POST', body: { files, dryRun, label: 'web import' } }),
  exportFiles: (format: 'csv' | 'json') => request<{ format: string; files: Record<string, string> }>('/api/registry/export', { query: { format } }),
  loadDemo: () => request<{ status: 'loaded' | 'already_loaded'; counts: Record<string, number> }>('/api/registry/demo', { method: 'POST' }),
};
