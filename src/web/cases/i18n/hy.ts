import { casesCommandHy } from './command-hy.ts';
import { casesEvidenceHy } from './evidence-hy.ts';
import type { CasesMessages } from './en.ts';

/** Արդարության մոդուլի հայերեն տողերը։ */
export const casesHy: CasesMessages = {
  'cases.title': 'Արդարություն',
  'cases.loading': 'Բեռնվում է…',
  'cases.voice':
    'Reckon-ը ոչ մի միջադեպի իր անունից որակում չի տալիս։ Ստորև յուրաքանչյուր որակում պնդում է՝ ցույց է տրված, թե ով է այն անում և որ աղբյուրներում․ մրցակից որակումները կողք կողքի են։',
  ...casesEvidenceHy,
  ...casesCommandHy,
};
