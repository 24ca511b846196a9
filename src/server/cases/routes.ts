import type { AppContext } from '../context.ts';
import type { App } from '../http/types.ts';
import { commandRoutes } from './command-routes.ts';
import { evidenceRoutes } from './evidence-routes.ts';
import { CasesService } from './service.ts';

/** The justice module: frameworks, incidents, acts and allegations here; evidence and command in their own files. */
export async function casesRoutes(app: App, ctx: AppContext): Promise<void> {
  const cases = new CasesService(ctx.db);
  await evidenceRoutes(app, ctx, cases);
  await commandRoutes(app, ctx, cases);
}
