import { useEffect, useState, type FormEvent } from 'react';
import { Dialog } from '../components/Dialog.tsx';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { isApiError } from '../api/client.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { archiveApi, bulkApi, type BulkLinkBody, type Vocabulary } from './api.ts';
import { useArchiveRoles } from './hooks.ts';

type Action = 'publish' | 'tag' | 'case';
const DIRECTIONS: Array<BulkLinkBody['direction']> = ['supporting', 'undermining'];
const GRADES: Array<BulkLinkBody['reliability']> = ['A', 'B', 'C', 'D', 'E', 'F'];

/**
 * Publish, tag or add to a case the items selected in the archive list (issue 18 item 5). Each opens a dialog that
 * says what will happen and asks to confirm; the server does all or none and names the item that failed, which is
 * shown here by its title. Offered only to the roles the server allows (publish: editors, reviewers; tag and case:
 * editors); a viewer sees no bulk button.
 */
export function BulkActions({ selected, onDone }: { selected: ReadonlyMap<string, string>; onDone: () => void }) {
  const { t } = useI18n();
  const roles = useArchiveRoles();
  const [open, setOpen] = useState<Action | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const count = selected.size;
  const close = () => setOpen(null);
  const finished = (message: string) => {
    setOpen(null);
    setOutcome(message);
    onDone();
  };
  if (!roles.publish) return null;
  return (
    <>
      <button type="button" className="button-secondary" disabled={count === 0} onClick={() => (setOutcome(null), setOpen('publish'))}>
        {t('archive.bulk.publish', { count })}
      </button>
      {roles.edit ? (
        <>
          <button type="button" className="button-secondary" disabled={count === 0} onClick={() => (setOutcome(null), setOpen('tag'))}>
            {t('archive.bulk.tag', { count })}
          </button>
          <button type="button" className="button-secondary" disabled={count === 0} onClick={() => (setOutcome(null), setOpen('case'))}>
            {t('archive.bulk.case', { count })}
          </button>
        </>
      ) : null}
      {outcome ? (
        <p role="status" className="archive-bulk-outcome">
          {outcome}
        </p>
      ) : null}
      <Dialog open={open !== null} title={open ? t(`archive.bulk.${open}Title` as MessageKey, { count }) : ''} onClose={close}>
        {open === 'publish' ? <PublishForm selected={selected} onCancel={close} onDone={finished} /> : null}
        {open === 'tag' ? <TagForm selected={selected} onCancel={close} onDone={finished} /> : null}
        {open === 'case' ? <CaseForm selected={selected} onCancel={close} onDone={finished} /> : null}
      </Dialog>
    </>
  );
}

interface FormProps {
  selected: ReadonlyMap<string, string>;
  onCancel: () => void;
  onDone: (message: string) => void;
}

/** The server's refusal in words: the failing item by its title and why, or the general description. */
function useFailure(selected: ReadonlyMap<string, string>) {
  const { t } = useI18n();
  return (error: unknown): string => {
    const itemId = isApiError(error) ? (error.details as { itemId?: unknown } | null | undefined)?.itemId : undefined;
    if (typeof itemId !== 'string' || !isApiError(error)) return describeError(t, error);
    const reason =
      error.status === 404
        ? t('archive.bulk.reason.notFound')
        : error.code === 'duplicate_link'
          ? t('archive.bulk.reason.duplicate')
          : error.code === 'duplicate_item'
            ? t('archive.bulk.reason.twice')
            : describeError(t, error);
    return t('archive.bulk.failed', { title: selected.get(itemId) ?? itemId, reason });
  };
}

function Buttons({ confirm, sending, onCancel, disabled = false }: { confirm: string; sending: boolean; onCancel: () => void; disabled?: boolean }) {
  const { t } = useI18n();
  return (
    <div className="form-actions">
      <button type="submit" className="button-primary" disabled={sending || disabled}>
        {sending ? t('archive.bulk.working') : confirm}
      </button>
      <button type="button" className="button-secondary" onClick={onCancel} disabled={sending}>
        {t('archive.bulk.cancel')}
      </button>
    </div>
  );
}

function useSubmit(selected: ReadonlyMap<string, string>, run: () => Promise<string>, onDone: (message: string) => void) {
  const failure = useFailure(selected);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSending(true);
    setError(null);
    try {
      onDone(await run());
    } catch (caught) {
      setError(failure(caught));
    } finally {
      setSending(false);
    }
  };
  return { sending, error, submit };
}

function PublishForm({ selected, onCancel, onDone }: FormProps) {
  const { t } = useI18n();
  const { sending, error, submit } = useSubmit(
    selected,
    async () => {
      const answer = await bulkApi.run({ action: 'publish', itemIds: [...selected.keys()] });
      return t('archive.bulk.done.publish', { count: answer.changed.length, same: answer.unchanged.length });
    },
    onDone,
  );
  return (
    <form onSubmit={(e) => void submit(e)}>
      <p>{t('archive.bulk.publishLead')}</p>
      {error ? <Notice kind="error">{error}</Notice> : null}
      <Buttons confirm={t('archive.bulk.publishConfirm', { count: selected.size })} sending={sending} onCancel={onCancel} />
    </form>
  );
}

function TagForm({ selected, onCancel, onDone }: FormProps) {
  const { t } = useI18n();
  const [vocabularies, setVocabularies] = useState<Vocabulary[] | null>(null);
  const [term, setTerm] = useState('');
  const [loadError, setLoadError] = useState<unknown>(null);
  useEffect(() => {
    archiveApi.vocabularies().then((answer) => setVocabularies(answer.vocabularies), setLoadError);
  }, []);
  const { sending, error, submit } = useSubmit(
    selected,
    async () => {
      const answer = await bulkApi.run({ action: 'tag', itemIds: [...selected.keys()], termIds: [term] });
      return t('archive.bulk.done.tag', { count: answer.changed.length, same: answer.unchanged.length });
    },
    onDone,
  );
  const terms = (vocabularies ?? []).flatMap((v) => v.terms.map((x) => ({ id: x.id, label: `${v.name}: ${x.term}` })));
  return (
    <form onSubmit={(e) => void submit(e)}>
      <p>{t('archive.bulk.tagLead')}</p>
      {loadError ? <Notice kind="error">{describeError(t, loadError)}</Notice> : null}
      {vocabularies && !terms.length ? <p>{t('archive.bulk.tagNone')}</p> : null}
      {terms.length ? (
        <div className="field">
          <label htmlFor="bulk-term">{t('archive.bulk.tagLabel')}</label>
          <select id="bulk-term" value={term} onChange={(e) => setTerm(e.target.value)} required>
            <option value="">{t('archive.bulk.choose')}</option>
            {terms.map((x) => (
              <option key={x.id} value={x.id}>
                {x.label}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {error ? <Notice kind="error">{error}</Notice> : null}
      <Buttons confirm={t('archive.bulk.tagConfirm')} sending={sending} onCancel={onCancel} disabled={!term} />
    </form>
  );
}

type Option = { id: string; label: string };

function CaseForm({ selected, onCancel, onDone }: FormProps) {
  const { t } = useI18n();
  const [incidents, setIncidents] = useState<Option[] | null>(null);
  const [incident, setIncident] = useState('');
  const [allegations, setAllegations] = useState<Option[]>([]);
  const [allegation, setAllegation] = useState('');
  const [elements, setElements] = useState<Option[]>([]);
  const [element, setElement] = useState('');
  const [direction, setDirection] = useState<BulkLinkBody['direction']>('supporting');
  const [reliability, setReliability] = useState<BulkLinkBody['reliability']>('C');
  const [loadError, setLoadError] = useState<unknown>(null);
  useEffect(() => {
    bulkApi.incidents().then((answer) => setIncidents(answer.incidents.map((i) => ({ id: i.id, label: i.title }))), setLoadError);
  }, []);
  useEffect(() => {
    setAllegations([]);
    setAllegation('');
    if (!incident) return;
    bulkApi
      .incident(incident)
      .then(
        (answer) =>
          setAllegations(
            answer.allegations.map((a) => ({ id: a.id, label: `${a.proponent.name}: ${a.crime ? `${a.crime.title}, ` : ''}${a.statement.slice(0, 80)}` })),
          ),
        setLoadError,
      );
  }, [incident]);
  useEffect(() => {
    setElements([]);
    setElement('');
    if (!allegation) return;
    bulkApi
      .allegation(allegation)
      .then((answer) => setElements(answer.elements.map((e) => ({ id: e.id, label: `${e.owner.article} ${e.number}. ${e.summary}` }))), setLoadError);
  }, [allegation]);
  const { sending, error, submit } = useSubmit(
    selected,
    async () => {
      const answer = await bulkApi.link(allegation, { elementId: element, direction, reliability, note: '', itemIds: [...selected.keys()] });
      return t('archive.bulk.done.case', { count: answer.linked.length });
    },
    onDone,
  );
  const select = (id: string, label: string, value: string, set: (value: string) => void, options: Option[]) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => set(e.target.value)} required>
        <option value="">{t('archive.bulk.choose')}</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <form onSubmit={(e) => void submit(e)}>
      <p>{t('archive.bulk.caseLead')}</p>
      {loadError ? <Notice kind="error">{describeError(t, loadError)}</Notice> : null}
      {incidents && !incidents.length ? <p>{t('archive.bulk.caseNone')}</p> : null}
      {incidents?.length ? select('bulk-incident', t('archive.bulk.incident'), incident, setIncident, incidents) : null}
      {incident ? select('bulk-allegation', t('archive.bulk.allegation'), allegation, setAllegation, allegations) : null}
      {allegation ? select('bulk-element', t('archive.bulk.element'), element, setElement, elements) : null}
      {element ? (
        <>
          {select(
            'bulk-direction',
            t('archive.bulk.direction'),
            direction,
            (v) => setDirection(v as BulkLinkBody['direction']),
            DIRECTIONS.map((d) => ({ id: d, label: t(`archive.bulk.dir.${d}`) })),
          )}
          {select(
            'bulk-reliability',
            t('archive.bulk.reliability'),
            reliability,
            (v) => setReliability(v as BulkLinkBody['reliability']),
            GRADES.map((g) => ({ id: g, label: t(`archive.bulk.grade.${g}`) })),
          )}
        </>
      ) : null}
      {error ? <Notice kind="error">{error}</Notice> : null}
      <Buttons confirm={t('archive.bulk.caseConfirm', { count: selected.size })} sending={sending} onCancel={onCancel} disabled={!element} />
    </form>
  );
}
