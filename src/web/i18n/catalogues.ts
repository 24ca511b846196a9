import type { archiveEn } from '../archive/i18n/en.ts';
import type { auditEn } from '../audit/i18n/en.ts';
import type { casesEn } from '../cases/i18n/en.ts';
import type { casualtiesEn } from '../casualties/i18n/en.ts';
import type { dialogueEn } from '../dialogue/i18n/en.ts';
import type { estimatesEn } from '../estimates/i18n/en.ts';
import type { ledgerEn } from '../ledger/i18n/en.ts';
import type { missingEn } from '../missing/i18n/en.ts';
import type { publicationEn } from '../publication/i18n/en.ts';
import type { receiptsEn } from '../receipts/i18n/en.ts';
import type { registryEn } from '../registry/i18n/en.ts';
import type { submissionsEn } from '../submissions/i18n/en.ts';
import type { Locale } from './languages.ts';

/**
 * The modules' message catalogues. The shell's own strings (src/web/i18n/<locale>.ts) come with the first page; a
 * module's strings are fetched with the module's route (see `catalogues` in src/web/modules.tsx), each language
 * and each module its own small bundle chunk, so a participant's first page does not carry the archive's words
 * (issue 16: ≤ 150 KB on a phone).
 *
 * To add a module's catalogue: write src/web/<module>/i18n/{en,az,hy,ru}.ts (the others typed against English),
 * add one entry below and its English type to `CatalogueKey`, and name it in the module's route.
 */
export type CatalogueKey =
  | keyof typeof archiveEn
  | keyof typeof auditEn
  | keyof typeof casesEn
  | keyof typeof casualtiesEn
  | keyof typeof dialogueEn
  | keyof typeof estimatesEn
  | keyof typeof ledgerEn
  | keyof typeof missingEn
  | keyof typeof publicationEn
  | keyof typeof receiptsEn
  | keyof typeof registryEn
  | keyof typeof submissionsEn;

type Part = Readonly<Record<string, string>>;
type Loaders = Readonly<Record<Locale, () => Promise<Part>>>;

interface CatalogueDefinition {
  /**
   * The first segments of its keys. A key the page asks for that is not loaded yet fetches the catalogue its prefix
   * names (a safety net for a component shown outside its own module's route; the test keeps this list exact).
   */
  prefixes: readonly string[];
  load: Loaders;
}

export const CATALOGUES = {
  archive: {
    prefixes: ['archive'],
    load: {
      en: () => import('../archive/i18n/en.ts').then((m) => m.archiveEn),
      az: () => import('../archive/i18n/az.ts').then((m) => m.archiveAz),
      hy: () => import('../archive/i18n/hy.ts').then((m) => m.archiveHy),
      ru: () => import('../archive/i18n/ru.ts').then((m) => m.archiveRu),
    },
  },
  // Names of audit actions, shown wherever an event is listed (the audit log, custody, ledger entries): fetched by
  // their prefix on first use rather than named by each module's route.
  audit: {
    prefixes: ['auditAction'],
    load: {
      en: () => import('../audit/i18n/en.ts').then((m) => m.auditEn),
      az: () => import('../audit/i18n/az.ts').then((m) => m.auditAz),
      hy: () => import('../audit/i18n/hy.ts').then((m) => m.auditHy),
      ru: () => import('../audit/i18n/ru.ts').then((m) => m.auditRu),
    },
  },
  cases: {
    prefixes: ['cases'],
    load: {
      en: () => import('../cases/i18n/en.ts').then((m) => m.casesEn),
      az: () => import('../cases/i18n/az.ts').then((m) => m.casesAz),
      hy: () => import('../cases/i18n/hy.ts').then((m) => m.casesHy),
      ru: () => import('../cases/i18n/ru.ts').then((m) => m.casesRu),
    },
  },
  casualties: {
    prefixes: ['casualties'],
    load: {
      en: () => import('../casualties/i18n/en.ts').then((m) => m.casualtiesEn),
      az: () => import('../casualties/i18n/az.ts').then((m) => m.casualtiesAz),
      hy: () => import('../casualties/i18n/hy.ts').then((m) => m.casualtiesHy),
      ru: () => import('../casualties/i18n/ru.ts').then((m) => m.casualtiesRu),
    },
  },
  dialogue: {
    prefixes: ['dialogue'],
    load: {
      en: () => import('../dialogue/i18n/en.ts').then((m) => m.dialogueEn),
      az: () => import('../dialogue/i18n/az.ts').then((m) => m.dialogueAz),
      hy: () => import('../dialogue/i18n/hy.ts').then((m) => m.dialogueHy),
      ru: () => import('../dialogue/i18n/ru.ts').then((m) => m.dialogueRu),
    },
  },
  estimates: {
    prefixes: ['estimates'],
    load: {
      en: () => import('../estimates/i18n/en.ts').then((m) => m.estimatesEn),
      az: () => import('../estimates/i18n/az.ts').then((m) => m.estimatesAz),
      hy: () => import('../estimates/i18n/hy.ts').then((m) => m.estimatesHy),
      ru: () => import('../estimates/i18n/ru.ts').then((m) => m.estimatesRu),
    },
  },
  ledger: {
    prefixes: ['ledger', 'admin'],
    load: {
      en: () => import('../ledger/i18n/en.ts').then((m) => m.ledgerEn),
      az: () => import('../ledger/i18n/az.ts').then((m) => m.ledgerAz),
      hy: () => import('../ledger/i18n/hy.ts').then((m) => m.ledgerHy),
      ru: () => import('../ledger/i18n/ru.ts').then((m) => m.ledgerRu),
    },
  },
  missing: {
    prefixes: ['missing'],
    load: {
      en: () => import('../missing/i18n/en.ts').then((m) => m.missingEn),
      az: () => import('../missing/i18n/az.ts').then((m) => m.missingAz),
      hy: () => import('../missing/i18n/hy.ts').then((m) => m.missingHy),
      ru: () => import('../missing/i18n/ru.ts').then((m) => m.missingRu),
    },
  },
  publication: {
    prefixes: ['publication'],
    load: {
      en: () => import('../publication/i18n/en.ts').then((m) => m.publicationEn),
      az: () => import('../publication/i18n/az.ts').then((m) => m.publicationAz),
      hy: () => import('../publication/i18n/hy.ts').then((m) => m.publicationHy),
      ru: () => import('../publication/i18n/ru.ts').then((m) => m.publicationRu),
    },
  },
  receipts: {
    prefixes: ['receipts'],
    load: {
      en: () => import('../receipts/i18n/en.ts').then((m) => m.receiptsEn),
      az: () => import('../receipts/i18n/az.ts').then((m) => m.receiptsAz),
      hy: () => import('../receipts/i18n/hy.ts').then((m) => m.receiptsHy),
      ru: () => import('../receipts/i18n/ru.ts').then((m) => m.receiptsRu),
    },
  },
  registry: {
    prefixes: ['registry'],
    load: {
      en: () => import('../registry/i18n/en.ts').then((m) => m.registryEn),
      az: () => import('../registry/i18n/az.ts').then((m) => m.registryAz),
      hy: () => import('../registry/i18n/hy.ts').then((m) => m.registryHy),
      ru: () => import('../registry/i18n/ru.ts').then((m) => m.registryRu),
    },
  },
  submissions: {
    prefixes: ['submissions'],
    load: {
      en: () => import('../submissions/i18n/en.ts').then((m) => m.submissionsEn),
      az: () => import('../submissions/i18n/az.ts').then((m) => m.submissionsAz),
      hy: () => import('../submissions/i18n/hy.ts').then((m) => m.submissionsHy),
      ru: () => import('../submissions/i18n/ru.ts').then((m) => m.submissionsRu),
    },
  },
} as const satisfies Record<string, CatalogueDefinition>;

export type CatalogueName = keyof typeof CATALOGUES;
export const CATALOGUE_NAMES = Object.keys(CATALOGUES) as CatalogueName[];

/** The catalogue a key not yet loaded belongs to, by its first segment; null for a key of no catalogue. */
export function catalogueOfKey(key: string): CatalogueName | null {
  const prefix = key.split('.')[0];
  return CATALOGUE_NAMES.find((name) => (CATALOGUES[name].prefixes as readonly string[]).includes(prefix)) ?? null;
}
