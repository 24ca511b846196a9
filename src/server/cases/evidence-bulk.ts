import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Direction, Reliability } from '../../core/cases/matrix-compute.ts';
import type { Actor } from '../accounts/actor.ts';
import { DomainError, invalid } from '../errors.ts';
import { errorResponses, type App } from '../http/types.ts';
import { rethrowUnique, type CaseEvidenceService } from './evidence-service.ts';
import * as s from './evidence-schemas.ts';
import type { CasesService } from './service.ts';

/** Items one bulk link may name at most, as for the archive's other bulk actions. */
export const BULK_LINK_MAX = 500;

export interface BulkLinkInput {
  elementId: string;
  direction: Direction;
  reliability: Reliability;
  note?: string;
  itemIds: string[];
}

/**
 * "Add to a case" from the archive list (issue 18 item 5): each selected item linked as a whole to one element of an
 * allegation, all of them or none, in one transaction, each link with its own ledger event exactly as a single link
 * makes it. The first item that fails (one the actor may not see, one already linked there) rolls everything back
 * and the error names it by position and id.
 */
export async function linkMany(evidence: CaseEvidenceService, cases: CasesService, actor: Actor, allegationId: string, input: BulkLinkInput) {
  cases.requireAnalyst(actor);
  const ids = input.itemIds;
  if (ids.length === 0) throw invalid('required', 'itemIds: select at least one item', { field: 'itemIds' });
  if (ids.length > BULK_LINK_MAX) throw invalid('too_many_items', `itemIds: at most ${BULK_LINK_MAX} items at once`, { field: 'itemIds', max: BULK_LINK_MAX });
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw invalid('duplicate_item', `itemIds: item ${id} is selected twice`, { field: 'itemIds', itemId: id });
    seen.add(id);
  }
  const linked = ids.map((itemId) => ({ itemId, linkId: randomUUID() }));
  await evidence
    .transaction(async (tx) => {
      for (const [n, { itemId, linkId }] of linked.entries()) {
        try {
          await evidence.linkIn(tx, actor, allegationId, { ...input, itemId, pinpoint: { type: 'item' } }, linkId);
        } catch (error) {
          throw naming(error, itemId, n, ids.length);
        }
      }
    })
    .catch(rethrowUnique);
  return linked;
}

function naming(error: unknown, id: string, n: number, total: number): unknown {
  if (!(error instanceof DomainError)) return error;
  const details = error.details && typeof error.details === 'object' ? error.details : {};
  return new DomainError(error.kind, error.code, `item ${n + 1} of ${total} (${id}): ${error.message}; nothing was linked`, {
    ...details,
    itemId: id,
    position: n + 1,
  });
}

const bulkLinkBody = z
  .object({
    elementId: s.caseId,
    direction: s.directionSchema,
    reliability: s.reliabilitySchema,
    note: z.string().max(4000).default(''),
    itemIds: z.array(z.uuid()).min(1).max(BULK_LINK_MAX),
  })
  .strict();

export function registerBulkLink(app: App, evidence: CaseEvidenceService, cases: CasesService): void {
  app.post('/api/cases/allegations/:id/evidence/bulk', {
    schema: {
      tags: ['cases'],
      summary:
        'Link several archive items, each as a whole, to one element of the allegation (analysts): all or none, one ledger event per link; an error names the item that failed (the archive list\'s "add to a case")',
      params: s.allegationParams,
      body: bulkLinkBody,
      response: { 201: z.object({ linked: z.array(z.object({ itemId: z.string(), linkId: z.string() })) }), ...errorResponses },
    },
    handler: async (request, reply) => reply.status(201).send({ linked: await linkMany(evidence, cases, request.actor, request.params.id, request.body) }),
  });
}
