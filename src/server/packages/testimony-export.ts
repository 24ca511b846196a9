import { createHash } from 'node:crypto';
import type { ProtectedIdentity, TestimonyView } from '../archive/testimonies.ts';
import { seal, type SealedEnvelope, type SealRecipient } from './sealing.ts';

/** A payload file made by the export itself (not a stored original): its bytes are in memory and hashed here. */
export interface GeneratedFile {
  path: string;
  bytes: Uint8Array;
  size: number;
  sha256: string;
  sha512: string;
  /** What the file is, for the exhibit list and the custody event. */
  role: 'transcript' | 'translation' | 'interview' | 'consent' | 'sealed-identity';
  language?: string;
}

export function generatedFile(path: string, bytes: Uint8Array, role: GeneratedFile['role'], language?: string): GeneratedFile {
  return {
    path,
    bytes,
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    sha512: createHash('sha512').update(bytes).digest('hex'),
    role,
    ...(language ? { language } : {}),
  };
}

const encoder = new TextEncoder();
const json = (value: unknown) => encoder.encode(`${JSON.stringify(value, null, 2)}\n`);

interface CustodyEvent {
  at: string;
  actorName: string;
  action: string;
  details: Record<string, unknown>;
}

/** Every consent change in the order it was recorded, from the testimony's custody events. */
export function consentHistory(events: readonly CustodyEvent[]) {
  const history: Array<{ at: string; by: string; change: 'given' | 'withdrawn'; scope: string; on: string }> = [];
  for (const event of events) {
    if (event.action === 'testimony.recorded' && Array.isArray(event.details.consents)) {
      for (const c of event.details.consents as Array<{ scope: string; givenOn: string }>) history.push({ at: event.at, by: event.actorName, change: 'given', scope: c.scope, on: c.givenOn });
    } else if (event.action === 'testimony.consent_given' || event.action === 'testimony.consent_withdrawn') {
      history.push({
        at: event.at,
        by: event.actorName,
        change: event.action === 'testimony.consent_given' ? 'given' : 'withdrawn',
        scope: String(event.details.scope),
        on: String(event.details.on),
      });
    }
  }
  return history;
}

export interface TestimonyExport {
  files: GeneratedFile[];
  /** Present when the protected identity was sealed into the package. */
  sealedFor?: { name: string; keyFingerprint: string };
}

/**
 * The files a testimony contributes to a package, under `data/items/<item>/testimony/`:
 *
 * - `transcript-<language>.txt` / `translation-<language>.txt`: the text exactly as stored (UTF-8, nothing added),
 *   so each file's SHA-256 is the one its `testimony.text_saved` custody event recorded;
 * - `interview.json`: pseudonym, interviewer, date, place and language of the interview;
 * - `consent.json`: the scopes in force now and every change with who recorded it and when;
 * - `identity.sealed.json`, only when the exporter asked for it: the protected identity sealed for the named
 *   recipient (sealing.ts). Nowhere else in the bag does the identity appear.
 */
export function testimonyFiles(
  itemId: string,
  testimony: TestimonyView,
  custody: readonly CustodyEvent[],
  sealing?: { recipient: SealRecipient; identity: ProtectedIdentity | null },
): TestimonyExport {
  const base = `items/${itemId}/testimony`;
  const files: GeneratedFile[] = [];
  for (const text of testimony.texts) {
    files.push(generatedFile(`${base}/${text.kind}-${text.language}.txt`, encoder.encode(text.text), text.kind, text.language));
  }
  files.push(
    generatedFile(
      `${base}/interview.json`,
      json({
        pseudonym: testimony.pseudonym,
        interviewer: testimony.interviewer,
        interviewDate: testimony.interviewDate,
        interviewPlace: testimony.interviewPlace,
        language: testimony.language,
        protectedIdentity: testimony.hasIdentity ? (sealing?.identity ? 'sealed in identity.sealed.json for the named recipient' : 'recorded, not included in this package') : 'none recorded',
      }),
      'interview',
    ),
  );
  files.push(
    generatedFile(
      `${base}/consent.json`,
      json({ inForce: testimony.consents.filter((c) => c.withdrawnOn === null).map((c) => c.scope), scopes: testimony.consents, history: consentHistory(custody) }),
      'consent',
    ),
  );
  let sealedFor: TestimonyExport['sealedFor'];
  if (sealing?.identity) {
    const envelope: SealedEnvelope = seal(sealing.recipient, encoder.encode(JSON.stringify(sealing.identity)), `testimony:${itemId}:identity`);
    sealedFor = envelope.recipient;
    files.push(generatedFile(`${base}/identity.sealed.json`, json(envelope), 'sealed-identity'));
  }
  return { files, sealedFor };
}
