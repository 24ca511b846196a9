import { useT } from '../i18n/I18nProvider.tsx';
import type { ImportProblem } from './api.ts';
import { fieldLabel, problemText } from './labels.ts';
import { ScrollRegion } from '../components/ScrollRegion.tsx';

/** A refused import's problems as a table a person can work through line by line in their spreadsheet. */
export function ProblemReport({ problems }: { problems: ImportProblem[] }) {
  const t = useT();
  return (
    <section className="cas-problems" aria-labelledby="cas-problems-title">
      <h3 id="cas-problems-title">{t('casualties.import.problemsTitle')}</h3>
      <ScrollRegion labelledBy="cas-problems-title">
        <table className="dense">
          <caption className="visually-hidden">{t('casualties.import.problemsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('casualties.import.line')}</th>
              <th scope="col">{t('casualties.import.column')}</th>
              <th scope="col">{t('casualties.import.field')}</th>
              <th scope="col">{t('casualties.import.value')}</th>
              <th scope="col">{t('casualties.import.problem')}</th>
            </tr>
          </thead>
          <tbody>
            {problems.map((p, i) => (
              <tr key={i} data-code={p.code}>
                <th scope="row">{p.line ?? t('casualties.import.wholeFile')}</th>
                <td dir="auto">{p.column ?? ''}</td>
                <td>{fieldLabel(t, p.field)}</td>
                <td dir="auto">{p.value ?? ''}</td>
                <td>
                  <span className="cell-main">{problemText(t, p)}</span>
                  <span className="cell-sub" lang="en">
                    {p.message}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}
