import type { Item, QueryOf, ResponseOf } from '../../contract/api.ts';
import { call } from '../api/client.ts';

/** Names for the units API's shapes (src/server/cases/command-schemas.ts), from the generated contract. */
export type CommandChart = ResponseOf<'/api/cases/units/chart', 'get'>;
export type CommandEntity = Item<CommandChart['entities']>;
export type CommandRelation = Item<CommandChart['edges']>;
export type IncidentUnits = ResponseOf<'/api/cases/incidents/{id}/command', 'get'>;
export type ChartQuery = QueryOf<'/api/cases/units/chart', 'get'>;

export const commandApi = {
  chart: (query: ChartQuery) => call('get', '/api/cases/units/chart', { query }),
  incidentUnits: (id: string) => call('get', '/api/cases/incidents/{id}/command', { params: { id } }),
};
