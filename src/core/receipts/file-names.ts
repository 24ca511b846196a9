/**
 * The file names a receipt and its inputs are served under (the server's content-disposition). The web app's
 * "verify this figure" writes its command with the same names, because a browser saves a download under the name
 * the server sends, not under the link's `download` attribute; and an input's name is the name its receipt records.
 */
export const estimateReceiptName = (id: string) => `estimate-${id}-receipt.json`;
export const estimateInputName = (id: string) => `estimate-${id}-input.csv`;
export const statisticsReceiptName = (runId: string) => `statistics-${runId}-receipt.json`;
export const statisticsInputName = (runId: string) => `statistics-${runId}-persons.csv`;
export const linkageRunReceiptName = (runId: string) => `run-${runId}-receipt.json`;
export const linkageRunInputName = (runId: string, table: 'records' | 'decisions') => `run-${runId}-${table}.csv`;
export const dialogueReceiptName = (conversationId: string) => `dialogue-${conversationId}-receipt.json`;
export const dialogueInputName = (conversationId: string) => `dialogue-${conversationId}-votes.csv`;
export const REGISTRY_RECEIPT_NAME = 'registry-figures-receipt.json';
