import * as names from '../../core/receipts/file-names.ts';
import { useT } from '../i18n/I18nProvider.tsx';

/** A receipt's address and its input's, with the names the server serves them under (the names a browser saves). */
export interface ReceiptFiles {
  receipt: string;
  input: string;
  receiptFile: string;
  inputFile: string;
}

/** Where an estimate's receipt and its input table are served (src/server/receipts/routes.ts). */
export function estimateReceiptUrls(estimateId: string): ReceiptFiles {
  const id = encodeURIComponent(estimateId);
  return {
    receipt: `/api/estimates/${id}/receipt`,
    input: `/api/estimates/${id}/receipt/input.csv`,
    receiptFile: names.estimateReceiptName(estimateId),
    inputFile: names.estimateInputName(estimateId),
  };
}

/**
 * Where a linkage run's statistics receipt (at a minimum cell; the server raises it to the reader's floor) and the
 * persons table it commits to are served (the table only to editors and reviewers).
 */
export function statisticsReceiptUrls(runId: string, minCell?: number): ReceiptFiles {
  const id = encodeURIComponent(runId);
  const query = minCell === undefined ? '' : `?minCell=${encodeURIComponent(String(minCell))}`;
  return {
    receipt: `/api/casualties/runs/${id}/stats/receipt${query}`,
    input: `/api/casualties/runs/${id}/stats/receipt/persons.csv`,
    receiptFile: names.statisticsReceiptName(runId),
    inputFile: names.statisticsInputName(runId),
  };
}

/**
 * Where a linkage run's receipt (its persons and capture histories) and its two tables are served: the records as the
 * engine read them and the review decisions it applied, in the order `--data` takes them (editors and reviewers).
 */
export function linkageRunReceiptUrls(runId: string): { receipt: string; receiptFile: string; inputs: Array<{ name: string; url: string }> } {
  const id = encodeURIComponent(runId);
  return {
    receipt: `/api/casualties/runs/${id}/receipt`,
    receiptFile: names.linkageRunReceiptName(runId),
    inputs: (['records', 'decisions'] as const).map((table) => ({
      name: names.linkageRunInputName(runId, table),
      url: `/api/casualties/runs/${id}/receipt/${table}.csv`,
    })),
  };
}

/** Where a dialogue report's receipt and the vote table it commits to are served (the table only to facilitators). */
export function dialogueReceiptUrls(conversationId: string): ReceiptFiles {
  const id = encodeURIComponent(conversationId);
  return {
    receipt: `/api/dialogue/conversations/${id}/report/receipt`,
    input: `/api/dialogue/conversations/${id}/report/receipt/votes.csv`,
    receiptFile: names.dialogueReceiptName(conversationId),
    inputFile: names.dialogueInputName(conversationId),
  };
}

/**
 * Where the receipt of the registry's published casualty figures (all, or one event's) and the import files it
 * commits to are served; both are public.
 */
export function registryReceiptUrls(eventId?: string): { receipt: string; receiptFile: string; inputs: Array<{ name: string; url: string }> } {
  return {
    receiptFile: names.REGISTRY_RECEIPT_NAME,
    receipt: `/api/registry/figures/receipt${eventId === undefined ? '' : `?event=${encodeURIComponent(eventId)}`}`,
    inputs: ['sources.csv', 'actors.csv', 'events.csv', 'claims.csv'].map((name) => ({ name, url: `/api/registry/figures/receipt/${name}` })),
  };
}

/** ReceiptLink's props for a receipt of one input table; without `withInput` the table is not offered. */
export function receiptProps(files: ReceiptFiles, withInput = true): { receiptUrl: string; receiptFile: string; inputUrl?: string; inputFile: string } {
  return { receiptUrl: files.receipt, receiptFile: files.receiptFile, inputUrl: withInput ? files.input : undefined, inputFile: files.inputFile };
}

/**
 * "Verify this figure": the receipt download beside a published figure, the input it commits to, and the command
 * that recomputes the figure offline. Placed by the page that shows the figure.
 */
export function ReceiptLink({
  receiptUrl,
  receiptFile,
  inputUrl,
  inputFile = 'input.csv',
  inputs,
  inputNotPublic = false,
}: {
  receiptUrl: string;
  /** The name the server serves the receipt under: the browser saves it so, and the command must name that file. */
  receiptFile: string;
  inputUrl?: string;
  inputFile?: string;
  /** Several input files, downloaded under their own names, in the order the receipt lists them. */
  inputs?: Array<{ name: string; url: string }>;
  /** The reader cannot have the rows: say so, rather than leave a command that cannot pass. */
  inputNotPublic?: boolean;
}) {
  const t = useT();
  const data = inputs?.length ? inputs.map((i) => i.name).join(' ') : inputUrl ? inputFile : '<input.csv>';
  const command = `reckon receipt verify ${receiptFile} --data ${data} --key <public key>`;
  return (
    <section className="receipt-link" aria-labelledby="receipt-link-title">
      <h3 id="receipt-link-title">{t('receipts.title')}</h3>
      <p>{t('receipts.explain')}</p>
      <p>
        <a href={receiptUrl} download={receiptFile}>
          {t('receipts.download')}
        </a>
        {inputUrl && (
          <>
            {' · '}
            <a href={inputUrl} download={inputFile}>
              {t('receipts.downloadInput')}
            </a>
          </>
        )}
        {inputs?.map((input) => (
          <span key={input.name}>
            {' · '}
            <a href={input.url} download={input.name}>
              {input.name}
            </a>
          </span>
        ))}
      </p>
      {inputNotPublic ? <p>{t('receipts.inputNotPublic')}</p> : null}
      <p>{t('receipts.how')}</p>
      <pre>
        <code>{command}</code>
      </pre>
      <p>{t('receipts.key')}</p>
    </section>
  );
}
