import { useI18n } from '../i18n/I18nProvider.tsx';
import type { LiveMode } from './useLiveReport.ts';

/** Says how fresh the page is: live over server-sent events, polling, or reconnecting; and when it last changed. */
export function LiveIndicator({ mode, updatedAt }: { mode: LiveMode; updatedAt?: string | null }) {
  const { t, formatDateTime } = useI18n();
  const label =
    mode === 'live'
      ? t('dialogue.live.live')
      : mode === 'polling'
        ? t('dialogue.live.polling', { seconds: 10 })
        : mode === 'connecting'
          ? t('dialogue.live.connecting')
          : t('dialogue.live.offline');
  return (
    <p className={`dialogue-live dialogue-live-${mode}`}>
      <span className="dialogue-live-dot" aria-hidden="true" />
      {/* only the mode is announced; the time of the last change would be read out after every vote */}
      <span role="status">{label}</span>
      {updatedAt ? <span className="cell-sub"> · {t('dialogue.live.updated', { when: formatDateTime(updatedAt) })}</span> : null}
    </p>
  );
}
