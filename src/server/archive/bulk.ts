import { requireRole, type Actor } from '../accounts/actor.ts';
import { DomainError, invalid } from '../errors.ts';
import type { ArchiveService } from './service.ts';

/** Items one bulk action may name at most (a search page is 100; a selection kept across pages, a few pages). */
export const BULK_MAX = 500;

export type BulkAction = { action: 'publish' | 'unpublish'; itemIds: string[] } | { action: 'tag'; itemIds: string[]; termIds: string[] };

export interface BulkResult {
  action: BulkAction['action'];
  /** Items the action changed, each with its own audit event, in the order given. */
  changed: string[];
  /** Items already so (already published, already carrying every term): left as they were, nothing audited. */
  unchanged: string[];
}

/**
 * One action over the selected items of the archive list (issue 18 item 5): all of them or none. Every item is
 * changed through the same method as the single-item action, with its own audit event, inside one transaction; the
 * first item that fails (one the actor may not see, or may not change) rolls the whole action back, and the error
 * names it by position and id. The roles are checked before any item is read.
 */
export async function runBulk(items: ArchiveService, actor: Actor, request: BulkAction): Promise<BulkResult> {
  if (request.action === 'tag') requireRole(actor, 'editor');
  else requireRole(actor, 'editor', 'reviewer');
  const ids = request.itemIds;
  if (ids.length === 0) throw invalid('required', 'itemIds: select at least one item', { field: 'itemIds' });
  if (ids.length > BULK_MAX) throw invalid('too_many_items', `itemIds: at most ${BULK_MAX} items at once`, { field: 'itemIds', max: BULK_MAX });
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw invalid('duplicate_item', `itemIds: item ${id} is selected twice`, { field: 'itemIds', itemId: id });
    seen.add(id);
  }
  if (request.action === 'tag') await items.checkTerms(request.termIds);
  const result: BulkResult = { action: request.action, changed: [], unchanged: [] };
  await items.db.transaction().execute(async (tx) => {
    for (const [n, id] of ids.entries()) {
      try {
        const { changed } =
          request.action === 'tag'
            ? await items.addTagsIn(tx, actor, id, request.termIds)
            : await items.setStateIn(tx, actor, id, request.action === 'publish' ? 'published' : 'draft');
        (changed ? result.changed : result.unchanged).push(id);
      } catch (error) {
        throw naming(error, id, n, ids.length);
      }
    }
  });
  return result;
}

/** The item's error with the item named: its place in the selection, its id in the details (nothing was changed). */
function naming(error: unknown, id: string, n: number, total: number): unknown {
  if (!(error instanceof DomainError)) return error;
  const details = error.details && typeof error.details === 'object' ? error.details : {};
  return new DomainError(error.kind, error.code, `item ${n + 1} of ${total} (${id}): ${error.message}; nothing was changed`, {
    ...details,
    itemId: id,
    position: n + 1,
  });
}
