import { useT } from '../i18n/I18nProvider.tsx';
import type { Pair } from './api.ts';
import { ClaimCard } from './Bits.tsx';

/** A claim and the claim it contests, side by side, each with its own attribution. */
export function ContestedPairs({ pairs }: { pairs: Pair[] }) {
  const t = useT();
  return (
    <section className="panel" aria-labelledby="contested-title">
      <h2 id="contested-title">{t('registry.contested.title')}</h2>
      <p>{t('registry.contested.intro')}</p>
      {pairs.length === 0 ? <p className="muted">{t('registry.contested.none')}</p> : null}
      {pairs.map((pair) => (
        <div key={`${pair.claim.id}-${pair.contested.id}`} className="contested-pair">
          <div>
            <p className="pair-role">{t('registry.contested.claim')}</p>
            <ClaimCard claim={pair.claim} headingLevel={4} />
          </div>
          <div>
            <p className="pair-role">{t('registry.contested.contested')}</p>
            <ClaimCard claim={pair.contested} headingLevel={4} />
          </div>
        </div>
      ))}
    </section>
  );
}
