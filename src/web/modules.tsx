import { lazy, useState, type ComponentType, type LazyExoticComponent } from 'react';
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
 * the page in the address bar) or by React rendering it. A page whose code has arrived by the time it is first shown
 * renders at once, without React.lazy: lazy always suspends on its first render, and React then holds the page behind
 * the fallback for a throttle of about 300 ms even when the code is already there (measured on 3G: the participant's
 * first statement waited 300–400 ms after its last request; issue 16). Each mounted page keeps the component it
 * started with, so a page is never remounted when its code arrives.
 */
function lazyPage(catalogues: ModuleRoute['catalogues'], importer: PageImport) {
  let loading: Promise<{ default: ComponentType }> | undefined;
  let loaded: ComponentType | undefined;
  const load = () =>
    (loading ??= withCatalogues(catalogues, importer).then(
      (module) => {
        loaded = module.default;
        return module;
      },
      (error: unknown) => {
        loading = undefined; // a later attempt may succeed (back online)
        throw error;
      },
    ));
  const Lazy = lazy(load);
  function Page() {
    const [Shown] = useState<ComponentType>(() => loaded ?? Lazy);
    return <Shown />;
  }
  return { component: Page, preload: () => void load().catch(() => undefined) };
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
