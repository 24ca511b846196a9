/** English strings of the "verify this figure" block (the typed source for the other languages). */
export const receiptsEn = {
  'receipts.title': 'Verify this figure',
  'receipts.explain':
    'The receipt commits to the exact input rows, the code version, every parameter and random seed, and the figures. It is signed with this instance’s key and recorded in its ledger. Anyone can recompute the figures from it, offline.',
  'receipts.download': 'Download the receipt (JSON)',
  'receipts.downloadInput': 'Download the input table (CSV)',
  'receipts.how': 'With Reckon installed, run:',
  'receipts.key': 'The public key to check the signature against is served at /api/ledger/public-key.',
  'receipts.inputNotPublic':
    'The rows these figures were computed from are not public. The receipt proves which rows were used (a Merkle root over them) and how, but only someone given the rows can recompute the figures.',
};

export type ReceiptsMessages = typeof receiptsEn;
