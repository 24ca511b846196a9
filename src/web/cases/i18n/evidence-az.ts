import type { CasesEvidenceMessages } from './evidence-en.ts';

export const casesEvidenceAz: CasesEvidenceMessages = {};
