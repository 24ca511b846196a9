import type { MessageKey } from '../i18n/en.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import type { Act } from './api.ts';
import { VerificationBadge } from './Bits.tsx';
import { actClass } from './RecognitionMap.tsx';

/** Recognition acts by year, oldest first; undated acts are listed last, as undated. */
export function Timeline({ acts }: { acts: Act[] }) {
  const t = useT();
  const years = new Map<string, Act[]>();
  for (const act of acts) {
    const year = act.date?.slice(0, 4) ?? '';
    years.set(year, [...(years.get(year) ?? []), act]);
  }
  const order = [...years.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)));
  return (
    <section className="panel" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('registry.timeline.title')}</h2>
      <ol className="timeline">
        {order.map((year) => (
          <li key={year || 'undated'}>
            <h3 className="timeline-year">{year || t('registry.timeline.undated')}</h3>
            <ul>
              {years.get(year)!.map((act) => (
                <li key={act.id} className="timeline-act">
                  <svg width="12" height="12" aria-hidden="true">
                    <circle cx="6" cy="6" r="5" className={`map-swatch ${actClass(act, 'group')}`} />
                  </svg>{' '}
                  <span>{act.date ?? ''}</span> <strong>{act.body.name}</strong> {act.jurisdiction ? <span>({act.jurisdiction})</span> : null}{' '}
                  <span className="ack-kind">{t('registry.ack.reportedAs', { kind: t(`registry.ack.kind.${act.kind}` as MessageKey) })}</span>{' '}
                  <span>{act.term ? `“${act.term}”` : t('registry.term.none')}</span> <VerificationBadge level={act.verification} />
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </section>
  );
}
