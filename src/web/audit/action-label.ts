import { isAuditAction } from '../../core/audit/actions.ts';
import type { MessageKey } from '../i18n/en.ts';

/**
 * An audit action in the reader's words ("File added" for item.file_added). A name the server no longer writes
 * (old rows) reads as "another action"; pages keep the name itself in a technical disclosure.
 */
export function actionLabel(t: (key: MessageKey) => string, action: string): string {
  return isAuditAction(action) ? t(`auditAction.${action}` as MessageKey) : t('auditAction.other');
}
