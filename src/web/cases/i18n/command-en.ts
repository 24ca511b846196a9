/** English strings of the cases module's command pages (owned by the cases-command part); spread into ./en.ts. */
export const casesCommandEn = {} as const;

export type CasesCommandMessages = { readonly [K in keyof typeof casesCommandEn]: string };
