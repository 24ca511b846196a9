import type { SealedColumn } from './archive/sealed-column-repository.ts';
import { identificationContext } from './missing/service.ts';
import { contactContext, photoContext } from './submissions/service.ts';

/**
 * Columns sealed with the field cipher under the master key, outside the archive: a family submission's contact and
 * photo, and a missing person's ante-mortem data, reference samples and family contact. `reckon keys rotate`
 * re-seals each under the new key (src/server/archive/key-rotation.ts, given SEALED_FIELDS by its caller), so after
 * a rotation the old key opens none. The list names several modules' tables and their associated data, so it lives
 * here, where the modules are wired together, and no module imports another for it.
 */
export const SEALED_FIELDS: readonly SealedColumn[] = [
  { table: 'family_submissions', key: 'id', column: 'contact_sealed', context: (id) => contactContext(id) },
  { table: 'family_submissions', key: 'id', column: 'photo_sealed', context: (id) => photoContext(id) },
  { table: 'missing_identification', key: 'record_id', column: 'ante_mortem_sealed', context: (id) => identificationContext(id, 'ante_mortem') },
  { table: 'missing_identification', key: 'record_id', column: 'samples_sealed', context: (id) => identificationContext(id, 'samples') },
  { table: 'missing_identification', key: 'record_id', column: 'contact_sealed', context: (id) => identificationContext(id, 'contact') },
];
