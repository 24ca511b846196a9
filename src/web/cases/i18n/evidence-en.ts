/** English strings of the cases module's evidence pages (owned by the cases-evidence part); spread into ./en.ts. */
export const casesEvidenceEn = {} as const;

export type CasesEvidenceMessages = { readonly [K in keyof typeof casesEvidenceEn]: string };
