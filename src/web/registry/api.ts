import type { BodyOf, Item, QueryOf, ResponseOf, Schema } from '../../contract/api.ts';
import { call } from '../api/client.ts';
import {
  acknowledgmentGroups as coreAcknowledgmentGroups,
  acknowledgmentKinds as coreAcknowledgmentKinds,
  claimKinds as coreClaimKinds,
  recognitionLevels as coreRecognitionLevels,
  recognitionTerms as coreRecognitionTerms,
  verificationLevels as coreVerificationLevels,
} from '../../core/registry/types.ts';
import { everyValue } from '../api/values.ts';

/**
 * Names for the registry API's shapes (src/server/registry/schemas.ts), read from the generated contract: to change
 * one, change its zod schema and run `npm run api:generate`.
 */
export type Overview = ResponseOf<'/api/registry', 'get'>;
export type RegistryEvent = Item<Overview['events']>;
export type ClaimDetail = ResponseOf<'/api/registry/claims/{id}', 'get'>;
export type Claim = ClaimDetail['claim'];
export type VerificationChange = Item<ClaimDetail['history']>;
export type Figure = Schema<'Figure'>;
export type Source = Item<Claim['sources']>;
export type ActorRef = Claim['actor'];
export type VerificationLevel = Claim['verification'];
export type ClaimKind = Claim['kind'];
export type Act = Item<ResponseOf<'/api/registry/recognition', 'get'>['acts']>;
export type RecognitionTerm = Item<Act['terms']>;
export type RecognitionLevel = Act['level'];
export type AcknowledgmentKind = Act['kind'];
export type AcknowledgmentGroup = Act['group'];
export type Pair = Item<ResponseOf<'/api/registry/contested', 'get'>['pairs']>;
export type EventDetail = ResponseOf<'/api/registry/events/{id}', 'get'>;
export type ImportResult = ResponseOf<'/api/registry/import', 'post'>;
export type Problem = Item<ImportResult['warnings']>;
/** Records as the import format writes them (ids, not views), for the forms. */
export type SourceRecord = ResponseOf<'/api/registry/sources/{id}/record', 'get'>['record'];
export type ActorRecord = ResponseOf<'/api/registry/actors/{id}/record', 'get'>['record'];
export type EventRecord = ResponseOf<'/api/registry/events/{id}/record', 'get'>['record'];
export type ClaimRecord = ResponseOf<'/api/registry/claims/{id}/record', 'get'>['record'];
export type ActRecord = ResponseOf<'/api/registry/recognition/{id}/record', 'get'>['record'];
export type RecordVersion = Item<ResponseOf<'/api/registry/claims/{id}/record', 'get'>['versions']>;
export type SourceInput = BodyOf<'/api/registry/sources', 'post'>;
export type ActorInput = BodyOf<'/api/registry/actors', 'post'>;
export type EventInput = BodyOf<'/api/registry/events', 'post'>;
export type ClaimInput = BodyOf<'/api/registry/claims', 'post'>;
export type ActInput = BodyOf<'/api/registry/recognition', 'post'>;
export type ClaimsQuery = QueryOf<'/api/registry/claims', 'get'>;
export type ActsQuery = QueryOf<'/api/registry/recognition', 'get'>;

/**
 * The values the interface offers, from the same dependency-free lists the server's zod enums are made of
 * (src/core/registry/types.ts); `everyValue` checks each against the contract too.
 */
export const verificationLevels = everyValue<VerificationLevel>()(coreVerificationLevels);
export const claimKinds = everyValue<ClaimKind>()(coreClaimKinds);
export const recognitionTerms = everyValue<RecognitionTerm>()(coreRecognitionTerms);
export const recognitionLevels = everyValue<RecognitionLevel>()(coreRecognitionLevels);
export const acknowledgmentKinds = everyValue<AcknowledgmentKind>()(coreAcknowledgmentKinds);
export const acknowledgmentGroups = everyValue<AcknowledgmentGroup>()(Object.keys(coreAcknowledgmentGroups) as AcknowledgmentGroup[]);

export const registryApi = {
  overview: () => call('get', '/api/registry'),
  claims: (query: ClaimsQuery = {}) => call('get', '/api/registry/claims', { query }),
  claim: (id: string) => call('get', '/api/registry/claims/{id}', { params: { id } }),
  acts: (query: ActsQuery = {}) => call('get', '/api/registry/recognition', { query }),
  contested: (event?: string) => call('get', '/api/registry/contested', { query: { event } }),
  event: (id: string) => call('get', '/api/registry/events/{id}', { params: { id } }),
  actors: () => call('get', '/api/registry/actors'),
  setClaimVerification: (id: string, verification: VerificationLevel, note: string) =>
    call('put', '/api/registry/claims/{id}/verification', { params: { id }, body: { verification, note } }),
  importFiles: (files: BodyOf<'/api/registry/import', 'post'>['files'], dryRun: boolean) =>
    call('post', '/api/registry/import', { body: { files, dryRun, label: 'web import' } }),
  exportFiles: (format: 'csv' | 'json') => call('get', '/api/registry/export', { query: { format } }),
  loadDemo: () => call('post', '/api/registry/demo'),
  sources: () => call('get', '/api/registry/sources'),
  createSource: (body: SourceInput) => call('post', '/api/registry/sources', { body }),
  createActor: (body: ActorInput) => call('post', '/api/registry/actors', { body }),
  createEvent: (body: EventInput) => call('post', '/api/registry/events', { body }),
  createClaim: (body: ClaimInput) => call('post', '/api/registry/claims', { body }),
  createAct: (body: ActInput) => call('post', '/api/registry/recognition', { body }),
  updateSource: (id: string, body: BodyOf<'/api/registry/sources/{id}', 'put'>) => call('put', '/api/registry/sources/{id}', { params: { id }, body }),
  updateActor: (id: string, body: BodyOf<'/api/registry/actors/{id}', 'put'>) => call('put', '/api/registry/actors/{id}', { params: { id }, body }),
  updateEvent: (id: string, body: BodyOf<'/api/registry/events/{id}', 'put'>) => call('put', '/api/registry/events/{id}', { params: { id }, body }),
  updateClaim: (id: string, body: BodyOf<'/api/registry/claims/{id}', 'put'>) => call('put', '/api/registry/claims/{id}', { params: { id }, body }),
  updateAct: (id: string, body: BodyOf<'/api/registry/recognition/{id}', 'put'>) => call('put', '/api/registry/recognition/{id}', { params: { id }, body }),
  sourceRecord: (id: string) => call('get', '/api/registry/sources/{id}/record', { params: { id } }),
  actorRecord: (id: string) => call('get', '/api/registry/actors/{id}/record', { params: { id } }),
  eventRecord: (id: string) => call('get', '/api/registry/events/{id}/record', { params: { id } }),
  claimRecord: (id: string) => call('get', '/api/registry/claims/{id}/record', { params: { id } }),
  actRecord: (id: string) => call('get', '/api/registry/recognition/{id}/record', { params: { id } }),
};
