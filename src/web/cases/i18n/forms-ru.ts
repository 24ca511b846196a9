import type { CasesFormsMessages } from './forms-en.ts';

export const casesFormsRu: CasesFormsMessages = {
  'cases.newAct.victimRecord': 'Жертва из списка потерь, если она в нём есть (введите часть имени)',
  'cases.newAct.victimRecordHint': 'Имена находятся в любой письменности. Какая запись указана, видят только роли, которым разрешено читать записи о потерях.',
  'cases.place.new': 'Указать «{text}» как новое место',
  'cases.correct.act': 'Исправить это деяние',
  'cases.correct.hintAct': 'Деяние показывает исправленные значения; что было записано раньше, кто и почему исправил, остаётся в записи как событие реестра.',
  'cases.correct.allegation': 'Исправить это утверждение',
  'cases.correct.hintAllegation': 'Утверждение показывает исправленные значения; прежние значения, кто и почему их исправил, остаются в записи как событие реестра. Уровень проверки меняют рецензенты; элемент, к которому привязаны доказательства, убрать нельзя.',
  'cases.correct.source': 'Источник исправления, если есть',
  'cases.correct.sourceShown': 'Источник исправления: {publisher} — {title}',
  'cases.correct.language': 'Язык заявления (например, en, az, ru, hy)',
  'cases.correct.notes': 'Примечания',
  'cases.standing.withdrawIncident': 'Отозвать этот инцидент',
  'cases.standing.withdrawAct': 'Отозвать это деяние',
  'cases.standing.restore': 'Восстановить',
  'cases.standing.hint': 'Запись остаётся такой, как была внесена. Отзыв или восстановление и его причина — событие реестра, и каждый шаг остаётся в списке.',
  'cases.standing.reason': 'Причина',
  'cases.standing.withdrawn': 'Отозвано {at}, {by}: {reason}',
  'cases.standing.history': 'Отзывов и восстановлений: {count}. Показать историю',
  'cases.standing.stepWithdrawn': '{at}, {by} отозвал(а): {reason}',
  'cases.standing.stepRestored': '{at}, {by} восстановил(а): {reason}',
};
