import { useCallback, useEffect, useState } from 'react';
import { Notice } from '../components/Notice.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { describeError } from '../components/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { LANGUAGES } from '../i18n/languages.ts';
import { facilitatorApi, type TranslationQueue } from './api.ts';
import { langAttribute, pick } from './localized.ts';
import { TranslateStatement } from './TranslateStatement.tsx';

const endonym = (tag: string) => LANGUAGES.find((l) => l.locale === tag.split('-')[0])?.endonym ?? tag;

/**
 * The translators' queue (translators, facilitators): every statement of an open conversation that still lacks a
 * person's translation into a language its communities read, with the original beside the form and a machine
 * translation offered for checking. Saving replaces the machine text and takes the statement off the queue.
 */
export function TranslatorQueue() {
  const { t, locale } = useI18n();
  const [queue, setQueue] = useState<TranslationQueue | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => facilitatorApi.translationQueue().then(setQueue, (e: unknown) => setError(describeError(t, e))), [t]);
  useEffect(() => void load(), [load]);
  return (
    <section className="page dialogue-translator" aria-labelledby="page-title">
      <PageHeading lead={t('dialogue.translator.lead')}>{t('dialogue.translator.title')}</PageHeading>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {queue === null && !error ? <p>{t('app.loading')}</p> : null}
      {queue && queue.items.length === 0 ? <p>{t('dialogue.translator.empty')}</p> : null}
      {queue?.items.map((item) => {
        const topic = pick(item.topic, locale);
        return (
          <article key={item.statement.id} className="panel">
            <p className="cell-sub" lang={topic.lang}>
              {t('dialogue.translator.conversation', { topic: topic.text })}
            </p>
            <p className="cell-sub">{t('dialogue.translator.original', { language: endonym(item.statement.language) })}</p>
            <blockquote lang={langAttribute(item.statement.language)}>{item.statement.text}</blockquote>
            <ul>
              {item.needed.map((n) => (
                <li key={n.language}>
                  {t('dialogue.translator.into', { language: endonym(n.language) })}
                  {n.state === 'machine' ? (
                    <>
                      {' · '}
                      {t('dialogue.translator.machine')}: <q lang={langAttribute(n.language)}>{item.statement.machineTranslations[n.language]}</q>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
            <TranslateStatement statement={item.statement} onChanged={() => void load()} />
          </article>
        );
      })}
    </section>
  );
}
