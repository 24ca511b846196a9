import type { JsonValue } from '../ledger/entry.ts';
import type { NoteSigner } from '../ledger/signed-note.ts';
import { RECEIPT_FORMAT, type InputCommitment, type Receipt, type ReceiptRecord, type Scalar } from './format.ts';
import { manifestText, signManifest } from './manifest.ts';

export interface ReceiptParts {
  figure: { kind: string; label: string };
  code: { name: string; version: string; commit: string | null };
  inputs: InputCommitment[];
  parameters: Record<string, JsonValue>;
  outputs: Record<string, Scalar>;
  /** RFC 3339 time the figure was computed; the clock is the caller's (core reads none). */
  createdAt: string;
  recorded?: ReceiptRecord | null;
}

/** Puts a receipt together: the parts, their manifest, and the manifest's signature when a key is given. */
export function makeReceipt(parts: ReceiptParts, signer?: NoteSigner): Receipt {
  const text = manifestText(parts);
  return {
    format: RECEIPT_FORMAT,
    figure: parts.figure,
    code: parts.code,
    createdAt: parts.createdAt,
    inputs: parts.inputs,
    parameters: parts.parameters,
    outputs: parts.outputs,
    manifest: signer ? signManifest(text, signer) : text,
    signed: Boolean(signer),
    recorded: parts.recorded ?? null,
  };
}
