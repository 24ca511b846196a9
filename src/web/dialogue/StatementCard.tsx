import { useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { LANGUAGES } from '../i18n/languages.ts';
import type { ShownStatement } from './api.ts';
import { langAttribute, statementText } from './localized.ts';
import { EvidenceCard } from './EvidenceCard.tsx';

const endonym = (tag: string) => LANGUAGES.find((language) => language.locale === tag.split('-')[0])?.endonym ?? tag;

/**
 * The statement being voted on, in large type, in the reader's language when a translation exists (with the
 * original one tap away); a machine translation nobody has checked says so. The region is live, so a screen reader reads each new statement after a vote.
 */
export function StatementCard({ statement }: { statement: ShownStatement }) {
  const { t, locale } = useI18n();
  const [original, setOriginal] = useState<number | null>(null);
  const shown = statementText(statement, locale);
  const showOriginal = shown.translated && original === statement.tid;
  return (
    <>
      <figure className="dialogue-statement" aria-live="polite" aria-atomic="true">
        <blockquote lang={showOriginal ? langAttribute(statement.language) : shown.lang}>{showOriginal ? statement.text : shown.text}</blockquote>
        {shown.translated ? (
          <figcaption>
            <span className={shown.machine ? 'dialogue-machine' : undefined}>
              {t(shown.machine ? 'dialogue.statement.machine' : 'dialogue.statement.translated', { language: endonym(statement.language) })}
            </span>{' '}
            <button type="button" className="button-quiet" aria-pressed={showOriginal} onClick={() => setOriginal(showOriginal ? null : statement.tid)}>
              {t('dialogue.statement.showOriginal')}
            </button>
          </figcaption>
        ) : null}
      </figure>
      {statement.evidence ? <EvidenceCard evidence={statement.evidence} /> : null}
    </>
  );
}
