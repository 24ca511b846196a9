import { useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { archiveApi, type ItemDetail } from './api.ts';
import { formatPosition, photoFacts } from './photo-metadata.ts';

/**
 * What the camera wrote into a photo, in words: when it was taken, by which camera, where (with a warning: a
 * position may be where a witness lives, and a published original carries it), and for editors the actions that
 * take the capture day as the item's event date and the position as the item's place.
 */
export function PhotoDetails({ item, metadata, canEdit, onChanged }: { item: ItemDetail; metadata: Record<string, unknown> | null; canEdit: boolean; onChanged: () => void }) {
  const { t, formatDateTime } = useI18n();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const facts = photoFacts(metadata);
  if (!facts) return null;
  const apply = async (body: Parameters<typeof archiveApi.update>[1]) => {
    setBusy(true);
    setFailed(false);
    try {
      await archiveApi.update(item.id, body);
      onChanged();
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  const { gps } = facts;
  const placeIsGps = gps !== null && item.place.latitude === gps.latitude && item.place.longitude === gps.longitude;
  return (
    <section className="archive-photo" aria-label={t('archive.photo.title')}>
      <h4>{t('archive.photo.title')}</h4>
      <dl>
        {facts.capturedAt ? (
          <>
            <dt>{t('archive.photo.taken')}</dt>
            <dd>
              {facts.capturedClock ? (
                // The camera's wall clock, never moved into the reader's zone: parsed without a zone, a date-time is
                // local to the browser, so the browser writes back the same hour and minute.
                <>
                  {formatDateTime(facts.capturedClock.local)}{' '}
                  <span className="archive-photo-clock">
                    ({facts.capturedClock.offset ? t('archive.photo.zone', { offset: facts.capturedClock.offset }) : t('archive.photo.localClock')})
                  </span>
                </>
              ) : /^\d{4}-\d{2}-\d{2}T/.test(facts.capturedAt) ? (
                formatDateTime(facts.capturedAt)
              ) : (
                facts.capturedAt
              )}
            </dd>
          </>
        ) : null}
        {facts.camera ? (
          <>
            <dt>{t('archive.photo.camera')}</dt>
            <dd>{facts.camera}</dd>
          </>
        ) : null}
        {facts.software ? (
          <>
            <dt>{t('archive.photo.software')}</dt>
            <dd>{facts.software}</dd>
          </>
        ) : null}
        {facts.width !== null && facts.height !== null ? (
          <>
            <dt>{t('archive.photo.size')}</dt>
            <dd>{t('archive.photo.pixels', { width: facts.width, height: facts.height })}</dd>
          </>
        ) : null}
        {gps ? (
          <>
            <dt>{t('archive.photo.position')}</dt>
            <dd className="archive-photo-position">
              {formatPosition(gps.latitude, gps.longitude)}
              {gps.altitude !== null ? ` · ${t('archive.photo.altitude', { metres: gps.altitude })}` : ''}
            </dd>
          </>
        ) : null}
        {facts.serial || facts.lensSerial ? (
          <>
            <dt>{t('archive.photo.serial')}</dt>
            <dd>{[facts.serial, facts.lensSerial].filter(Boolean).join(' · ')}</dd>
          </>
        ) : null}
      </dl>
      {gps || facts.serial || facts.lensSerial ? <p className="archive-photo-warning">{t('archive.photo.warning')}</p> : null}
      {canEdit && (facts.capturedOn || gps) ? (
        <p className="archive-photo-actions">
          {facts.capturedOn ? (
            <button type="button" className="button-secondary" disabled={busy || item.eventDate === facts.capturedOn} onClick={() => void apply({ eventDate: facts.capturedOn })}>
              {item.eventDate === facts.capturedOn ? t('archive.photo.dateUsed') : t('archive.photo.useDate', { date: facts.capturedOn })}
            </button>
          ) : null}{' '}
          {gps ? (
            <button type="button" className="button-secondary" disabled={busy || placeIsGps} onClick={() => void apply({ place: { latitude: gps.latitude, longitude: gps.longitude } })}>
              {placeIsGps ? t('archive.photo.placeUsed') : t('archive.photo.usePlace')}
            </button>
          ) : null}
        </p>
      ) : null}
      {failed ? (
        <p role="alert" className="archive-photo-failed">
          {t('archive.photo.failed')}
        </p>
      ) : null}
    </section>
  );
}
