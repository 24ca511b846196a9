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
}

export const MODULES: readonly ModuleDefinition[] = [
  { id: 'archive', path: '/archive', navKey: 'nav.archive', access: 'public', component: lazy(() => withCatalogues(['archive', 'publication', 'ledger'], () => import('./archive/index.tsx'))) },
  { id: 'claims', path: '/claims', navKey: 'nav.claims', access: 'public', component: lazy(() => withCatalogues(['registry', 'publication'], () => import('./registry/index.tsx'))) },
  { id: 'casualties', path: '/casualties', navKey: 'nav.casualties', access: 'signed-in', component: lazy(() => withCatalogues(['casualties', 'receipts', 'publication'], () => import('./casualties/index.tsx'))) },
  { id: 'cases', path: '/cases', navKey: 'nav.cases', access: ['viewer', 'editor', 'reviewer', 'admin'], component: lazy(() => withCatalogues(['cases', 'registry'], () => import('./cases/index.tsx'))) },
  { id: 'estimates', path: '/estimates', navKey: 'nav.estimates', access: 'public', component: lazy(() => withCatalogues(['estimates', 'receipts', 'publication'], () => import('./estimates/index.tsx'))) },
  { id: 'dialogue', path: '/dialogue', navKey: 'nav.dialogue', access: 'public', component: lazy(() => withCatalogues(['dialogue'], () => import('./dialogue/index.tsx'))) },
  { id: 'missing', path: '/missing', navKey: 'nav.missing', access: ['editor', 'reviewer', 'moderator', 'admin'], component: lazy(() => withCatalogues(['missing'], () => import('./missing/index.tsx'))) },
  { id: 'submissions', path: '/submissions', navKey: 'nav.submissions', access: ['editor', 'moderator', 'admin'], component: lazy(() => withCatalogues(['submissions'], () => import('./submissions/index.tsx'))) },
  { id: 'admin', path: '/admin', navKey: 'nav.admin', access: ['admin'], component: lazy(() => withCatalogues(['ledger'], () => import('./admin/index.tsx'))) },
];
