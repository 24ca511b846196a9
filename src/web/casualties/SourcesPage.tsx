import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { isApiError } from '../api/client.ts';
import { useSession } from '../auth/SessionProvider.tsx';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { casualtiesApi, type Source } from './api.ts';
import { canEdit, Section } from './Section.tsx';
import { EMPTY_SOURCE, SourceFields } from './SourceFields.tsx';
import { ScrollRegion } from '../components/ScrollRegion.tsx';

function NewSourceForm({ onCreated }: { onCreated: (source: Source) => void }) {
  const t = useT();
  const [form, setForm] = useState(EMPTY_SOURCE);
  const [error, setError] = useState<string | null>(null);
  const [nameError, setNameError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setNameError(undefined);
    setCreated(null);
    try {
      const blank = (v: string) => (v.trim() === '' ? null : v.trim());
      const source = await casualtiesApi.createSource({
        name: form.name.trim(),
        compiledBy: blank(form.compiledBy),
        compiledAt: blank(form.compiledAt),
        method: blank(form.method),
        archiveItemId: blank(form.archiveItemId),
      });
      setForm(EMPTY_SOURCE);
      setCreated(source.name);
      onCreated(source);
    } catch (e) {
      if (isApiError(e, 'source_exists')) setNameError(t('casualties.sources.exists'));
      else setError(describeError(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="cas-new-source" onSubmit={(e) => void submit(e)} aria-labelledby="cas-new-source-title">
      <h2 id="cas-new-source-title">{t('casualties.sources.new')}</h2>
      <p className="field-hint">{t('casualties.sources.newHint')}</p>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {created ? <Notice kind="success">{t('casualties.sources.created', { name: created })}</Notice> : null}
      <SourceFields draft={form} onChange={setForm} nameError={nameError} nameHint={t('casualties.sources.nameHint')} />
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={busy}>
          {t('casualties.sources.create')}
        </button>
      </div>
    </form>
  );
}

export function SourcesTable({ sources }: { sources: Source[] }) {
  const t = useT();
  return (
    <ScrollRegion label={t('casualties.sources.title')}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('casualties.sources.name')}</th>
            <th scope="col">{t('casualties.sources.compiledBy')}</th>
            <th scope="col">{t('casualties.sources.compiledAt')}</th>
            <th scope="col">{t('casualties.sources.method')}</th>
            <th scope="col">{t('casualties.sources.archiveItem')}</th>
            <th scope="col" className="num">
              {t('casualties.sources.records')}
            </th>
          </tr>
        </thead>
        <tbody>
          {sources.map((s) => (
            <tr key={s.id}>
              <th scope="row">
                <Link to={`/casualties/sources/${encodeURIComponent(s.id)}`}>{s.name}</Link>
              </th>
              <td>{s.compiledBy ?? '–'}</td>
              <td className="nowrap">{s.compiledAt ?? '–'}</td>
              <td className="cas-method">{s.method ?? '–'}</td>
              <td>{s.archiveItemId ? <Link to={`/archive/${encodeURIComponent(s.archiveItemId)}`}>{t('casualties.sources.openItem')}</Link> : '–'}</td>
              <td className="num">{s.records.toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

export function SourcesPage() {
  const t = useT();
  const { user } = useSession();
  const [sources, setSources] = useState<Source[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    casualtiesApi.sources().then((r) => setSources(r.sources), (e: unknown) => setError(describeError(t, e)));
  }, [t]);
  useEffect(() => {
    if (user) load();
  }, [user, load]);

  return (
    <Section title={t('casualties.sources.title')} lead={t('casualties.lead')}>
      {!user ? <p>{t('casualties.signInNeeded')}</p> : null}
      {error ? <Notice kind="error">{error}</Notice> : null}
      {user && !sources && !error ? <p className="loading">{t('casualties.loading')}</p> : null}
      {sources && sources.length === 0 ? <p>{t('casualties.sources.empty')}</p> : null}
      {sources && sources.length > 0 ? <SourcesTable sources={sources} /> : null}
      {canEdit(user?.role) ? <NewSourceForm onCreated={load} /> : null}
    </Section>
  );
}
