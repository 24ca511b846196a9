import { PROOF_FORMAT, verifyProofDocument } from '../../core/ledger/proof-format.ts';
import type { BagReader } from '../../core/bagit/reader.ts';

export interface BagProofResult {
  file: string;
  ok: boolean;
  checked: number;
  /** What each RFC 3161 time-stamp in the file proves (verified ones only). */
  timestamps?: string[];
  problems: string[];
  warnings: string[];
}

const MAX_PROOF_FILE_BYTES = 64 * 1024 * 1024;
const PROOF_FILE = /(^|\/)ledger\/[^/]+\.json$/;

/**
 * Checks every reckon-ledger-proof/1 document under ledger/ in a bag (already validated against its manifests):
 * each inclusion proof against the signed checkpoint in it, with the key given on the command line when there is
 * one (the key in the file is otherwise used, with a warning that it should be compared with the published one).
 */
export async function checkBagProofs(reader: BagReader, publicKey?: string, tsaCertificates?: string): Promise<BagProofResult[]> {
  const names = new Set<string>();
  for await (const entry of reader.list()) if (entry.kind === 'file' && PROOF_FILE.test(entry.name)) names.add(entry.name);
  const results: BagProofResult[] = [];
  for await (const file of reader.read(names)) {
    const parts: Uint8Array[] = [];
    let size = 0;
    let tooLarge = false;
    for await (const chunk of file.content) {
      size += chunk.length;
      if (size > MAX_PROOF_FILE_BYTES) {
        tooLarge = true;
        break;
      }
      parts.push(chunk);
    }
    if (tooLarge) {
      results.push({ file: file.name, ok: false, checked: 0, problems: [`larger than ${MAX_PROOF_FILE_BYTES} bytes; not read`], warnings: [] });
      continue;
    }
    let doc: unknown;
    try {
      doc = JSON.parse(Buffer.concat(parts).toString('utf8'));
    } catch (error) {
      results.push({ file: file.name, ok: false, checked: 0, problems: [`not valid JSON: ${(error as Error).message}`], warnings: [] });
      continue;
    }
    if (typeof doc !== 'object' || doc === null || (doc as { format?: unknown }).format !== PROOF_FORMAT) continue;
    const report = verifyProofDocument(doc, { ...(publicKey ? { publicKey } : {}), ...(tsaCertificates ? { tsaCertificates } : {}) });
    results.push({
      file: file.name,
      ok: report.ok,
      checked: report.checks.filter((c) => !/timestamp$/i.test(c.path)).length,
      timestamps: report.checks.filter((c) => c.ok && /timestamp$/i.test(c.path)).map((c) => c.message),
      problems: report.checks.filter((c) => !c.ok).map((c) => c.message),
      warnings: report.warnings,
    });
  }
  return results.sort((a, b) => a.file.localeCompare(b.file));
}
