import { useI18n } from '../i18n/I18nProvider.tsx';
import { actionLabel } from './action-label.ts';

/** An audit action in words, its recorded name folded into a technical disclosure beneath. */
export function ActionName({ action }: { action: string }) {
  const { t } = useI18n();
  return (
    <>
      <span className="audit-action">{actionLabel(t, action)}</span>
      <details className="audit-action-code">
        <summary>{t('auditAction.technical')}</summary>
        <code>{action}</code>
      </details>
    </>
  );
}
