import { casesCommandAz } from './command-az.ts';
import { casesEvidenceAz } from './evidence-az.ts';
import type { CasesMessages } from './en.ts';

/** Ədalət modulunun Azərbaycan dilində sətirləri. */
export const casesAz: CasesMessages = {
  'cases.title': 'Ədalət',
  'cases.loading': 'Yüklənir…',
  'cases.voice':
    'Reckon heç bir hadisəni öz adından səciyyələndirmir. Aşağıdakı hər səciyyələndirmə bir iddiadır: kimin irəli sürdüyü və hansı mənbələrdə olduğu ilə göstərilir; bir-birinə zidd olanlar yan-yana durur.',
  ...casesEvidenceAz,
  ...casesCommandAz,
};
