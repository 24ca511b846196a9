import type { AppContext } from '../context.ts';
import type { App } from '../http/types.ts';
import type { CasesService } from './service.ts';

/**
 * Units and chains of command (issue 21 item 6); owned by the cases-command part of the module. Mounted by
 * routes.ts with the module's service.
 */
export async function commandRoutes(_app: App, _ctx: AppContext, _cases: CasesService): Promise<void> {}
