import { casesCommandRu } from './command-ru.ts';
import { casesEvidenceRu } from './evidence-ru.ts';
import type { CasesMessages } from './en.ts';

/** Строки модуля «Правосудие» на русском языке. */
export const casesRu: CasesMessages = {
  'cases.title': 'Правосудие',
  'cases.loading': 'Загрузка…',
  'cases.voice':
    'Reckon не даёт инцидентам квалификацию от своего имени. Каждая квалификация ниже — это утверждение: показано, кто его делает и в каких источниках; конкурирующие стоят рядом.',
  ...casesEvidenceRu,
  ...casesCommandRu,
};
