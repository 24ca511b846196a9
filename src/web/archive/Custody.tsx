import { useState } from 'react';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { LedgerEntries } from '../ledger/LedgerEntries.tsx';
import { actorInWords, isUsername } from '../components/actor-name.ts';
import { actionLabel } from '../audit/action-label.ts';
import { archiveApi, CONFIDENTIALITIES, CONSENT_SCOPES, type ItemDetail } from './api.ts';
import { useLoad } from './hooks.ts';
import { ScrollRegion } from '../components/ScrollRegion.tsx';

/** The item's stored columns a change names (service.ts columnsOf), as the form labels them. */
const FIELDS: Record<string, MessageKey> = {
  kind: 'archive.item.kind',
  title: 'archive.meta.itemTitle',
  description: 'archive.meta.description',
  languages: 'archive.item.languages',
  event_date: 'archive.item.date',
  event_start: 'archive.item.date',
  event_end: 'archive.item.date',
  place_name: 'archive.item.place',
  country: 'archive.item.place',
  latitude: 'archive.item.place',
  longitude: 'archive.item.place',
  provided_by: 'archive.meta.providedBy',
  confidentiality: 'archive.facet.confidentiality',
  tags: 'archive.meta.tags',
  related: 'archive.meta.related',
};

/**
 * The few details worth a glance in the timeline, in words: which fields changed (as the form names them), a file's
 * name, a confidentiality or a consent named in the reader's language. Codes, identifiers and the rest of the record
 * stay in the row's technical details; the full record is in the audit log and the ledger entry.
 */
function summary(t: (key: MessageKey, params?: Record<string, string | number>) => string, details: Record<string, unknown>): string {
  const parts: string[] = [];
  const changes = details.changes as Record<string, unknown> | undefined;
  if (changes && typeof changes === 'object') {
    const fields = [...new Set(Object.keys(changes).flatMap((key) => (FIELDS[key] ? [t(FIELDS[key])] : [])))];
    if (fields.length) parts.push(t('archive.custody.changed', { fields: fields.join(', ') }));
  }
  if (typeof details.filename === 'string') parts.push(details.filename);
  if (typeof details.to === 'string' && (CONFIDENTIALITIES as readonly string[]).includes(details.to))
    parts.push(t(`archive.conf.${details.to}` as MessageKey));
  if (typeof details.scope === 'string' && (CONSENT_SCOPES as readonly string[]).includes(details.scope))
    parts.push(t(`archive.consent.${details.scope}` as MessageKey));
  return parts.join(' · ');
}

/** Events shown at a time: an item viewed or downloaded many times must not make the page thousands of pixels tall. */
const PAGE = 10;

/**
 * The custody timeline of an item: every audit event about the item or one of its files' blobs (oldest first), a
 * page at a time starting with the newest, then the same events as ledger entries (folded away until opened), each
 * verifiable in the browser against the published key.
 */
export function Custody({ item, version }: { item: ItemDetail; version: number }) {
  const { t, formatDateTime } = useI18n();
  const custody = useLoad(() => archiveApi.custody(item.id), `${item.id}|${version}`);
  // Pages counted back from the newest events (0: the newest ten, following the timeline as it grows), so every
  // page is full and the table keeps its height however many events there are.
  const [back, setBack] = useState(0);
  const total = custody.data?.events.length ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE));
  const page = Math.min(back, pages - 1);
  const to = total - page * PAGE;
  const from = Math.max(0, to - PAGE);
  const shown = custody.data ? custody.data.events.slice(from, to) : [];
  const names = new Map(item.files.map((f) => [f.sha256, f.filename]));
  const blobs = [...new Set(item.files.map((f) => f.sha256))];
  return (
    <section aria-labelledby="archive-custody-title" className="archive-custody">
      <h2 id="archive-custody-title">{t('archive.item.custody')}</h2>
      {custody.error ? <Notice kind="error">{describeError(t, custody.error)}</Notice> : null}
      {!custody.data && !custody.error ? <p role="status">{t('archive.loading')}</p> : null}
      {custody.data ? (
        custody.data.events.length === 0 ? (
          <p>{t('archive.item.custodyEmpty')}</p>
        ) : (
          <ScrollRegion labelledBy="archive-custody-title">
            <table className="dense">
              <caption>
                {t('archive.custody.caption', { count: total })} — {t('archive.custody.range', { from: from + 1, to, total })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('archive.custody.when')}</th>
                  <th scope="col">{t('archive.custody.who')}</th>
                  <th scope="col">{t('archive.custody.what')}</th>
                  <th scope="col">{t('archive.custody.subject')}</th>
                  <th scope="col">{t('archive.custody.details')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((e) => (
                  <tr key={e.id} className="archive-custody-event" data-action={e.action}>
                    <td className="nowrap">
                      <time dateTime={e.at}>{formatDateTime(e.at)}</time>
                    </td>
                    <td translate={isUsername(e.actorName) ? 'no' : undefined}>{actorInWords(t, e.actorName)}</td>
                    <td>{actionLabel(t, e.action)}</td>
                    <td>
                      {e.subjectType === 'blob'
                        ? t('archive.custody.file', { name: names.get(e.subjectId ?? '') ?? `${(e.subjectId ?? '').slice(0, 12)}…` })
                        : t('archive.custody.item')}
                    </td>
                    <td className="archive-custody-details">
                      {summary(t, e.details)}
                      <details className="archive-custody-technical">
                        <summary>{t('archive.custody.technical')}</summary>
                        <code>
                          {e.action} {e.subjectType} {e.subjectId} {JSON.stringify(e.details)}
                        </code>
                      </details>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {total > PAGE ? (
              <div className="pager">
                <button type="button" className="button-secondary" disabled={from === 0} onClick={() => setBack(page + 1)}>
                  {t('archive.page.previous')}
                </button>
                <button type="button" className="button-secondary" disabled={page === 0} onClick={() => setBack(page - 1)}>
                  {t('archive.page.next')}
                </button>
                <button type="button" className="button-secondary" disabled={page === 0} onClick={() => setBack(0)}>
                  {t('archive.custody.newest')}
                </button>
              </div>
            ) : null}
          </ScrollRegion>
        )
      ) : null}
      <details className="archive-ledger">
        <summary>{t('archive.custody.ledger')}</summary>
        <LedgerEntries key={`item-${version}`} subjectType="item" subjectIds={[item.id]} title={t('archive.ledger.item')} />
        {blobs.length ? <LedgerEntries key={`blob-${version}`} subjectType="blob" subjectIds={blobs} title={t('archive.ledger.files')} /> : null}
      </details>
    </section>
  );
}
