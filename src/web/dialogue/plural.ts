import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/en.ts';
import type { Params } from '../i18n/translate.ts';

/**
 * Plural forms in messages: `{count|one:# person|other:# people}` picks the form for `count` by the language's
 * plural rules (Intl.PluralRules: Russian has one/few/many/other, English one/other; Armenian and Azerbaijani
 * keep the noun singular after a number, so their forms may be the same) and puts the number where `#` is.
 * A category the message does not give falls back to `other`.
 */
export function formatPlurals(text: string, params: Params, locale: string): string {
  const rules = new Intl.PluralRules(locale);
  return text.replace(/\{(\w+)\|([^{}]*)\}/g, (whole, name: string, body: string) => {
    const value = params[name];
    if (typeof value !== 'number') return whole;
    const forms = new Map<string, string>();
    for (const part of body.split('|')) {
      const colon = part.indexOf(':');
      if (colon > 0) forms.set(part.slice(0, colon).trim(), part.slice(colon + 1));
    }
    const form = forms.get(rules.select(value)) ?? forms.get('other') ?? whole;
    return form.replace(/#/g, value.toLocaleString(locale));
  });
}

/** `t` with plural forms resolved. */
export function usePluralT(): (key: MessageKey, params: Params) => string {
  const { t, locale } = useI18n();
  return (key, params) => formatPlurals(t(key, params), params, locale);
}
