import { useT } from '../i18n/I18nProvider.tsx';

/** Previous/next over an offset-paged list, saying which rows are shown. */
export function Pager({ offset, limit, total, onChange }: { offset: number; limit: number; total: number; onChange: (offset: number) => void }) {
  const t = useT();
  if (total <= limit && offset === 0) return <p className="muted">{t('casualties.pager.all', { total })}</p>;
  return (
    <nav className="pager" aria-label={t('casualties.pager.label')}>
      <button type="button" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - limit))}>
        {t('casualties.pager.previous')}
      </button>
      <span>{t('casualties.pager.showing', { from: Math.min(total, offset + 1), to: Math.min(total, offset + limit), total })}</span>
      <button type="button" disabled={offset + limit >= total} onClick={() => onChange(offset + limit)}>
        {t('casualties.pager.next')}
      </button>
    </nav>
  );
}
