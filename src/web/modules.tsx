import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Access } from './auth/access.ts';
import type { MessageKey } from './i18n/en.ts';
import { withCatalogues } from './i18n/languages.ts';

/**
 * Every module of the web app, in navigation order. To add a module: create `src/web/<module>/index.tsx` with a
 * default-exported page component, its strings in `src/web/<module>/i18n/` (listed in src/web/i18n/catalogues.ts),
 * and add one entry here naming the catalogues its pages use: they load with the page. The component is
 * mounted at `<path>/*`, so it may declare its own nested <Routes> for sub-pages.
 */
export interface ModuleDefinition {
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
  /** The page, mounted at `<path>/*`; lazy so that each module is its own bundle chunk. */
  component: LazyExoticComponent<ComponentType> | ComponentType;
  /** Starts fetching the page's chunk and catalogues without rendering it (the same promise `component` awaits). */
  preload?: () => void;
}

/**
 * A lazily loaded page whose chunk and catalogues load once, whether first asked for by `preload` (at start-up, for
 * the page in the address bar) or by React rendering it.
 */
function lazyPage(catalogues: Parameters<typeof withCatalogues>[0], importer: () => Promise<{ default: ComponentType }>) {
  let loading: Promise<{ default: ComponentType }> | undefined;
  const load = () => (loading ??= withCatalogues(catalogues, importer).catch((error: unknown) => {
    loading = undefined; // a later attempt may succeed (back online)
    throw error;
  }));
  return { component: lazy(load), preload: () => void load().catch(() => undefined) };
}

export const MODULES: readonly ModuleDefinition[] = [
  { id: 'archive', path: '/archive', navKey: 'nav.archive', access: 'public', ...lazyPage(['archive', 'publication', 'ledger'], () => import('./archive/index.tsx')) },
  { id: 'claims', path: '/claims', navKey: 'nav.claims', access: 'public', ...lazyPage(['registry', 'publication'], () => import('./registry/index.tsx')) },
  { id: 'casualties', path: '/casualties', navKey: 'nav.casualties', access: 'signed-in', ...lazyPage(['casualties', 'receipts', 'publication'], () => import('./casualties/index.tsx')) },
  { id: 'cases', path: '/cases', navKey: 'nav.cases', access: ['viewer', 'editor', 'reviewer', 'admin'], ...lazyPage(['cases', 'registry'], () => import('./cases/index.tsx')) },
  { id: 'estimates', path: '/estimates', navKey: 'nav.estimates', access: 'public', ...lazyPage(['estimates', 'receipts', 'publication'], () => import('./estimates/index.tsx')) },
  { id: 'dialogue', path: '/dialogue', navKey: 'nav.dialogue', access: 'public', ...lazyPage(['dialogue'], () => import('./dialogue/index.tsx')) },
  { id: 'missing', path: '/missing', navKey: 'nav.missing', access: ['editor', 'reviewer', 'moderator', 'admin'], ...lazyPage(['missing'], () => import('./missing/index.tsx')) },
  { id: 'submissions', path: '/submissions', navKey: 'nav.submissions', access: ['editor', 'moderator', 'admin'], ...lazyPage(['submissions'], () => import('./submissions/index.tsx')) },
  { id: 'admin', path: '/admin', navKey: 'nav.admin', access: ['admin'], ...lazyPage(['ledger'], () => import('./admin/index.tsx')) },
];

/**
 * Starts loading the module that will show `pathname`, at start-up: the page's chunk then travels beside the session
 * request instead of after it (on a 3G connection each request waiting for the last costs a round trip; issue 16).
 */
export function preloadModuleOf(pathname: string): void {
  const module = MODULES.find((m) => pathname === m.path || pathname.startsWith(`${m.path}/`));
  module?.preload?.();
}
