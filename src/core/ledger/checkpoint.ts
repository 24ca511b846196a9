/**
 * C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint): the note text is
 *   <origin>\n<tree size in decimal>\n<base64 root hash>\n[extension lines\n]
 * signed as a C2SP signed note.
 */
import { HASH_SIZE, fromBase64, toBase64 } from './hashing.ts';
import { NoteError, openNote, signNote, type NoteSigner, type NoteVerifier, type OpenedNote } from './signed-note.ts';

export interface Checkpoint {
  origin: string;
  size: number;
  root: Uint8Array;
  extensions: string[];
}

export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointError';
  }
}

function checkOrigin(origin: string): void {
  if (origin.length === 0 || origin.length > 1024) throw new CheckpointError('checkpoint origin line must be 1 to 1024 characters');
  if (/[\n\r]/.test(origin)) throw new CheckpointError('checkpoint origin must be a single line');
}

export function formatCheckpointBody(cp: Checkpoint): string {
  checkOrigin(cp.origin);
  if (!Number.isSafeInteger(cp.size) || cp.size < 0) throw new CheckpointError(`checkpoint tree size must be a non-negative integer, got ${cp.size}`);
  if (cp.root.length !== HASH_SIZE) throw new CheckpointError(`checkpoint root hash must be ${HASH_SIZE} bytes`);
  for (const ext of cp.extensions) {
    if (ext.length === 0 || /[\n\r]/.test(ext)) throw new CheckpointError('checkpoint extension lines must be non-empty single lines');
  }
  return [cp.origin, String(cp.size), toBase64(cp.root), ...cp.extensions].map((l) => `${l}\n`).join('');
}

/** Parses checkpoint text (the note body), naming the line at fault. */
export function parseCheckpointBody(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw new CheckpointError('checkpoint text must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw new CheckpointError(`checkpoint needs at least 3 lines (origin, size, root), found ${lines.length}`);
  const [origin, sizeText, rootText, ...extensions] = lines;
  try {
    checkOrigin(origin);
  } catch (e) {
    throw new CheckpointError(`line 1: ${(e as Error).message}`);
  }
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText)) throw new CheckpointError(`line 2: tree size ${JSON.stringify(sizeText)} is not a decimal number without leading zeros`);
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) throw new CheckpointError(`line 2: tree size ${sizeText} is too large`);
  const root = fromBase64(rootText);
  if (!root || root.length !== HASH_SIZE) throw new CheckpointError(`line 3: root hash is not base64 of ${HASH_SIZE} bytes`);
  extensions.forEach((ext, i) => {
    if (ext.length === 0) throw new CheckpointError(`line ${4 + i}: empty extension line`);
  });
  return { origin, size, root, extensions };
}

export function signCheckpoint(cp: Checkpoint, signers: readonly NoteSigner[]): string {
  return signNote(formatCheckpointBody(cp), signers);
}

export interface OpenedCheckpoint extends Checkpoint {
  note: OpenedNote;
}

/**
 * Verifies the signature and parses the checkpoint. When `origin` is given the checkpoint must carry exactly it,
 * so a checkpoint of another log signed by the same key is not mistaken for ours.
 */
export function openCheckpoint(note: string, verifiers: readonly NoteVerifier[], origin?: string): OpenedCheckpoint {
  const opened = openNote(note, verifiers);
  const cp = parseCheckpointBody(opened.text);
  if (origin !== undefined && cp.origin !== origin) {
    throw new CheckpointError(`checkpoint origin ${JSON.stringify(cp.origin)} is not the expected ${JSON.stringify(origin)}`);
  }
  return { ...cp, note: opened };
}

export { NoteError };
