import { useState, type FormEvent } from 'react';
import { Dialog } from '../components/Dialog.tsx';
import { Field } from '../components/Field.tsx';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { archiveApi, CONSENT_SCOPES, type ConsentScope, type Identity, type ItemDetail, type Testimony } from './api.ts';
import { today, useArchiveRoles, useLoad } from './hooks.ts';
import { TranscriptEditor } from './TranscriptEditor.tsx';
import { ScrollRegion } from '../components/ScrollRegion.tsx';

function Details({ testimony, canEdit, onSaved }: { testimony: Testimony; canEdit: boolean; onSaved: () => void }) {
  const { t } = useI18n();
  const [values, setValues] = useState({
    pseudonym: testimony.pseudonym,
    interviewer: testimony.interviewer ?? '',
    interviewDate: testimony.interviewDate ?? '',
    interviewPlace: testimony.interviewPlace ?? '',
    language: testimony.language ?? '',
  });
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  if (!canEdit) {
    return (
      <dl className="archive-fields">
        <dt>{t('archive.testimony.pseudonym')}</dt>
        <dd>{testimony.pseudonym}</dd>
        <dt>{t('archive.testimony.interviewer')}</dt>
        <dd>{testimony.interviewer ?? '—'}</dd>
        <dt>{t('archive.testimony.date')}</dt>
        <dd>{testimony.interviewDate ?? '—'}</dd>
        <dt>{t('archive.testimony.place')}</dt>
        <dd>{testimony.interviewPlace ?? '—'}</dd>
        <dt>{t('archive.testimony.language')}</dt>
        <dd>{testimony.language ?? '—'}</dd>
      </dl>
    );
  }
  const set = (key: keyof typeof values, value: string) => {
    setValues((v) => ({ ...v, [key]: value }));
    setSaved(false);
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await archiveApi.updateTestimony(testimony.itemId, {
        pseudonym: values.pseudonym,
        interviewer: values.interviewer.trim() || null,
        interviewDate: values.interviewDate.trim() || null,
        interviewPlace: values.interviewPlace.trim() || null,
        language: values.language.trim() || null,
      });
      setSaved(true);
      onSaved();
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="testimony-details-title" className="archive-form">
      <h3 id="testimony-details-title">{t('archive.testimony.details')}</h3>
      <TestimonyDetailFields values={values} set={set} />
      {error ? <Notice kind="error">{describeError(t, error)}</Notice> : null}
      {saved ? <Notice kind="success">{t('common.saved')}</Notice> : null}
      <div className="form-actions">
        <button type="submit" className="button-primary">
          {t('archive.testimony.saveDetails')}
        </button>
      </div>
    </form>
  );
}

/** The witness and interview fields, shared by the new-testimony form and the item page. */
export function TestimonyDetailFields({ values, set }: { values: { pseudonym: string; interviewer: string; interviewDate: string; interviewPlace: string; language: string }; set: (key: 'pseudonym' | 'interviewer' | 'interviewDate' | 'interviewPlace' | 'language', value: string) => void }) {
  const { t } = useI18n();
  return (
    <>
      <Field label={t('archive.testimony.pseudonym')} hint={t('archive.testimony.pseudonymHint')} required value={values.pseudonym} onChange={(e) => set('pseudonym', e.target.value)} />
      <div className="form-row">
        <Field label={t('archive.testimony.interviewer')} value={values.interviewer} onChange={(e) => set('interviewer', e.target.value)} />
        <Field label={t('archive.testimony.date')} type="date" value={values.interviewDate} onChange={(e) => set('interviewDate', e.target.value)} />
      </div>
      <div className="form-row">
        <Field label={t('archive.testimony.place')} value={values.interviewPlace} onChange={(e) => set('interviewPlace', e.target.value)} />
        <Field label={t('archive.testimony.language')} hint={t('archive.testimony.languageHint')} maxLength={3} value={values.language} onChange={(e) => set('language', e.target.value.toLowerCase())} />
      </div>
    </>
  );
}

/** The witness's protected identity: hidden until asked for (each look is audited); only roles allowed see it. */
function ProtectedIdentity({ testimony, canEdit, onSaved }: { testimony: Testimony; canEdit: boolean; onSaved: () => void }) {
  const { t } = useI18n();
  const roles = useArchiveRoles();
  const [identity, setIdentity] = useState<Identity | null>(null);
  const [shown, setShown] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  if (!roles.custody) {
    return testimony.hasIdentity ? <p>{t('archive.identity.notAllowed')}</p> : null;
  }
  const reveal = async () => {
    setError(null);
    try {
      const { testimony: full } = await archiveApi.revealIdentity(testimony.itemId);
      setIdentity(full.identity ?? {});
      setShown(true);
    } catch (caught) {
      setError(caught);
    }
  };
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const clean = Object.fromEntries(Object.entries(identity ?? {}).filter(([, v]) => typeof v === 'string' && v.trim() !== ''));
      await archiveApi.updateTestimony(testimony.itemId, { identity: Object.keys(clean).length ? clean : null });
      setSaved(true);
      onSaved();
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <section aria-labelledby="identity-title" className="archive-identity">
      <h3 id="identity-title">{t('archive.identity.title')}</h3>
      <p className="archive-meta">{t('archive.identity.lead')}</p>
      {!shown ? (
        <>
          <p>{testimony.hasIdentity ? t('archive.identity.recorded') : t('archive.identity.none')}</p>
          <button type="button" className="button-secondary" onClick={() => void reveal()}>
            {testimony.hasIdentity ? t('archive.identity.show') : canEdit ? t('archive.identity.add') : t('archive.identity.show')}
          </button>
        </>
      ) : (
        <form onSubmit={save} noValidate>
          {(['name', 'contact', 'location'] as const).map((field) => (
            <Field
              key={field}
              label={t(`archive.identity.${field}`)}
              autoComplete="off"
              readOnly={!canEdit}
              value={identity?.[field] ?? ''}
              onChange={(e) => {
                setIdentity({ ...identity, [field]: e.target.value });
                setSaved(false);
              }}
            />
          ))}
          <div className="form-actions">
            {canEdit ? (
              <button type="submit" className="button-primary">
                {t('archive.identity.save')}
              </button>
            ) : null}
            <button
              type="button"
              className="button-secondary"
              onClick={() => {
                setIdentity(null);
                setShown(false);
              }}
            >
              {t('archive.identity.hide')}
            </button>
          </div>
        </form>
      )}
      {error ? <Notice kind="error">{describeError(t, error)}</Notice> : null}
      {saved ? <Notice kind="success">{t('common.saved')}</Notice> : null}
    </section>
  );
}

function Consents({ testimony, canEdit, onSaved }: { testimony: Testimony; canEdit: boolean; onSaved: () => void }) {
  const { t } = useI18n();
  const [dates, setDates] = useState<Record<string, string>>({});
  const [withdrawing, setWithdrawing] = useState<ConsentScope | null>(null);
  const [withdrawOn, setWithdrawOn] = useState(today());
  const [error, setError] = useState<unknown>(null);
  const byScope = new Map(testimony.consents.map((c) => [c.scope, c]));
  const give = async (scope: ConsentScope) => {
    setError(null);
    try {
      await archiveApi.giveConsent(testimony.itemId, scope, dates[scope] || today());
      onSaved();
    } catch (caught) {
      setError(caught);
    }
  };
  const withdraw = async () => {
    if (!withdrawing) return;
    setError(null);
    try {
      await archiveApi.withdrawConsent(testimony.itemId, withdrawing, withdrawOn);
      setWithdrawing(null);
      onSaved();
    } catch (caught) {
      setWithdrawing(null);
      setError(caught);
    }
  };
  return (
    <section aria-labelledby="consent-title">
      <h3 id="consent-title">{t('archive.consent.title')}</h3>
      <ScrollRegion labelledBy="consent-title">
        <table className="dense">
          <thead>
            <tr>
              <th scope="col">{t('archive.consent.scope')}</th>
              <th scope="col">{t('archive.consent.state')}</th>
              {canEdit ? <th scope="col">{t('common.actions')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {CONSENT_SCOPES.map((scope) => {
              const c = byScope.get(scope);
              const inForce = c && !c.withdrawnOn;
              return (
                <tr key={scope}>
                  <th scope="row" id={`consent-${scope}`}>
                    {t(`archive.consent.${scope}`)}
                  </th>
                  <td>{!c ? t('archive.consent.none') : c.withdrawnOn ? t('archive.consent.withdrawnOn', { given: c.givenOn, withdrawn: c.withdrawnOn }) : t('archive.consent.givenOn', { date: c.givenOn })}</td>
                  {canEdit ? (
                    <td>
                      {inForce ? (
                        <button type="button" className="button-danger" aria-describedby={`consent-${scope}`} onClick={() => setWithdrawing(scope)}>
                          {t('archive.consent.withdraw')}
                        </button>
                      ) : (
                        <div className="form-row">
                          <Field label={t('archive.consent.givenOnLabel', { scope: t(`archive.consent.${scope}`) })} type="date" value={dates[scope] ?? today()} onChange={(e) => setDates({ ...dates, [scope]: e.target.value })} />
                          <button type="button" className="button-secondary" aria-describedby={`consent-${scope}`} onClick={() => void give(scope)}>
                            {t('archive.consent.give')}
                          </button>
                        </div>
                      )}
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollRegion>
      {error ? <Notice kind="error">{describeError(t, error)}</Notice> : null}
      <Dialog open={withdrawing !== null} title={t('archive.consent.confirmTitle')} onClose={() => setWithdrawing(null)}>
        {withdrawing ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void withdraw();
            }}
          >
            <p>{t('archive.consent.confirmLead', { scope: t(`archive.consent.${withdrawing}`) })}</p>
            <Field label={t('archive.consent.withdrawnOnLabel')} type="date" value={withdrawOn} onChange={(e) => setWithdrawOn(e.target.value)} required />
            <div className="form-actions">
              <button type="submit" className="button-danger">
                {t('archive.consent.confirm')}
              </button>
              <button type="button" className="button-secondary" onClick={() => setWithdrawing(null)}>
                {t('common.cancel')}
              </button>
            </div>
          </form>
        ) : null}
      </Dialog>
    </section>
  );
}

/** The testimony of a testimony item: interview details, protected identity, consent, transcript and translations. */
export function TestimonyPanel({ item, canEdit, onChanged }: { item: ItemDetail; canEdit: boolean; onChanged: () => void }) {
  const { t } = useI18n();
  const roles = useArchiveRoles();
  const { data, error, reload } = useLoad(() => archiveApi.testimony(item.id), item.id);
  const saved = () => {
    reload();
    onChanged();
  };
  return (
    <section aria-labelledby="testimony-title" className="archive-testimony">
      <h2 id="testimony-title">{t('archive.testimony.title')}</h2>
      {error ? <Notice kind="error">{describeError(t, error)}</Notice> : null}
      {!data && !error ? <p role="status">{t('archive.loading')}</p> : null}
      {data ? (
        <>
          <Details testimony={data.testimony} canEdit={canEdit} onSaved={saved} />
          {roles.signedIn ? (
            <>
              <ProtectedIdentity testimony={data.testimony} canEdit={canEdit} onSaved={saved} />
              <Consents testimony={data.testimony} canEdit={canEdit} onSaved={saved} />
              <TranscriptEditor testimony={data.testimony} canEdit={canEdit} onSaved={saved} />
            </>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
