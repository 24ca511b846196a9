import { generateArmenianRegister } from './armenian-register.ts';
import { generateAzerbaijaniList } from './azerbaijani-list.ts';
import { generateDiasporaSubmission } from './diaspora-submission.ts';
import { generateDocumentsList } from './documents-list.ts';
import { generateFamilyReports } from './family-reports.ts';
import type { GeneratedList } from './generated-list.ts';
import { generateLists } from './generate.ts';
import { generateHistoricalRegister } from './historical-register.ts';
import { generateMixedList } from './mixed-list.ts';
import { generateNordicRegister } from './nordic-register.ts';
import { generatePressList } from './press-list.ts';
import { generateScottishRegister } from './scottish-register.ts';
import { generateSovietRegister } from './soviet-register.ts';
import { generateUsCensus } from './us-census.ts';
import { generateTracingList } from './tracing-list.ts';

/**
 * The synthetic lists of the generalisation benchmark, each with the goal of issue 12 for its kind of data
 * (multilingual victim lists F1 ≥ 0.90, historical person records F1 ≥ 0.85). The first is the generator the
 * engine was developed against; the others follow conventions it was not developed against.
 */
export interface SuiteGenerator {
  key: string;
  /** 'victims' or 'historical': which goal of issue 12 applies. */
  kind: 'victims' | 'historical';
  goal: number;
  generate: (persons: number, seed: number) => GeneratedList;
}

/** The existing multilingual generator as a plain list, its truth column taken out of the file. */
export function multilingualList(persons: number, seed: number): GeneratedList {
  const { records } = generateLists({ persons, seed });
  const header = ['record_id', 'source', 'name', 'sex', 'birth_date', 'place'];
  return {
    name: 'Multilingual lists (own generator)',
    header,
    rows: records.map((r) => [r.record_id, r.source, r.name, r.sex, r.birth_date, r.place]),
    truth: records.map((r) => r.true_person),
  };
}

export const SUITE_GENERATORS: SuiteGenerator[] = [
  { key: 'multilingual', kind: 'victims', goal: 0.9, generate: multilingualList },
  { key: 'soviet-register', kind: 'victims', goal: 0.9, generate: (persons, seed) => generateSovietRegister({ persons, seed }) },
  { key: 'press-list', kind: 'victims', goal: 0.9, generate: (persons, seed) => generatePressList({ persons, seed }) },
  { key: 'azerbaijani-list', kind: 'victims', goal: 0.9, generate: (persons, seed) => generateAzerbaijaniList({ persons, seed }) },
  { key: 'mixed-list', kind: 'victims', goal: 0.9, generate: (persons, seed) => generateMixedList({ persons, seed }) },
  { key: 'family-reports', kind: 'victims', goal: 0.9, generate: (persons, seed) => generateFamilyReports({ persons, seed }) },
  { key: 'documents-list', kind: 'victims', goal: 0.9, generate: (persons, seed) => generateDocumentsList({ persons, seed }) },
  { key: 'armenian-register', kind: 'victims', goal: 0.9, generate: (persons, seed) => generateArmenianRegister({ persons, seed }) },
  { key: 'tracing-list', kind: 'victims', goal: 0.9, generate: (persons, seed) => generateTracingList({ persons, seed }) },
  { key: 'diaspora-submission', kind: 'victims', goal: 0.9, generate: (persons, seed) => generateDiasporaSubmission({ persons, seed }) },
  { key: 'historical-register', kind: 'historical', goal: 0.85, generate: (persons, seed) => generateHistoricalRegister({ persons, seed }) },
  { key: 'nordic-register', kind: 'historical', goal: 0.85, generate: (persons, seed) => generateNordicRegister({ persons, seed }) },
  { key: 'scottish-register', kind: 'historical', goal: 0.85, generate: (persons, seed) => generateScottishRegister({ persons, seed }) },
  { key: 'us-census', kind: 'historical', goal: 0.85, generate: (persons, seed) => generateUsCensus({ persons, seed }) },
];
