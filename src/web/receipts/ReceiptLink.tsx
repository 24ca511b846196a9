import { useT } from '../i18n/I18nProvider.tsx';

/** Where an estimate's receipt and its input table are served (src/server/receipts/routes.ts). */
export function estimateReceiptUrls(estimateId: string): { receipt: string; input: string } {
  const id = encodeURIComponent(estimateId);
  return { receipt: `/api/estimates/${id}/receipt`, input: `/api/estimates/${id}/receipt/input.csv` };
}

/**
 * Where a linkage run's statistics receipt (at a minimum cell; the server raises it to the reader's floor) and the
 * persons table it commits to are served (the table only to editors and reviewers).
 */
export function statisticsReceiptUrls(runId: string, minCell?: number): { receipt: string; input: string } {
  const id = encodeURIComponent(runId);
  const query = minCell === undefined ? '' : `?minCell=${encodeURIComponent(String(minCell))}`;
  return { receipt: `/api/casualties/runs/${id}/stats/receipt${query}`, input: `/api/casualties/runs/${id}/stats/receipt/persons.csv` };
}

/**
 * "Verify this figure": the receipt download beside a published figure, the input it commits to, and the command
 * that recomputes the figure offline. Placed by the page that shows the figure.
 */
export function ReceiptLink({ receiptUrl, inputUrl }: { receiptUrl: string; inputUrl?: string }) {
  const t = useT();
  const command = `reckon receipt verify receipt.json${inputUrl ? ' --data input.csv' : ' --data <input.csv>'} --key <public key>`;
  return (
    <section className="receipt-link" aria-labelledby="receipt-link-title">
      <h3 id="receipt-link-title">{t('receipts.title')}</h3>
      <p>{t('receipts.explain')}</p>
      <p>
        <a href={receiptUrl} download="receipt.json">
          {t('receipts.download')}
        </a>
        {inputUrl && (
          <>
            {' · '}
            <a href={inputUrl} download="input.csv">
              {t('receipts.downloadInput')}
            </a>
          </>
        )}
      </p>
      <p>{t('receipts.how')}</p>
      <pre>
        <code>{command}</code>
      </pre>
      <p>{t('receipts.key')}</p>
    </section>
  );
}
