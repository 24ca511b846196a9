import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useSession } from '../auth/SessionProvider.tsx';
import { Notice } from '../components/Notice.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { registryApi, type Problem } from './api.ts';
import { formKinds, type FormKind, type RefTarget } from './formSpecs.ts';
import { WhenLoaded } from './Loading.tsx';
import { paths } from './paths.ts';
import { Picker, type PickOption } from './Picker.tsx';
import { RecordForm, type PickLists } from './RecordForm.tsx';
import { loadRecord } from './saveRecord.ts';
import { RegistrySection } from './Section.tsx';
import { useLoad } from './useLoad.ts';

const key = (k: string) => k as MessageKey;
const isFormKind = (k: string | undefined): k is FormKind => (formKinds as readonly string[]).includes(k ?? '');

/** Every record a form may point at, as picker options (names, not ids). */
async function loadLists(): Promise<PickLists> {
  const [{ actors }, overview, { sources }, { claims }] = await Promise.all([registryApi.actors(), registryApi.overview(), registryApi.sources(), registryApi.claims()]);
  return {
    actors: actors.map((a) => ({ id: a.id, label: a.name, detail: [a.country, a.id].filter(Boolean).join(' · ') })),
    events: overview.events.map((e) => ({ id: e.id, label: e.name, detail: [e.startDate, e.place].filter(Boolean).join(' · ') })),
    sources: sources.map((s) => ({ id: s.id, label: s.title, detail: [s.publisher, s.date].filter(Boolean).join(' · ') })),
    claims: claims.map((c) => ({ id: c.id, label: c.statement.slice(0, 120), detail: c.attribution })),
  };
}

const targetOf: Record<FormKind, RefTarget | null> = { sources: 'sources', actors: 'actors', events: 'events', claims: 'claims', recognition: null };

/** Add or edit records (editors): pick a kind, then fill its form; or find a record by name and edit it. */
export function RecordsPage() {
  const t = useT();
  const { user } = useSession();
  const navigate = useNavigate();
  const { kind: kindParam, id } = useParams();
  const [lists, reload] = useLoad(loadLists, 'registry-lists');
  const [added, setAdded] = useState<Partial<PickLists>>({});
  const [saved, setSaved] = useState<{ id: string; warnings: Problem[] } | null>(null);
  const kind: FormKind | null = isFormKind(kindParam) ? kindParam : null;
  const [record] = useLoad(() => (kind && id ? loadRecord(kind, id) : Promise.resolve(null)), `record:${kind}:${id ?? ''}`);
  const canEdit = Boolean(user && (user.role === 'editor' || user.role === 'admin'));
  const title = kind ? t(key(id ? `registry.form.edit.${kind}` : `registry.form.title.${kind}`)) : t('registry.tab.records');

  if (!canEdit) {
    return (
      <RegistrySection title={t('registry.tab.records')}>
        <Notice kind="info">{t('registry.form.editorsOnly')}</Notice>
      </RegistrySection>
    );
  }
  return (
    <RegistrySection title={title}>
      <WhenLoaded state={lists} retry={reload}>
        {(loaded) => {
          const merged: PickLists = { ...loaded };
          for (const target of Object.keys(added) as RefTarget[]) merged[target] = [...(added[target] ?? []), ...loaded[target]];
          if (!kind) {
            return (
              <div className="record-kinds">
                {formKinds.map((k) => {
                  const target = targetOf[k];
                  return (
                    <section className="panel" key={k} aria-labelledby={`kind-${k}`}>
                      <h2 id={`kind-${k}`}>{t(key(`registry.form.kind.${k}`))}</h2>
                      <p>
                        <Link className="button-primary" to={paths.newRecord(k)}>
                          {t(key(`registry.form.title.${k}`))}
                        </Link>
                      </p>
                      {target ? (
                        <Picker
                          label={t('registry.form.findToEdit')}
                          options={merged[target]}
                          value={[]}
                          onChange={(ids) => ids[0] && navigate(paths.editRecord(k, ids[0]))}
                        />
                      ) : null}
                    </section>
                  );
                })}
              </div>
            );
          }
          return (
            <>
              <p>
                <Link to={paths.records}>{t('registry.form.back')}</Link>
              </p>
              {saved ? (
                <Notice kind="success">
                  {t('registry.form.saved', { id: saved.id })}{' '}
                  {kind === 'claims' ? <Link to={paths.claim(saved.id)}>{t('registry.form.open')}</Link> : null}
                  {kind === 'events' ? <Link to={paths.event(saved.id)}>{t('registry.form.open')}</Link> : null}
                  {saved.warnings.length ? (
                    <ul>
                      {saved.warnings.map((w, i) => (
                        <li key={i}>{t(key(`registry.problem.${w.code}`)) === `registry.problem.${w.code}` ? w.message : t(key(`registry.problem.${w.code}`))}</li>
                      ))}
                    </ul>
                  ) : null}
                </Notice>
              ) : null}
              <WhenLoaded state={record} retry={reload}>
                {(initial) => (
                  <RecordForm
                    key={`${kind}:${id ?? 'new'}:${saved?.id ?? ''}`}
                    kind={kind}
                    id={id}
                    initial={initial ?? undefined}
                    lists={merged}
                    onListsChange={(target: RefTarget, option: PickOption) => setAdded((a) => ({ ...a, [target]: [option, ...(a[target] ?? [])] }))}
                    onSaved={(r, warnings) => {
                      setSaved({ id: r.id, warnings });
                      reload();
                      if (!id) navigate(paths.editRecord(kind, r.id), { replace: true });
                    }}
                  />
                )}
              </WhenLoaded>
            </>
          );
        }}
      </WhenLoaded>
    </RegistrySection>
  );
}
