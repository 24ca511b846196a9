/**
 * The ledger part of a receipt made by a server: the entry that recorded it names the manifest's SHA-256, its leaf
 * hash is the entry's, and the inclusion proof leads from that leaf to the root of a checkpoint signed by the
 * instance's key (checked when the key is given).
 */
import { openCheckpoint, parseCheckpointBody } from '../ledger/checkpoint.ts';
import { entryLeafHash, parseEntry } from '../ledger/entry.ts';
import { equalBytes, fromHex, toHex } from '../ledger/hashing.ts';
import { parseNote, type NoteVerifier } from '../ledger/signed-note.ts';
import { rootFromInclusionProof } from '../ledger/verify-proof.ts';
import type { Receipt } from './format.ts';
import { sha256Hex } from './rows.ts';

export interface RecordedCheck {
  status: 'pass' | 'fail' | 'not-checked' | 'note';
  message: string;
}

export function checkRecorded(receipt: Receipt, verifiers: readonly NoteVerifier[]): RecordedCheck {
  const r = receipt.recorded;
  if (!r) return { status: 'note', message: 'not recorded in a ledger (a receipt from the command line)' };
  try {
    const entry = parseEntry(r.ledger.entry, 'recorded.ledger.entry');
    const named = (entry.details as Record<string, unknown>).manifestSha256;
    if (named !== sha256Hex(receipt.manifest)) return { status: 'fail', message: `ledger entry ${r.ledger.seq} names another manifest: the receipt is not the one recorded` };
    const leaf = entryLeafHash(entry);
    if (toHex(leaf) !== r.ledger.leafHash || entry.seq !== r.ledger.seq) return { status: 'fail', message: `ledger entry ${r.ledger.seq}: its leaf hash or index does not match the entry` };
    if (!r.checkpoint || !r.inclusionProof) return { status: 'note', message: `recorded as ledger entry ${r.ledger.seq}; no checkpoint covered it when the receipt was served` };
    const path = r.inclusionProof.proof.map((p) => fromHex(p, 32) ?? new Uint8Array(0));
    const root = rootFromInclusionProof(leaf, r.ledger.seq, r.inclusionProof.treeSize, path);
    const signed = verifiers.length > 0;
    const cp = signed ? openCheckpoint(r.checkpoint, verifiers) : parseCheckpointBody(parseNote(r.checkpoint).text);
    if (cp.size !== r.inclusionProof.treeSize || !equalBytes(cp.root, root)) return { status: 'fail', message: `the inclusion proof of ledger entry ${r.ledger.seq} does not lead to the checkpoint's root` };
    const stamp = r.timestamp ? '; the checkpoint carries an RFC 3161 time-stamp (check it with reckon ledger verify-proof)' : '';
    return signed
      ? { status: 'pass', message: `recorded as ledger entry ${r.ledger.seq}, included in the signed checkpoint of ${cp.size} entries${stamp}` }
      : { status: 'not-checked', message: `recorded as ledger entry ${r.ledger.seq}, with a proof that leads to the checkpoint of ${cp.size} entries; supply the instance's public key (--key) to check the checkpoint's signature${stamp}` };
  } catch (error) {
    return { status: 'fail', message: `the ledger record does not check: ${(error as Error).message}` };
  }
}
