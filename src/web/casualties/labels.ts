import type { MessageKey } from '../i18n/en.ts';
import { hasMessage } from '../i18n/languages.ts';
import type { Params } from '../i18n/translate.ts';
import type { ImportProblem } from './api.ts';

type T = (key: MessageKey, params?: Params) => string;

const isKey = hasMessage;

/** A record field's name in the reader's language; an unknown field is shown as the server named it. */
export function fieldLabel(t: T, field: string | undefined | null): string {
  if (!field) return '';
  const key = `casualties.field.${field}`;
  return isKey(key) ? t(key) : field;
}

/** A problem in the reader's language when its code is known, else the server's own (English) message. */
export function problemText(t: T, problem: ImportProblem): string {
  const key = `casualties.problem.${problem.code}`;
  return isKey(key) ? t(key) : problem.message;
}

export function sexLabel(t: T, sex: string | null | undefined): string {
  if (!sex) return '–';
  const key = `casualties.sex.${sex}`;
  return isKey(key) ? t(key) : sex;
}

export function statusLabel(t: T, status: string | null | undefined): string {
  if (!status) return '–';
  const key = `casualties.status.${status}`;
  return isKey(key) ? t(key) : status;
}

/** An order of dates as a reader would name it (DD.MM.YYYY…), in the reader's language. */
export function dateFormatLabel(t: T, format: string): string {
  const key = `casualties.dateFormat.${format}`;
  return isKey(key) ? t(key) : format;
}
