import { useI18n } from '../i18n/I18nProvider.tsx';
import type { CasualtyRecord, ReviewPair, RunSource } from './api.ts';
import { fieldLabel, sexLabel, statusLabel } from './labels.ts';
import { Names, recordNames } from './RecordsList.tsx';
import { ScrollRegion } from '../components/ScrollRegion.tsx';

type T = ReturnType<typeof useI18n>['t'];

/** Rows of the side-by-side view: which record field, the server's name for it in `differences`, and how to show it. */
const ROWS: { field: string; keys: string[]; show: (r: CasualtyRecord, t: T) => string | null }[] = [
  { field: 'sex', keys: ['sex'], show: (r, t) => (r.sex ? sexLabel(t, r.sex) : null) },
  { field: 'age', keys: ['age'], show: (r) => (r.age === null ? null : String(r.age)) },
  { field: 'birth_date', keys: ['birthDate', 'birth_date', 'birth'], show: (r) => r.birthDate },
  { field: 'death_date', keys: ['deathDate', 'death_date', 'death'], show: (r) => r.deathDate },
  { field: 'place', keys: ['place'], show: (r) => r.place },
  { field: 'status', keys: ['status'], show: (r, t) => statusLabel(t, r.status) },
  { field: 'type', keys: ['type'], show: (r) => r.type },
  { field: 'cause', keys: ['cause'], show: (r) => r.cause },
  { field: 'perpetrator_reported', keys: ['perpetratorReported', 'perpetrator_reported'], show: (r) => r.perpetratorReported },
];

/**
 * Two records side by side. A row the server reports as differing is marked by a border and the word "differs", not
 * by colour alone; names are shown as each list wrote them, in their own scripts.
 */
export function PairView({ pair, sources }: { pair: ReviewPair; sources: RunSource[] }) {
  const { t } = useI18n();
  const differs = new Set(pair.differences);
  const sourceName = (id: string) => sources.find((s) => s.id === id)?.name ?? id;
  const namesDiffer = differs.has('names') || differs.has('name');
  const marker = <span className="cas-differs">{t('casualties.review.differs')}</span>;
  return (
    <ScrollRegion label={t('casualties.review.pairCaption')}>
      <table className="cas-pair">
        <caption className="visually-hidden">{t('casualties.review.pairCaption')}</caption>
        <thead>
          <tr>
            <td />
            <th scope="col">{t('casualties.review.recordA')}</th>
            <th scope="col">{t('casualties.review.recordB')}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{t('casualties.review.list')}</th>
            <td>
              {sourceName(pair.recordA.sourceId)} · {pair.recordA.sourceRecordId}
            </td>
            <td>
              {sourceName(pair.recordB.sourceId)} · {pair.recordB.sourceRecordId}
            </td>
          </tr>
          <tr className={namesDiffer ? 'cas-diff' : undefined}>
            <th scope="row">
              {t('casualties.records.names')} {namesDiffer ? marker : null}
            </th>
            <td className="cas-pair-names">
              <Names names={recordNames(pair.recordA)} />
            </td>
            <td className="cas-pair-names">
              <Names names={recordNames(pair.recordB)} />
            </td>
          </tr>
          {ROWS.map((row) => {
            const a = row.show(pair.recordA, t);
            const b = row.show(pair.recordB, t);
            if (a === null && b === null) return null;
            // the server compares places and names in their romanised form, so Xocalı and Ходжалы do not differ; the page
            // follows its judgement rather than comparing the strings as written
            const diff = row.keys.some((k) => differs.has(k));
            return (
              <tr key={row.field} className={diff ? 'cas-diff' : undefined}>
                <th scope="row">
                  {fieldLabel(t, row.field)} {diff ? marker : null}
                </th>
                <td>{a ?? <span className="muted">{t('casualties.review.notGiven')}</span>}</td>
                <td>{b ?? <span className="muted">{t('casualties.review.notGiven')}</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
