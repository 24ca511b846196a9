import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { withCatalogues } from './i18n/languages.ts';
import { MODULE_TABLE, moduleRouteOf, type ModuleId, type ModuleRoute } from './module-table.ts';

/** A module of the web app (its data in module-table.ts) with its page component attached. */
export interface ModuleDefinition extends ModuleRoute {
  /** The page, mounted at `<path>/*`; lazy so that each module is its own bundle chunk. */
  component: LazyExoticComponent<ComponentType> | ComponentType;
  /** Starts fetching the page's chunk and catalogues without rendering it (the same promise `component` awaits). */
  preload?: () => void;
}

type PageImport = () => Promise<{ default: ComponentType }>;

/**
 * Each module's page, imported by name so that the bundler makes one chunk of each. The file each imports is the
 * `page` of its entry in MODULE_TABLE; the build checks that a chunk was made from every such file.
 */
const PAGES: Record<ModuleId, PageImport> = {
  archive: () => import('./archive/index.tsx'),
  claims: () => import('./registry/index.tsx'),
  casualties: () => import('./casualties/index.tsx'),
  cases: () => import('./cases/index.tsx'),
  estimates: () => import('./estimates/index.tsx'),
  dialogue: () => import('./dialogue/index.tsx'),
  missing: () => import('./missing/index.tsx'),
  submissions: () => import('./submissions/index.tsx'),
  admin: () => import('./admin/index.tsx'),
};

/**
 * A lazily loaded page whose chunk and catalogues load once, whether first asked for by `preload` (at start-up, for
 * the page in the address bar) or by React rendering it.
 */
function lazyPage(catalogues: ModuleRoute['catalogues'], importer: PageImport) {
  let loading: Promise<{ default: ComponentType }> | undefined;
  const load = () =>
    (loading ??= withCatalogues(catalogues, importer).catch((error: unknown) => {
      loading = undefined; // a later attempt may succeed (back online)
      throw error;
    }));
  return { component: lazy(load), preload: () => void load().catch(() => undefined) };
}

export const MODULES: readonly ModuleDefinition[] = MODULE_TABLE.map((route) => ({ ...route, ...lazyPage(route.catalogues, PAGES[route.id]) }));

/**
 * Starts loading the module that will show `pathname`, at start-up: the page's chunk then travels beside the session
 * request instead of after it (on a 3G connection each request waiting for the last costs a round trip; issue 16).
 */
export function preloadModuleOf(pathname: string): void {
  const route = moduleRouteOf(pathname);
  MODULES.find((m) => m.id === route?.id)?.preload?.();
}
