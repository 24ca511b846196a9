/**
 * A receipt's manifest: one line per part (figure, code, each input, each parameter, each output), each with the
 * SHA-256 of that part's RFC 8785 JSON. Signed as a note (the ledger's signed-note format) by the instance's key, it
 * lets a verifier name the part of a receipt that was edited after signing, not only say that something was.
 */
import { canonicalize } from '../ledger/canonical-json.ts';
import { NoteError, openNote, parseNote, signNote, type NoteSigner, type NoteVerifier } from '../ledger/signed-note.ts';
import { RECEIPT_FORMAT, type Receipt } from './format.ts';
import { sha256Hex } from './rows.ts';

type Parts = Pick<Receipt, 'figure' | 'code' | 'inputs' | 'parameters' | 'outputs'>;

const digest = (value: unknown) => sha256Hex(canonicalize(value));

/** The manifest lines of a receipt's parts, keyed by what each line names (e.g. 'parameter "seed"'). */
export function manifestLines(parts: Parts): Map<string, string> {
  const lines = new Map<string, string>();
  lines.set('figure', digest(parts.figure));
  lines.set('code', digest(parts.code));
  parts.inputs.forEach((input, i) => lines.set(`input ${i + 1}`, digest({ root: input.root, rows: input.rows, columns: input.columns, sha256: input.sha256 })));
  for (const name of Object.keys(parts.parameters).sort()) {
    const value = parts.parameters[name];
    lines.set(`parameter ${JSON.stringify(name)}`, digest([name, value]));
    // A parameter that is a set of settings (linkage's settings file, say) also gets a line for each of its own keys,
    // so that a verifier names the setting that changed ("seed"), not only the file. Receipts made before these lines
    // existed lack them; the verifier then relies on the parameter's own line (detailLineOf).
    if (isPlainObject(value)) {
      for (const key of Object.keys(value).sort()) lines.set(`parameter ${JSON.stringify(name)} ${JSON.stringify(key)}`, digest([name, key, value[key]]));
    }
  }
  for (const name of Object.keys(parts.outputs).sort()) lines.set(`output ${JSON.stringify(name)}`, digest([name, parts.outputs[name]]));
  return lines;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** For a line naming one key of a parameter's settings (`parameter "settings" "seed"`), the parameter's name. */
export function detailLineOf(what: string): string | null {
  const match = /^parameter ("(?:[^"\\]|\\.)*") "/.exec(what);
  return match ? (JSON.parse(match[1]) as string) : null;
}

export function manifestText(parts: Parts): string {
  const body = [...manifestLines(parts)].map(([what, hash]) => `${hash} ${what}`);
  return `${RECEIPT_FORMAT}\n${body.join('\n')}\n`;
}

export function signManifest(text: string, signer: NoteSigner): string {
  return signNote(text, [signer]);
}

/** The manifest's own lines (signature lines dropped), keyed like manifestLines. */
export function readManifest(manifest: string, signed: boolean): Map<string, string> {
  const text = signed ? parseNote(manifest).text : manifest;
  const lines = new Map<string, string>();
  for (const line of text.split('\n').slice(1)) {
    if (!line) continue;
    const space = line.indexOf(' ');
    lines.set(line.slice(space + 1), line.slice(0, space));
  }
  return lines;
}

export interface SignatureCheck {
  status: 'pass' | 'fail' | 'not-checked' | 'unsigned';
  message: string;
}

/** Who signed a manifest, by key name and hash, read without trusting it. */
export function signerOf(manifest: string): string {
  try {
    return parseNote(manifest)
      .signatures.map((s) => `${s.name}+${s.keyHash.toString(16).padStart(8, '0')}`)
      .join(', ');
  } catch {
    return 'an unreadable signature';
  }
}

export function checkSignature(receipt: Receipt, verifiers: readonly NoteVerifier[]): SignatureCheck {
  if (!receipt.signed) return { status: 'unsigned', message: 'the receipt is not signed: it shows how the figure was made, not who published it' };
  if (verifiers.length === 0) {
    return {
      status: 'not-checked',
      message: `signed by ${signerOf(receipt.manifest)}; supply that instance's public key (--key, from GET /api/ledger/public-key) to check the signature`,
    };
  }
  try {
    openNote(receipt.manifest, verifiers);
    return { status: 'pass', message: `signed by ${signerOf(receipt.manifest)}, a key you trust` };
  } catch (error) {
    if (!(error instanceof NoteError)) throw error;
    if (error.code === 'no-trusted-signature' || error.code === 'wrong-key-hash') {
      return {
        status: 'fail',
        message: `signed by ${signerOf(receipt.manifest)}, not by the key you gave (${verifiers.map((v) => `${v.name}+${v.keyHash.toString(16).padStart(8, '0')}`).join(', ')}): supply the key of the instance that published the figure`,
      };
    }
    return { status: 'fail', message: `the signature does not verify: ${error.message}` };
  }
}
