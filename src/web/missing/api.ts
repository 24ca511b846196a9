import type { BodyOf, Item, QueryOf, ResponseOf } from '../../contract/api.ts';
import { call } from '../api/client.ts';
import { everyValue } from '../api/values.ts';

/** Names for the missing persons API's shapes (src/server/missing/schemas.ts), read from the generated contract. */
export type MissingList = ResponseOf<'/api/missing/persons', 'get'>;
export type MissingListed = Item<MissingList['persons']>;
export type MissingPerson = ResponseOf<'/api/missing/persons/{id}', 'get'>;
export type StatusClaim = Item<MissingPerson['statuses']>;
export type Sighting = Item<MissingPerson['lastSeen']>;
export type Place = Item<ResponseOf<'/api/missing/places', 'get'>['places']>;
export type MissingStatus = StatusClaim['status'];
export type IdentificationStage = NonNullable<MissingPerson['identification']['stage']>;
export type PlaceKind = Place['kind'];
export type ListQuery = QueryOf<'/api/missing/persons', 'get'>;

export const missingStatuses = everyValue<MissingStatus>()(['missing', 'hostage', 'detained', 'released', 'found_dead', 'identified', 'buried']);
export const identificationStages = everyValue<IdentificationStage>()(['reported_missing', 'ante_mortem_collected', 'samples_given', 'identified']);
export const placeKinds = everyValue<PlaceKind>()(['detention_site', 'burial_site', 'last_seen', 'other']);

export const missingApi = {
  list: (query: ListQuery) => call('get', '/api/missing/persons', { query }),
  person: (id: string) => call('get', '/api/missing/persons/{id}', { params: { id } }),
  places: () => call('get', '/api/missing/places'),
  addStatus: (id: string, body: BodyOf<'/api/missing/persons/{id}/statuses', 'post'>) => call('post', '/api/missing/persons/{id}/statuses', { params: { id }, body }),
  addLastSeen: (id: string, body: BodyOf<'/api/missing/persons/{id}/last-seen', 'post'>) => call('post', '/api/missing/persons/{id}/last-seen', { params: { id }, body }),
  addPlace: (body: BodyOf<'/api/missing/places', 'post'>) => call('post', '/api/missing/places', { body }),
  setIdentification: (id: string, body: BodyOf<'/api/missing/persons/{id}/identification', 'put'>) => call('put', '/api/missing/persons/{id}/identification', { params: { id }, body }),
};
