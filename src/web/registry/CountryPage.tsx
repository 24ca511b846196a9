import { Link, useParams } from 'react-router-dom';
import type { MessageKey } from '../i18n/en.ts';
import { useI18n, useT } from '../i18n/I18nProvider.tsx';
import { registryApi, type Act } from './api.ts';
import { VerificationLegend } from './Bits.tsx';
import { WhenLoaded } from './Loading.tsx';
import { paths } from './paths.ts';
import { RecognitionTable } from './RecognitionTable.tsx';
import { RegistrySection } from './Section.tsx';
import { Timeline } from './Timeline.tsx';
import { useLoad } from './useLoad.ts';

const COUNTRY = /^[A-Z]{2}$/;

/** The country's name in the reader's language where the browser knows it, else its code. */
function countryName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale, 'en'], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** A country's acts of acknowledgment of every kind, about every event, whether its bodies acted or acts fall in its jurisdiction. */
export function CountryPage() {
  const t = useT();
  const { locale } = useI18n();
  const { code = '' } = useParams();
  const valid = COUNTRY.test(code);
  const [state, reload] = useLoad(() => (valid ? registryApi.acts({ country: code }) : Promise.resolve({ acts: [] as Act[] })), `country:${code}`);
  const name = valid ? countryName(code, locale) : code;
  if (!valid) return <RegistrySection title={t('registry.country.invalid', { code })}>{null}</RegistrySection>;
  return (
    <RegistrySection title={t('registry.country.title', { country: name })}>
      <p>{t('registry.country.intro')}</p>
      <VerificationLegend />
      <WhenLoaded state={state} retry={reload}>
        {(data) => {
          const events = new Map<string, { name: string; acts: Act[] }>();
          for (const act of data.acts) {
            const key = act.event?.id ?? '';
            const entry = events.get(key) ?? { name: act.event?.name ?? '—', acts: [] };
            entry.acts.push(act);
            events.set(key, entry);
          }
          return (
            <>
              <p role="status">{t('registry.filter.results', { count: data.acts.length })}</p>
              {[...events].map(([id, entry]) => (
                <section key={id || 'none'} className="panel" aria-label={entry.name}>
                  <h2>{id ? <Link to={paths.event(id)}>{entry.name}</Link> : entry.name}</h2>
                  <ul className="ack-counts">
                    {[...new Set(entry.acts.map((a) => a.kind))].map((kind) => (
                      <li key={kind}>
                        {t(`registry.ack.kind.${kind}` as MessageKey)}: {entry.acts.filter((a) => a.kind === kind).length}
                      </li>
                    ))}
                  </ul>
                  <Timeline acts={entry.acts} />
                  <RecognitionTable acts={entry.acts} />
                </section>
              ))}
            </>
          );
        }}
      </WhenLoaded>
    </RegistrySection>
  );
}
