import { casesCommandEn } from './command-en.ts';
import { casesEvidenceEn } from './evidence-en.ts';

/** English strings of the cases (justice) module; spread into src/web/i18n/en.ts. */
export const casesEn = {
  'cases.title': 'Justice',
  'cases.loading': 'Loading…',
  'cases.voice':
    'Reckon does not characterise any incident. Each characterisation below is an allegation: shown with who makes it and in which sources; competing ones stand side by side.',
  ...casesEvidenceEn,
  ...casesCommandEn,
} as const;

export type CasesMessages = { readonly [K in keyof typeof casesEn]: string };
