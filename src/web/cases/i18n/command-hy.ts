import type { CasesCommandMessages } from './command-en.ts';

export const casesCommandHy: CasesCommandMessages = {};
