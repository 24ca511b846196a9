import { useState, type FormEvent } from 'react';
import { TextArea } from '../components/Field.tsx';
import { Notice } from '../components/Notice.tsx';
import { describeError } from '../components/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { LANGUAGES } from '../i18n/languages.ts';
import { facilitatorApi, type Statement } from './api.ts';
import { CONTENT_LANGUAGES, langAttribute } from './localized.ts';

const endonym = (tag: string) => LANGUAGES.find((l) => l.locale === tag)?.endonym ?? tag;

/**
 * A statement's human translations in the facilitator's statement table: which languages it has, and a form to add,
 * replace or remove one. The original text is never edited here (nor anywhere).
 */
export function TranslateStatement({ statement, onChanged }: { statement: Statement; onChanged: (s: Statement) => void }) {
  const { t } = useI18n();
  const targets = CONTENT_LANGUAGES.filter((tag) => tag !== statement.language);
  const [language, setLanguage] = useState<string>(targets.find((tag) => !statement.translations[tag]) ?? targets[0]);
  // a machine translation is offered for checking: saving it (as it is or corrected) makes it a person's
  const draftOf = (tag: string) => statement.translations[tag] ?? statement.machineTranslations[tag] ?? '';
  const [text, setText] = useState(draftOf(language));
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const have = Object.keys(statement.translations).sort();

  const choose = (tag: string) => {
    setLanguage(tag);
    setText(draftOf(tag));
    setError(null);
    setSaved(null);
  };
  const act = async (remove: boolean) => {
    setError(null);
    setSaved(null);
    if (!remove && text.trim() === '') return setError(t('dialogue.write.empty'));
    try {
      const { statement: updated } = remove
        ? await facilitatorApi.removeTranslation(statement.id, language)
        : await facilitatorApi.translate(statement.id, language, text.trim());
      onChanged(updated);
      setSaved(remove ? t('dialogue.translate.removed', { language: endonym(language) }) : t('dialogue.translate.saved', { language: endonym(language) }));
      if (remove) setText('');
    } catch (e) {
      setError(describeError(t, e));
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void act(false);
  };
  const selectId = `translate-${statement.id}`;

  return (
    <details className="dialogue-translate">
      <summary>{have.length > 0 ? t('dialogue.translate.have', { languages: have.join(', ') }) : t('dialogue.translate.none')}</summary>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={selectId}>{t('dialogue.translate.language')}</label>
          <select id={selectId} value={language} onChange={(e) => choose(e.target.value)}>
            {targets.map((tag) => (
              <option key={tag} value={tag}>
                {endonym(tag)}
              </option>
            ))}
          </select>
        </div>
        {statement.machineTranslations[language] && !statement.translations[language] ? <p className="field-hint">{t('dialogue.translate.checkMachine')}</p> : null}
        <TextArea label={t('dialogue.console.translationIn', { language: endonym(language) })} rows={2} maxLength={1000} lang={langAttribute(language)} value={text} onChange={(e) => setText(e.target.value)} />
        {error ? <Notice kind="error">{error}</Notice> : null}
        {saved ? <Notice kind="success">{saved}</Notice> : null}
        <div className="form-actions">
          <button type="submit">{t('dialogue.translate.save')}</button>
          {statement.translations[language] ? (
            <button type="button" onClick={() => void act(true)}>
              {t('dialogue.translate.remove')}
            </button>
          ) : null}
        </div>
      </form>
    </details>
  );
}
