import type { AccountsTables } from '../accounts/tables.ts';
import type { ArchiveTables } from '../archive/tables.ts';
import type { AuditTables } from '../audit/tables.ts';
import type { BlobTables } from '../blobs/tables.ts';
import type { CasesTables } from '../cases/tables.ts';
import type { CasesCommandTables } from '../cases/command-tables.ts';
import type { CasualtiesTables } from '../casualties/tables.ts';
import type { DialogueTables } from '../dialogue/tables.ts';
import type { DialogueLiveTables } from '../dialogue/live-tables.ts';
import type { ExtractionTables } from '../extraction/tables.ts';
import type { JobsTables } from '../jobs/tables.ts';
import type { LedgerTables } from '../ledger/tables.ts';
import type { RegistryTables } from '../registry/tables.ts';
import type { EstimationTables } from '../estimation/tables.ts';
import type { PackagesTables } from '../packages/tables.ts';
import type { PublicationTables } from '../publication/tables.ts';
import type { SystemTables } from '../system/tables.ts';
import type { SubmissionsTables } from '../submissions/tables.ts';

/**
 * The whole database as Kysely sees it: each module declares its own tables in `<module>/tables.ts` and is listed
 * here once.
 */
export interface Database extends AccountsTables, AuditTables, JobsTables, ExtractionTables, BlobTables, ArchiveTables, RegistryTables, LedgerTables, EstimationTables, DialogueTables, DialogueLiveTables, CasualtiesTables, PackagesTables, PublicationTables, SystemTables, CasesTables, CasesCommandTables, SubmissionsTables {}
