export * from './types.ts';
export * from './columns.ts';
export { parseCaseFiles, parseFrameworkFiles, MAX_FILE_CHARS, type Parsed } from './parse.ts';
export { ARTICLE_PATTERN } from './read.ts';
export { checkCaseReferences, checkFrameworkReferences, crimeAncestry, type CaseKnown, type CrimeInfo, type FrameworkKnown } from './validate.ts';
export { casesToCsv, casesToJson, flatIncident, frameworksToCsv, frameworksToJson } from './serialize.ts';
