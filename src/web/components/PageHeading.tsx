import { useEffect, useRef } from 'react';
import { useT } from '../i18n/I18nProvider.tsx';
import { claimPendingFocus } from '../shell/focus.ts';

/**
 * The page's one <h1>. It is focusable (but not in the tab order) because the layout moves focus to it after each
 * route change, so screen-reader users hear where they arrived; it also names the browser tab.
 */
export function PageHeading({ children, lead }: { children: string; lead?: string }) {
  const t = useT();
  const appName = t('app.name');
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => claimPendingFocus(ref.current), []);
  useEffect(() => {
    document.title = children === appName ? appName : t('app.pageTitle', { page: children });
  }, [children, appName, t]);
  return (
    <header className="page-heading">
      <h1 tabIndex={-1} id="page-title" ref={ref}>
        {children}
      </h1>
      {lead ? <p className="lead">{lead}</p> : null}
    </header>
  );
}
