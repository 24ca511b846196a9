export * from './types.ts';
export * from './dates.ts';
export * from './figures.ts';
export * from './iso3166.ts';
export * from './columns.ts';
export { parseRegistryFiles, MAX_FILE_CHARS, type ParseResult } from './parse.ts';
export { checkReferences } from './validate.ts';
export { toCsvFiles, toJsonFiles, toJsonDocument, canonicalDataset } from './serialize.ts';
export { attribution, sourceLabel } from './attribution.ts';
