import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import type { SystemInfo } from '../api/types.ts';
import { useT } from '../i18n/I18nProvider.tsx';

export function Footer() {
  const t = useT();
  const [system, setSystem] = useState<SystemInfo | null>(null);

  useEffect(() => {
    let current = true;
    // the footer is informative only: without the system endpoint it just omits the version
    api.system().then(
      (info) => current && setSystem(info),
      () => current && setSystem(null),
    );
    return () => {
      current = false;
    };
  }, []);

  return (
    <footer className="site-footer">
      <p>
        {t('app.name')} · {t('app.tagline')}
      </p>
      <p>
        {t('app.footer.licence')}
        {system ? <> · {t('app.footer.version', { version: system.version })}</> : null} ·{' '}
        <a href="/api/docs">{t('app.footer.apiDocs')}</a>
      </p>
    </footer>
  );
}
