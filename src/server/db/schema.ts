import type { AccountsTables } from '../accounts/tables.ts';
import type { AuditTables } from '../audit/tables.ts';

/**
 * The whole database as Kysely sees it: each module declares its own tables in `<module>/tables.ts` and is listed
 * here once.
 */
export interface Database extends AccountsTables, AuditTables {}
