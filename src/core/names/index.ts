export * from './transliterate.ts';
export * from './normalise.ts';
export * from './phonetic.ts';
