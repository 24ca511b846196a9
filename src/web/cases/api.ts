import type { BodyOf, Item, ResponseOf } from '../../contract/api.ts';
import { call } from '../api/client.ts';
import { everyValue } from '../api/values.ts';
import { actTypes as coreActTypes, characterisations as coreCharacterisations, dateKinds as coreDateKinds, elementKinds as coreElementKinds, involvements as coreInvolvements } from '../../core/cases/types.ts';

/**
 * Names for the cases API's shapes (src/server/cases/schemas.ts), read from the generated contract: to change one,
 * change its zod schema and run `npm run api:generate`.
 */
export type Overview = ResponseOf<'/api/cases', 'get'>;
export type IncidentDetail = ResponseOf<'/api/cases/incidents/{id}', 'get'>;
export type Incident = IncidentDetail['incident'];
export type Act = Item<IncidentDetail['acts']>;
export type Allegation = Item<IncidentDetail['allegations']>;
export type AllegationDetail = ResponseOf<'/api/cases/allegations/{id}', 'get'>;
export type ElementView = Item<AllegationDetail['elements']>;
export type FrameworkSummary = Item<ResponseOf<'/api/cases/frameworks', 'get'>['frameworks']>;
export type FrameworkDetail = ResponseOf<'/api/cases/frameworks/{id}', 'get'>;
export type Characterisation = Allegation['characterisation'];
export type DateKind = Incident['date']['kind'];
export type ElementKind = ElementView['kind'];
export type IncidentBody = BodyOf<'/api/cases/incidents', 'post'>;
export type Correction = Item<IncidentDetail['corrections']>;
export type IncidentChanges = BodyOf<'/api/cases/incidents/{id}/corrections', 'post'>['changes'];
export type AllegationBody = BodyOf<'/api/cases/allegations', 'post'>;
export type ActBody = BodyOf<'/api/cases/incidents/{id}/acts', 'post'>;
export type ActChanges = BodyOf<'/api/cases/acts/{id}/corrections', 'post'>['changes'];
export type AllegationChanges = BodyOf<'/api/cases/allegations/{id}/corrections', 'post'>['changes'];
/** Whether an incident, act or allegation stands, and its withdrawals and restorations. */
export type Standing = Pick<Incident, 'withdrawn' | 'withdrawals'>;

/** Withdrawing and restoring, for each kind of record that stands or is withdrawn (the kinds are these keys). */
const standingCalls = {
  incident: (id: string, restore: boolean, reason: string) =>
    call('post', restore ? '/api/cases/incidents/{id}/restore' : '/api/cases/incidents/{id}/withdraw', { params: { id }, body: { reason } }),
  act: (id: string, restore: boolean, reason: string) =>
    call('post', restore ? '/api/cases/acts/{id}/restore' : '/api/cases/acts/{id}/withdraw', { params: { id }, body: { reason } }),
  allegation: (id: string, restore: boolean, reason: string) =>
    call('post', restore ? '/api/cases/allegations/{id}/restore' : '/api/cases/allegations/{id}/withdraw', { params: { id }, body: { reason } }),
};
export type StandingKind = keyof typeof standingCalls;

export const characterisations = everyValue<Characterisation>()(coreCharacterisations);
export const dateKinds = everyValue<DateKind>()(coreDateKinds);
export const elementKinds = everyValue<ElementKind>()(coreElementKinds);
export const actTypes = everyValue<ActBody['actType']>()(coreActTypes);
export const involvements = everyValue<ActBody['involvement']>()(coreInvolvements);

export const casesApi = {
  overview: () => call('get', '/api/cases'),
  incidents: () => call('get', '/api/cases/incidents'),
  incident: (id: string) => call('get', '/api/cases/incidents/{id}', { params: { id } }),
  createIncident: (body: IncidentBody) => call('post', '/api/cases/incidents', { body }),
  correctIncident: (id: string, changes: IncidentChanges, reason: string) => call('post', '/api/cases/incidents/{id}/corrections', { params: { id }, body: { changes, reason } }),
  correctAct: (id: string, changes: ActChanges, reason: string, sourceId: string | null) => call('post', '/api/cases/acts/{id}/corrections', { params: { id }, body: { changes, reason, sourceId } }),
  correctAllegation: (id: string, changes: AllegationChanges, reason: string, sourceId: string | null) => call('post', '/api/cases/allegations/{id}/corrections', { params: { id }, body: { changes, reason, sourceId } }),
  standing: (kind: StandingKind, id: string, restore: boolean, reason: string): Promise<unknown> => standingCalls[kind](id, restore, reason),
  addAct: (incidentId: string, body: ActBody) => call('post', '/api/cases/incidents/{id}/acts', { params: { id: incidentId }, body }),
  allegation: (id: string) => call('get', '/api/cases/allegations/{id}', { params: { id } }),
  createAllegation: (body: AllegationBody) => call('post', '/api/cases/allegations', { body }),
  frameworks: () => call('get', '/api/cases/frameworks'),
  framework: (id: string) => call('get', '/api/cases/frameworks/{id}', { params: { id } }),
  loadStandard: () => call('post', '/api/cases/frameworks/standard'),
};
