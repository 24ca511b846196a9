import { useState } from 'react';
import { Notice } from '../components/Notice.tsx';
import { ScrollRegion } from '../components/ScrollRegion.tsx';
import { describeError } from '../components/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { evidenceApi, type EvidenceLink } from './evidence-api.ts';

/** The links of one element: item, pinpoint (hidden when the reader may not open the file), direction, grade, note. */
/** `label` names the table's scroll region: the element whose links it lists. */
export function EvidenceList({ links, label, canRemove, onRemoved }: { links: readonly EvidenceLink[]; label: string; canRemove: boolean; onRemoved?: () => void }) {
  const { t, formatDateTime } = useI18n();
  const [error, setError] = useState<unknown>(null);
  if (links.length === 0) return <p>{t('cases.matrix.none')}</p>;
  const remove = async (id: string) => {
    setError(null);
    try {
      await evidenceApi.remove(id);
      onRemoved?.();
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <>
      {error ? <Notice kind="error">{describeError(t, error)}</Notice> : null}
      <ScrollRegion label={label}>
        <table className="evidence-table" data-testid="evidence-list">
          <thead>
            <tr>
              <th scope="col">{t('cases.evidence.item')}</th>
              <th scope="col">{t('cases.evidence.pinpoint')}</th>
              <th scope="col">{t('cases.evidence.direction')}</th>
              <th scope="col">{t('cases.evidence.reliability')}</th>
              <th scope="col">{t('cases.evidence.note')}</th>
              {canRemove ? (
                <th scope="col">
                  <span className="visually-hidden">{t('cases.evidence.remove')}</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {links.map((l) => (
              <tr key={l.id} className={l.lowReliability ? 'matrix-row-low' : undefined}>
                <td>
                  <a href={`/archive/items/${encodeURIComponent(l.itemId)}`}>{l.itemTitle}</a>
                  <div className="field-hint">{t('cases.evidence.by', { name: l.createdBy ?? '—', date: formatDateTime(l.createdAt) })}</div>
                </td>
                <td>{l.pinpointLabel ?? t('cases.evidence.pinpointHidden')}</td>
                <td>{t(`cases.evidence.dir.${l.direction}`)}</td>
                <td>{t(`cases.evidence.grade.${l.reliability}`)}</td>
                <td className="evidence-note">{l.note}</td>
                {canRemove ? (
                  <td>
                    <button type="button" className="button-secondary" onClick={() => void remove(l.id)}>
                      {t('cases.evidence.remove')}
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </>
  );
}
