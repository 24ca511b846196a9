export { RECEIPT_FORMAT, ReceiptError, parseReceipt, type Receipt, type InputCommitment, type ReceiptRecord, type Scalar } from './format.ts';
export { commitInput, canonicalRows, rowBytes, merkleRoot, decodeUtf8, sha256Hex, type CommittedInput, type CanonicalRow } from './rows.ts';
export { makeReceipt, type ReceiptParts } from './make.ts';
export { verifyReceipt, type VerifyReport, type PartCheck, type SuppliedInput, type VerifyOptions } from './verify.ts';
export { diffReceipts, type ReceiptDiff, type InputDiff } from './diff.ts';
export { flattenFigures, type FigureMethod, type MethodInput } from './method.ts';
export { estimateMethod, estimateOutputs, estimateParameterRecord, runEstimateFigures, type EstimateParameters } from './estimate-method.ts';
export { manifestText, checkSignature } from './manifest.ts';
export { registryFigures, registryMethod, REGISTRY_INPUTS, REGISTRY_KIND } from './registry-method.ts';
