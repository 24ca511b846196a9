import type { MessageKey } from '../i18n/en.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { PageHeading } from './PageHeading.tsx';

/** What an unbuilt module shows: its purpose and what it will hold, so nobody mistakes it for a broken page. */
export function ModulePlaceholder({
  title,
  summary,
  items,
}: {
  title: MessageKey;
  summary: MessageKey;
  items: readonly MessageKey[];
}) {
  const t = useT();
  return (
    <section className="page" aria-labelledby="page-title">
      <PageHeading lead={t(summary)}>{t(title)}</PageHeading>
      <div className="panel">
        <p>{t('module.planned')}</p>
        <ul className="planned">
          {items.map((key) => (
            <li key={key}>{t(key)}</li>
          ))}
        </ul>
      </div>
      <p className="muted">{t('module.published')}</p>
    </section>
  );
}
