import type { AppContext } from './context.ts';
import type { App } from './http/types.ts';
import { accountsRoutes } from './accounts/routes.ts';
import { archiveRoutes } from './archive/routes.ts';
import { auditRoutes } from './audit/routes.ts';
import { jobsRoutes } from './jobs/routes.ts';
import { extractionModule } from './extraction/module.ts';
import { registryRoutes } from './registry/routes.ts';
import { casualtiesRoutes } from './casualties/routes.ts';
import { missingRoutes } from './missing/routes.ts';
import { casesRoutes } from './cases/routes.ts';
import { ledgerRoutes } from './ledger/routes.ts';
import { packageRoutes } from './packages/routes.ts';
import { systemRoutes } from './system/routes.ts';
import { dialogueRoutes } from './dialogue/routes.ts';
import { estimationRoutes } from './estimation/routes.ts';
import { receiptRoutes } from './receipts/routes.ts';
import { publicationRoutes } from './publication/routes.ts';
import { publicRoutes } from './public/routes.ts';
import { submissionRoutes } from './submissions/routes.ts';

/** Every module's routes, one line a module. */
export const moduleRoutes: Array<(app: App, ctx: AppContext) => Promise<void>> = [
  systemRoutes,
  accountsRoutes,
  auditRoutes,
  archiveRoutes,
  ledgerRoutes,
  packageRoutes,
  jobsRoutes,
  extractionModule,
  registryRoutes,
  casualtiesRoutes,
  missingRoutes,
  casesRoutes,
  dialogueRoutes,
  estimationRoutes,
  publicationRoutes,
  publicRoutes,
  submissionRoutes,
  receiptRoutes,
];
