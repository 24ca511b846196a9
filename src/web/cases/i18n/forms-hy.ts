import type { CasesFormsMessages } from './forms-en.ts';

export const casesFormsHy: CasesFormsMessages = {
  'cases.newAct.victimRecord': 'Զոհը զոհերի ցուցակում, եթե կա (մուտքագրեք անվան մի մասը)',
  'cases.newAct.victimRecordHint': 'Անունները գտնվում են ցանկացած գրով։ Թե որ գրառումն է նշված, տեսնում են միայն այն դերերը, որոնց թույլատրված է կարդալ զոհերի գրառումները։',
  'cases.place.new': 'Օգտագործել «{text}»-ը որպես նոր վայր',
  'cases.correct.act': 'Ուղղել այս արարքը',
  'cases.correct.hintAct': 'Արարքը ցույց է տալիս ուղղված արժեքները․ ինչ էր գրված նախկինում, ով և ինչու ուղղեց, մնում է գրանցված որպես մատյանի իրադարձություն։',
  'cases.correct.allegation': 'Ուղղել այս պնդումը',
  'cases.correct.hintAllegation': 'Պնդումը ցույց է տալիս ուղղված արժեքները․ նախկին արժեքները, ով և ինչու ուղղեց, մնում են գրանցված որպես մատյանի իրադարձություն։ Ստուգման մակարդակը փոխում են գրախոսները, իսկ ապացույցով կապված տարրը հնարավոր չէ հանել։',
  'cases.correct.source': 'Ուղղման աղբյուրը, եթե կա',
  'cases.correct.sourceShown': 'Ուղղման աղբյուրը՝ {publisher} — {title}',
  'cases.correct.language': 'Հայտարարության լեզուն (օր.՝ en, az, ru, hy)',
  'cases.correct.notes': 'Նշումներ',
  'cases.standing.withdrawIncident': 'Հետ վերցնել այս միջադեպը',
  'cases.standing.withdrawAct': 'Հետ վերցնել այս արարքը',
  'cases.standing.restore': 'Վերականգնել',
  'cases.standing.hint': 'Գրառումը մնում է այնպես, ինչպես մուտքագրվել է։ Հետ վերցնելը կամ վերականգնելը և դրա պատճառը մատյանի իրադարձություն են, և յուրաքանչյուր քայլ մնում է ցանկում։',
  'cases.standing.reason': 'Պատճառ',
  'cases.standing.withdrawn': 'Հետ է վերցվել {at}, {by}՝ {reason}',
  'cases.standing.history': 'Հետ է վերցվել կամ վերականգնվել {count} անգամ․ ցույց տալ պատմությունը',
  'cases.standing.stepWithdrawn': '{at}, {by}-ը հետ վերցրեց՝ {reason}',
  'cases.standing.stepRestored': '{at}, {by}-ը վերականգնեց՝ {reason}',
};
