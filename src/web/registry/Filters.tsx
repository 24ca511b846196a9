import { useId } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { MessageKey } from '../i18n/en.ts';
import { useT } from '../i18n/I18nProvider.tsx';

export interface FilterSpec {
  name: string;
  label: MessageKey;
  /** Choices as [value, text]; omitted means free text. */
  options?: readonly (readonly [string, string])[];
  placeholder?: string;
}

/** Filters kept in the address, so a filtered view can be linked and reloaded. */
export function Filters({ specs }: { specs: readonly FilterSpec[] }) {
  const t = useT();
  const id = useId();
  const [params, setParams] = useSearchParams();
  const set = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };
  return (
    <form className="registry-filters" role="search" aria-label={t('registry.filter.title')} onSubmit={(e) => e.preventDefault()}>
      {specs.map((spec) => (
        <div className="field" key={spec.name}>
          <label htmlFor={`${id}-${spec.name}`}>{t(spec.label)}</label>
          {spec.options ? (
            <select id={`${id}-${spec.name}`} value={params.get(spec.name) ?? ''} onChange={(e) => set(spec.name, e.target.value)}>
              <option value="">{t('registry.filter.any')}</option>
              {spec.options.map(([value, text]) => (
                <option key={value} value={value}>
                  {text}
                </option>
              ))}
            </select>
          ) : (
            <input
              id={`${id}-${spec.name}`}
              defaultValue={params.get(spec.name) ?? ''}
              placeholder={spec.placeholder}
              onBlur={(e) => set(spec.name, e.target.value.trim())}
              onKeyDown={(e) => {
                if (e.key === 'Enter') set(spec.name, (e.target as HTMLInputElement).value.trim());
              }}
            />
          )}
        </div>
      ))}
    </form>
  );
}

const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

/** The filter values of the address, dropping malformed dates rather than sending them to the server. */
export function useFilterQuery(names: readonly string[]): Record<string, string | undefined> {
  const [params] = useSearchParams();
  const query: Record<string, string | undefined> = {};
  for (const name of names) {
    const value = params.get(name) ?? undefined;
    query[name] = (name === 'from' || name === 'to') && value && !DATE.test(value) ? undefined : value;
  }
  return query;
}
