import type { AppContext } from '../context.ts';
import type { App } from '../http/types.ts';
import type { CasesService } from './service.ts';

/**
 * Evidence links, the matrix and the case file (issue 21 items 4, 5, 7); owned by the cases-evidence part of the
 * module. Mounted by routes.ts with the module's service, so access to an allegation is checked the same way.
 */
export async function evidenceRoutes(_app: App, _ctx: AppContext, _cases: CasesService): Promise<void> {}
