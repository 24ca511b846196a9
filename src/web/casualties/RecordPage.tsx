import { Fragment, useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useSession } from '../auth/SessionProvider.tsx';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { casualtiesApi, type CasualtyRecord, type RecordDetail } from './api.ts';
import { CorrectionForm } from './CorrectionForm.tsx';
import { fieldLabel, sexLabel, statusLabel } from './labels.ts';
import { Names, recordNames } from './RecordsList.tsx';
import { canEdit, Section } from './Section.tsx';
import { ScrollRegion } from '../components/ScrollRegion.tsx';

/** The record's fields in display order, with how each is shown. */
export const RECORD_FIELDS: { field: string; value: (r: CasualtyRecord, t: ReturnType<typeof useI18n>['t']) => string | null }[] = [
  { field: 'sex', value: (r, t) => sexLabel(t, r.sex) },
  { field: 'age', value: (r) => (r.age === null ? null : String(r.age)) },
  { field: 'birth_date', value: (r) => r.birthDate },
  { field: 'death_date', value: (r) => r.deathDate },
  { field: 'place', value: (r) => r.place },
  { field: 'status', value: (r, t) => statusLabel(t, r.status) },
  { field: 'type', value: (r) => r.type },
  { field: 'cause', value: (r) => r.cause },
  { field: 'perpetrator_reported', value: (r) => r.perpetratorReported },
  { field: 'notes', value: (r) => r.notes },
];

/** One record: its current fields, every version (a correction never overwrites), the row as imported, and the correction form. */
export function RecordPage() {
  const { t, formatDateTime } = useI18n();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { user } = useSession();
  const [detail, setDetail] = useState<RecordDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    setError(null);
    casualtiesApi.record(id).then(setDetail, (e: unknown) => setError(describeError(t, e)));
  }, [id, t]);
  useEffect(() => {
    if (user) load();
  }, [user, load]);

  const record = detail?.record;
  const title = record ? t('casualties.record.title', { id: record.sourceRecordId }) : t('casualties.record.loadingTitle');
  return (
    <Section title={title}>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {!detail && !error ? <p className="loading">{t('casualties.loading')}</p> : null}
      {detail && record ? (
        <>
          <p>
            {t('casualties.record.inList')} <Link to={`/casualties/sources/${encodeURIComponent(detail.source.id)}`}>{detail.source.name}</Link>
          </p>
          {!record.current ? <Notice kind="info">{t('casualties.record.superseded', { version: record.version })}</Notice> : null}
          <dl className="cas-facts">
            <dt>{t('casualties.records.names')}</dt>
            <dd>
              <Names names={recordNames(record)} />
            </dd>
            {RECORD_FIELDS.map((f) => (
              <Fragment key={f.field}>
                <dt>{fieldLabel(t, f.field)}</dt>
                <dd>{f.value(record, t) ?? '–'}</dd>
              </Fragment>
            ))}
          </dl>
          <section aria-labelledby="cas-versions-title">
            <h2 id="cas-versions-title">{t('casualties.record.versions')}</h2>
            <ScrollRegion labelledBy="cas-versions-title">
              <table className="dense">
                <thead>
                  <tr>
                    <th scope="col">{t('casualties.records.version')}</th>
                    <th scope="col">{t('casualties.record.when')}</th>
                    <th scope="col">{t('casualties.records.names')}</th>
                    <th scope="col">{t('casualties.record.fields')}</th>
                    <th scope="col">{t('casualties.record.origin')}</th>
                  </tr>
                </thead>
                <tbody>
                  {detail.versions.map((v) => (
                    <tr key={v.id} className={v.id === record.id ? 'cas-this-version' : undefined}>
                      <th scope="row">
                        {v.id === record.id ? (
                          v.version
                        ) : (
                          <Link to={`/casualties/records/${encodeURIComponent(v.id)}`}>{v.version}</Link>
                        )}{' '}
                        {v.current ? <span className="badge badge-ok">{t('casualties.record.current')}</span> : null}
                      </th>
                      <td className="nowrap">{formatDateTime(v.createdAt)}</td>
                      <td>
                        <Names names={recordNames(v)} />
                      </td>
                      <td>
                        {RECORD_FIELDS.map((f) => f.value(v, t))
                          .filter((x) => x !== null && x !== '–')
                          .join(' · ')}
                      </td>
                      <td>
                        {v.line !== null ? t('casualties.record.fromLine', { line: v.line }) : t('casualties.record.correction')}
                        {v.correctionReason ? <span className="cell-sub">{v.correctionReason}</span> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          </section>
          {detail.raw ? (
            <details className="cas-raw">
              <summary>{t('casualties.record.raw')}</summary>
              <dl className="cas-facts">
                {Object.entries(detail.raw).map(([k, v]) => (
                  <Fragment key={k}>
                    <dt>{k}</dt>
                    <dd dir="auto">{v}</dd>
                  </Fragment>
                ))}
              </dl>
            </details>
          ) : null}
          {canEdit(user?.role) && record.current ? (
            <CorrectionForm record={record} onCorrected={(next) => navigate(`/casualties/records/${encodeURIComponent(next.id)}`)} />
          ) : null}
        </>
      ) : null}
    </Section>
  );
}
