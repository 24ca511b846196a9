import { systemActor } from '../../server/accounts/actor.ts';

/** Who acts when `reckon casualties` changes data: the operator at the terminal, recorded as such in the audit. */
export const cli = systemActor('reckon casualties');
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
