import type { CasesFormsMessages } from './forms-en.ts';

export const casesFormsAz: CasesFormsMessages = {
  'cases.newAct.victimRecord': 'İtki siyahısındakı qurban, əgər varsa (adın bir hissəsini yazın)',
  'cases.newAct.victimRecordHint': 'Adlar istənilən əlifbada tapılır. Hansı qeydin göstərildiyini yalnız itki qeydlərini oxumağa icazəsi olan rollar görür.',
  'cases.place.new': '“{text}” yeni yer kimi götürülsün',
  'cases.correct.act': 'Bu əməli düzəlt',
  'cases.correct.hintAct': 'Əməl düzəldilmiş dəyərləri göstərir; əvvəl nə yazıldığı, kimin və nə üçün düzəltdiyi reyestr hadisəsi kimi qeydə qalır.',
  'cases.correct.allegation': 'Bu iddianı düzəlt',
  'cases.correct.hintAllegation': 'İddia düzəldilmiş dəyərləri göstərir; əvvəlki dəyərlər, kimin və nə üçün düzəltdiyi reyestr hadisəsi kimi qeydə qalır. Yoxlanma səviyyəsini rəyçilər dəyişir; sübut bağlanmış element çıxarıla bilməz.',
  'cases.correct.source': 'Düzəlişin mənbəyi, əgər varsa',
  'cases.correct.sourceShown': 'Düzəlişin mənbəyi: {publisher} — {title}',
  'cases.correct.language': 'Bəyanatın dili (məsələn, en, az, ru, hy)',
  'cases.correct.notes': 'Qeydlər',
  'cases.standing.withdrawIncident': 'Bu hadisəni geri götür',
  'cases.standing.withdrawAct': 'Bu əməli geri götür',
  'cases.standing.restore': 'Bərpa et',
  'cases.standing.hint': 'Qeyd daxil edildiyi kimi qalır. Geri götürmə və ya bərpa və onun səbəbi reyestr hadisəsidir və hər addım siyahıda qalır.',
  'cases.standing.reason': 'Səbəb',
  'cases.standing.withdrawn': '{at} tarixində {by} tərəfindən geri götürülüb: {reason}',
  'cases.standing.history': '{count} dəfə geri götürülüb və ya bərpa edilib: tarixçəni göstər',
  'cases.standing.stepWithdrawn': '{at}, {by} geri götürdü: {reason}',
  'cases.standing.stepRestored': '{at}, {by} bərpa etdi: {reason}',
};
