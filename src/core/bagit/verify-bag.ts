/**
 * Verifies a bag completely: BagIt (manifests, tag manifests, safety of every entry) and then, for a Reckon
 * evidence package, everything that binds it to the signed ledger (src/core/bagit/evidence.ts). The CLI's
 * `reckon bag verify` and `reckon bag import`, the server's import, and the bag's own verify.html all call this.
 */
import { checkEvidence, type EvidenceReport } from './evidence.ts';
import type { BagReader } from './reader.ts';
import { validateBagContents, type BagReport, type ValidateOptions } from './validate.ts';

export interface VerifyBagOptions extends ValidateOptions {
  expectedKey?: string;
  trustedTsaPem?: string;
  /** Refuse a bag that is not a Reckon evidence package (import). */
  requireEvidence?: boolean;
}

export interface BagVerification {
  ok: boolean;
  report: BagReport;
  evidence: EvidenceReport;
  /** The tag files as read (what the evidence was checked on). */
  tagFiles: ReadonlyMap<string, Uint8Array>;
}

export async function verifyBag(reader: BagReader, options: VerifyBagOptions = {}): Promise<BagVerification> {
  const { report, payloadDigests, tagFiles } = await validateBagContents(reader, options);
  const evidence = checkEvidence({
    payload: payloadDigests,
    tags: tagFiles,
    bagInfo: report.bagInfo,
    expectedKey: options.expectedKey,
    trustedTsaPem: options.trustedTsaPem,
    requireEvidence: options.requireEvidence,
  });
  return { ok: report.valid && evidence.ok, report, evidence, tagFiles };
}

/** Every failure, one line each, naming the file: BagIt's first, then the evidence's. */
export function failureLines(v: BagVerification): string[] {
  return [...v.report.problems.map((p) => `${p.code.padEnd(20)} ${p.message}`), ...v.evidence.problems.map((p) => `${p.code.padEnd(20)} ${p.message}`)];
}
