import { useId } from 'react';
import { useSession } from '../auth/SessionProvider.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { isLocale } from '../i18n/languages.ts';

/** Languages are listed by their own names, each marked with its `lang` so screen readers pronounce it properly. */
export function LanguageSelect({ className }: { className?: string }) {
  const { locale, languages, setLocale, t } = useI18n();
  const { user, saveLocale } = useSession();
  const id = useId();
  return (
    <div className={`language-select ${className ?? ''}`}>
      <label htmlFor={id}>{t('language.label')}</label>
      <select
        id={id}
        value={locale}
        onChange={(event) => {
          const next = event.target.value;
          if (!isLocale(next)) return;
          setLocale(next);
          if (user) void saveLocale(next);
        }}
      >
        {languages.map((language) => (
          <option key={language.locale} value={language.locale} lang={language.tag}>
            {language.endonym}
          </option>
        ))}
      </select>
    </div>
  );
}
