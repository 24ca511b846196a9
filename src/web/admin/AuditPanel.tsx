import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import type { AuditEvent } from '../api/types.ts';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { ActionName } from '../audit/ActionName.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { actorInWords, isUsername } from '../components/actor-name.ts';
import { formatDetails } from './auditFormat.ts';
import { ScrollRegion } from '../components/ScrollRegion.tsx';

const PAGE_SIZE = 50;

/**
 * Paged newest-first with the server's `before` cursor. The cursors of earlier pages are kept so the reader can
 * step back without the server supporting `after`.
 */
export function AuditPanel() {
  const { t, formatDateTime } = useI18n();
  const [cursors, setCursors] = useState<(AuditEvent['id'] | undefined)[]>([undefined]);
  const [events, setEvents] = useState<AuditEvent[] | null>(null);
  // The failure itself, put in words at render: a load that depended on `t` ran again (blanking the table) when
  // the audit catalogue arrived after the page.
  const [failure, setFailure] = useState<unknown>(null);
  const page = cursors.length;
  const before = cursors[cursors.length - 1];

  const load = useCallback(async () => {
    setEvents(null);
    try {
      const result = await api.audit({ limit: PAGE_SIZE, before });
      setEvents(result.events);
      setFailure(null);
    } catch (caught) {
      setFailure(caught);
    }
  }, [before]);

  useEffect(() => {
    void load();
  }, [load]);

  const error = failure === null ? null : describeError(t, failure);
  const last = events && events.length === PAGE_SIZE ? events[events.length - 1] : null;

  return (
    <div className="stack">
      <p>{t('audit.intro')}</p>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {events === null ? (
        error ? null : (
          <p className="loading" role="status">
            {t('app.loading')}
          </p>
        )
      ) : events.length === 0 ? (
        <p>{t('audit.empty')}</p>
      ) : (
        <ScrollRegion label={t('audit.page', { page })}>
          <table className="dense">
            <caption className="visually-hidden">{t('audit.page', { page })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('audit.col.time')}</th>
                <th scope="col">{t('audit.col.actor')}</th>
                <th scope="col">{t('audit.col.action')}</th>
                <th scope="col">{t('audit.col.subject')}</th>
                <th scope="col">{t('audit.col.details')}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.id}>
                  <td className="nowrap">
                    <time dateTime={event.at}>{formatDateTime(event.at)}</time>
                  </td>
                  <td translate={isUsername(event.actorName) || (!event.actorName && event.actorId) ? 'no' : undefined}>
                    {event.actorName ? actorInWords(t, event.actorName) : (event.actorId ?? t('audit.system'))}
                  </td>
                  <td>
                    <ActionName action={event.action} />
                  </td>
                  <td>
                    {/* Identifiers and the recorded JSON are technical: folded away, shown as text when opened. */}
                    {event.subjectType || event.subjectId ? (
                      <details>
                        <summary>{t('audit.showSubject')}</summary>
                        <code>{[event.subjectType, event.subjectId].filter(Boolean).join(' ')}</code>
                      </details>
                    ) : null}
                  </td>
                  <td className="details">
                    {formatDetails(event.details) ? (
                      <details>
                        <summary>{t('audit.showDetails')}</summary>
                        <code>{formatDetails(event.details)}</code>
                      </details>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      <div className="pager">
        <span>{t('audit.page', { page })}</span>
        {page > 1 ? (
          <button type="button" className="button-secondary" onClick={() => setCursors((list) => list.slice(0, -1))}>
            {t('audit.newer')}
          </button>
        ) : null}
        {last ? (
          <button type="button" className="button-secondary" onClick={() => setCursors((list) => [...list, last.id])}>
            {t('audit.older')}
          </button>
        ) : null}
      </div>
    </div>
  );
}
