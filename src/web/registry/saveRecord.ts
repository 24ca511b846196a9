import { registryApi, type Problem } from './api.ts';
import type { FormKind } from './formSpecs.ts';

/**
 * Sends a form's body to the route for its kind. The body is built by `toBody` from the form's fields; the server
 * checks it (zod for the types, the import's rules for the rest), so it is passed through as the route's body type.
 */
export async function saveRecord(kind: FormKind, id: string | undefined, body: Record<string, unknown>): Promise<{ record: { id: string }; warnings: Problem[] }> {
  const as = <T>() => body as T;
  if (id === undefined) {
    switch (kind) {
      case 'sources':
        return registryApi.createSource(as());
      case 'actors':
        return registryApi.createActor(as());
      case 'events':
        return registryApi.createEvent(as());
      case 'claims':
        return registryApi.createClaim(as());
      case 'recognition':
        return registryApi.createAct(as());
    }
  }
  switch (kind) {
    case 'sources':
      return registryApi.updateSource(id, as());
    case 'actors':
      return registryApi.updateActor(id, as());
    case 'events':
      return registryApi.updateEvent(id, as());
    case 'claims':
      return registryApi.updateClaim(id, as());
    case 'recognition':
      return registryApi.updateAct(id, as());
  }
}

/** A stored record for its edit form. */
export async function loadRecord(kind: FormKind, id: string): Promise<Record<string, unknown>> {
  const load = {
    sources: registryApi.sourceRecord,
    actors: registryApi.actorRecord,
    events: registryApi.eventRecord,
    claims: registryApi.claimRecord,
    recognition: registryApi.actRecord,
  }[kind];
  return (await load(id)).record as unknown as Record<string, unknown>;
}
