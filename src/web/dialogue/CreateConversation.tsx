import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { Field } from '../components/Field.tsx';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import type { MessageKey } from '../i18n/en.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { LANGUAGES, loadAllMessages } from '../i18n/languages.ts';
import { facilitatorApi, type Conversation, type Invitation, type Localized, type Moderation } from './api.ts';
import { InvitationLinks } from './InvitationLinks.tsx';
import { facilitatorExtraApi } from './participantApi.ts';
import { CONTENT_LANGUAGES, compact, langAttribute } from './localized.ts';
import { TextArea } from '../components/Field.tsx';

interface CommunityDraft {
  key: number;
  name: Localized;
  /** Languages the community reads (set by the preset; editable in the console). */
  languages?: string[];
}

const PRESET: MessageKey[] = ['dialogue.preset.azerbaijani', 'dialogue.preset.armenian', 'dialogue.preset.international'];
/** The languages each preset community reads, so the console can list missing translations from the start. */
const PRESET_LANGUAGES: string[][] = [['az'], ['hy'], ['en', 'ru']];

/** A preset community's name in every interface language, taken from the translations themselves. */
async function presetNames(keys: MessageKey[]): Promise<Localized[]> {
  const all = await loadAllMessages(['dialogue']);
  return keys.map((key) => Object.fromEntries(LANGUAGES.map((language) => [language.locale, all[language.locale][key]])));
}

const emptyText = (): Localized => Object.fromEntries(CONTENT_LANGUAGES.map((tag) => [tag, '']));
const endonym = (tag: string) => LANGUAGES.find((language) => language.locale === tag)?.endonym ?? tag;

/** The facilitator's form for a new conversation; on success the invitation links are shown once. */
export function CreateConversation({ onCreated }: { onCreated?: (conversation: Conversation) => void }) {
  const { t, locale } = useI18n();
  const [topic, setTopic] = useState<Localized>(emptyText);
  const [description, setDescription] = useState<Localized>(emptyText);
  const [moderation, setModeration] = useState<Moderation>('strict');
  const [minGroupSize, setMinGroupSize] = useState('5');
  const [communities, setCommunities] = useState<CommunityDraft[]>([{ key: 0, name: emptyText() }]);
  const [nextKey, setNextKey] = useState(1);
  const [seeds, setSeeds] = useState('');
  const [seedLanguage, setSeedLanguage] = useState<string>(locale);
  const [allowRequired, setAllowRequired] = useState(false);
  const [allowIds, setAllowIds] = useState('');
  const [allowError, setAllowError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<{ conversation: Conversation; invitations: Invitation[] } | null>(null);

  const usePreset = () => {
    presetNames(PRESET).then(
      (names) => {
        setCommunities(names.map((name, index) => ({ key: nextKey + index, name, languages: PRESET_LANGUAGES[index] })));
        setNextKey(nextKey + PRESET.length);
      },
      (e: unknown) => setError(describeError(t, e)),
    );
  };
  const addCommunity = () => {
    setCommunities([...communities, { key: nextKey, name: emptyText() }]);
    setNextKey(nextKey + 1);
  };
  const setCommunityName = (key: number, tag: string, value: string) =>
    setCommunities(communities.map((c) => (c.key === key ? { ...c, name: { ...c.name, [tag]: value } } : c)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const topicText = compact(topic);
    if (Object.keys(topicText).length === 0) return setError(t('dialogue.form.topicMissing'));
    const named = communities.map((c) => compact(c.name));
    if (named.length === 0 || named.some((name) => Object.keys(name).length === 0)) return setError(t('dialogue.form.communityMissing'));
    const size = Number(minGroupSize);
    if (!Number.isInteger(size) || size < 1 || size > 1000) return setError(t('dialogue.form.minGroupInvalid'));
    const seedStatements = seeds
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '')
      .map((text) => ({ text, language: seedLanguage }));
    const externalIds = [...new Set(allowIds.split('\n').map((line) => line.trim()).filter((line) => line !== ''))];
    if (allowRequired && externalIds.length === 0) return setError(t('dialogue.allow.empty'));
    setBusy(true);
    try {
      const result = await facilitatorApi.create({
        topic: topicText,
        description: compact(description),
        moderation,
        minGroupSize: size,
        communities: named.map((name, index) => ({ name, ...(communities[index].languages ? { languages: communities[index].languages } : {}) })),
        seedStatements,
      });
      // the create call takes no allow-list; it is saved at once, before anyone has the links
      if (allowRequired || externalIds.length > 0) {
        await facilitatorExtraApi.setAllowList(result.conversation.id, allowRequired, externalIds).catch((e: unknown) => setAllowError(describeError(t, e)));
      }
      setCreated(result);
      onCreated?.(result.conversation);
    } catch (e) {
      setError(describeError(t, e));
    } finally {
      setBusy(false);
    }
  };

  if (created) {
    return (
      <div className="stack">
        <Notice kind="success">{t('dialogue.form.created')}</Notice>
        {allowError ? <Notice kind="error">{t('dialogue.form.allowListFailed', { reason: allowError })}</Notice> : null}
        <InvitationLinks communities={created.conversation.communities} invitations={created.invitations} />
        <p>
          <Link to={`/dialogue/${created.conversation.id}`}>{t('dialogue.form.openConsole')}</Link>
        </p>
      </div>
    );
  }

  return (
    <form className="dialogue-form panel" onSubmit={submit} noValidate aria-labelledby="dialogue-new-title">
      <h2 id="dialogue-new-title">{t('dialogue.form.title')}</h2>
      <fieldset>
        <legend>{t('dialogue.form.topic')}</legend>
        <p className="field-hint">{t('dialogue.form.topicHint')}</p>
        <div className="dialogue-languages">
          {CONTENT_LANGUAGES.map((tag) => (
            <div key={tag} className="dialogue-language">
              <Field
                label={t('dialogue.form.topicIn', { language: endonym(tag) })}
                lang={langAttribute(tag)}
                value={topic[tag]}
                maxLength={300}
                onChange={(e) => setTopic({ ...topic, [tag]: e.target.value })}
              />
              <TextArea
                label={t('dialogue.form.descriptionIn', { language: endonym(tag) })}
                lang={langAttribute(tag)}
                value={description[tag]}
                rows={3}
                maxLength={5000}
                onChange={(e) => setDescription({ ...description, [tag]: e.target.value })}
              />
            </div>
          ))}
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('dialogue.form.communities')}</legend>
        <p className="field-hint">{t('dialogue.form.communitiesHint')}</p>
        <p>
          <button type="button" className="button-secondary" onClick={usePreset}>
            {t('dialogue.form.preset')}
          </button>
        </p>
        <ol className="dialogue-communities">
          {communities.map((community, index) => (
            <li key={community.key}>
              <fieldset>
                <legend>{t('dialogue.form.community', { n: index + 1 })}</legend>
                <div className="dialogue-languages">
                  {CONTENT_LANGUAGES.map((tag) => (
                    <div key={tag}>
                      <Field
                        label={t('dialogue.form.communityNameIn', { n: index + 1, language: endonym(tag) })}
                        lang={langAttribute(tag)}
                        value={community.name[tag] ?? ''}
                        maxLength={300}
                        onChange={(e) => setCommunityName(community.key, tag, e.target.value)}
                      />
                    </div>
                  ))}
                </div>
                {communities.length > 1 ? (
                  <button type="button" className="button-quiet" onClick={() => setCommunities(communities.filter((c) => c.key !== community.key))}>
                    {t('dialogue.form.removeCommunity', { n: index + 1 })}
                  </button>
                ) : null}
              </fieldset>
            </li>
          ))}
        </ol>
        <button type="button" className="button-secondary" onClick={addCommunity}>
          {t('dialogue.form.addCommunity')}
        </button>
      </fieldset>

      <fieldset>
        <legend>{t('dialogue.form.moderation')}</legend>
        <label className="dialogue-choice">
          <input type="radio" name="moderation" value="strict" checked={moderation === 'strict'} onChange={() => setModeration('strict')} />
          <span>
            <strong>{t('dialogue.moderation.strict')}</strong> {t('dialogue.moderation.strictHint')}
          </span>
        </label>
        <label className="dialogue-choice">
          <input type="radio" name="moderation" value="open" checked={moderation === 'open'} onChange={() => setModeration('open')} />
          <span>
            <strong>{t('dialogue.moderation.open')}</strong> {t('dialogue.moderation.openHint')}
          </span>
        </label>
      </fieldset>

      <Field
        label={t('dialogue.form.minGroupSize')}
        hint={t('dialogue.form.minGroupSizeHint')}
        type="number"
        min={1}
        max={1000}
        inputMode="numeric"
        value={minGroupSize}
        onChange={(e) => setMinGroupSize(e.target.value)}
      />

      <fieldset>
        <legend>{t('dialogue.allow.title')}</legend>
        <p className="field-hint">{t('dialogue.allow.hint')}</p>
        <label className="dialogue-choice">
          <input type="checkbox" checked={allowRequired} onChange={(e) => setAllowRequired(e.target.checked)} />
          <span>{t('dialogue.allow.required')}</span>
        </label>
        <TextArea label={t('dialogue.allow.ids')} hint={t('dialogue.allow.idsHint')} rows={3} value={allowIds} onChange={(e) => setAllowIds(e.target.value)} />
      </fieldset>

      <fieldset>
        <legend>{t('dialogue.form.seeds')}</legend>
        <TextArea label={t('dialogue.form.seedsText')} hint={t('dialogue.form.seedsHint')} rows={5} value={seeds} onChange={(e) => setSeeds(e.target.value)} />
        <LanguageChoice label={t('dialogue.form.seedLanguage')} value={seedLanguage} onChange={setSeedLanguage} />
      </fieldset>

      {error ? <Notice kind="error">{error}</Notice> : null}
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? t('common.saving') : t('dialogue.form.submit')}
        </button>
      </div>
    </form>
  );
}

/** A select of the interface languages by their own names, for the language a statement is written in. */
export function LanguageChoice({ label, value, onChange }: { label: string; value: string; onChange: (tag: string) => void }) {
  return (
    <div className="field">
      <label>
        {label}
        <select value={value} onChange={(e) => onChange(e.target.value)}>
          {CONTENT_LANGUAGES.map((tag) => (
            <option key={tag} value={tag} lang={langAttribute(tag)}>
              {endonym(tag)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
