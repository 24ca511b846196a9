import { routeOf } from '../contract/web-pages.ts';
import type { Access } from './auth/access.ts';
import type { CatalogueName } from './i18n/catalogues.ts';
import type { MessageKey } from './i18n/en.ts';

/**
 * Every module of the web app as plain data, in navigation order: where it lives, who may open it, which file is its
 * page and which catalogues its pages use. Plain data, so that the build can read it too: the build writes, for each
 * module's address, the files its page needs (dist/web/route-preloads.json, see scripts/vite-route-preloads.ts), and
 * the server names them in the page it sends, so a phone fetches the page's chunk beside the entry script instead of
 * after it (issue 16: a participant's first statement on 3G). The components themselves are attached in modules.tsx.
 *
 * To add a module: create `src/web/<module>/index.tsx` with a default-exported page component, its strings in
 * `src/web/<module>/i18n/` (listed in src/web/i18n/catalogues.ts), add one entry here and its import in modules.tsx.
 */
export interface ModuleRoute {
  id: string;
  /** Where the module lives, starting with '/'. */
  path: string;
  /** The navigation label. */
  navKey: MessageKey;
  /**
   * Who may open it: visitors are sent to the login page, signed-in users without the role are told so, and the
   * navigation lists the module only for those who may open it.
   */
  access: Access;
  /** The page's file under src/web, mounted at `<path>/*`; the build fails if no chunk is made from it. */
  page: string;
  /** The message catalogues its pages use: they load with the page. */
  catalogues: readonly CatalogueName[];
}

export const MODULE_TABLE = [
  { id: 'archive', path: '/archive', navKey: 'nav.archive', access: 'public', page: 'archive/index.tsx', catalogues: ['archive', 'publication', 'ledger', 'audit'] },
  { id: 'claims', path: '/claims', navKey: 'nav.claims', access: 'public', page: 'registry/index.tsx', catalogues: ['registry', 'publication'] },
  {
    id: 'casualties',
    path: '/casualties',
    navKey: 'nav.casualties',
    access: 'signed-in',
    page: 'casualties/index.tsx',
    catalogues: ['casualties', 'receipts', 'publication', 'registry'],
  },
  {
    id: 'cases',
    path: '/cases',
    navKey: 'nav.cases',
    access: ['viewer', 'editor', 'reviewer', 'admin'],
    page: 'cases/index.tsx',
    catalogues: ['cases', 'registry'],
  },
  {
    id: 'estimates',
    path: '/estimates',
    navKey: 'nav.estimates',
    access: 'public',
    page: 'estimates/index.tsx',
    catalogues: ['estimates', 'receipts', 'publication'],
  },
  { id: 'dialogue', path: '/dialogue', navKey: 'nav.dialogue', access: 'public', page: 'dialogue/index.tsx', catalogues: ['dialogue'] },
  {
    id: 'missing',
    path: '/missing',
    navKey: 'nav.missing',
    access: ['editor', 'reviewer', 'moderator', 'admin'],
    page: 'missing/index.tsx',
    catalogues: ['missing'],
  },
  {
    id: 'submissions',
    path: '/submissions',
    navKey: 'nav.submissions',
    access: ['editor', 'moderator', 'admin'],
    page: 'submissions/index.tsx',
    catalogues: ['submissions'],
  },
  { id: 'admin', path: '/admin', navKey: 'nav.admin', access: ['admin'], page: 'admin/index.tsx', catalogues: ['ledger', 'audit'] },
] as const satisfies readonly ModuleRoute[];

export type ModuleId = (typeof MODULE_TABLE)[number]['id'];

/** The module whose pages show `pathname`, if any. */
export function moduleRouteOf(pathname: string): ModuleRoute | undefined {
  return routeOf(MODULE_TABLE, pathname);
}
