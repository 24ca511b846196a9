import { fitsScript } from '../../core/dialogue/script.ts';
import { STATEMENT_MAX_LENGTH } from './schemas.ts';

/** Why a machine translation was not kept; stored per language on the statement and shown in the console. */
export type MachineFailure = 'unavailable' | 'timeout' | 'refused' | 'garbage' | 'too_long' | 'wrong_script' | 'unchanged';

export type MachineResult = { ok: true; text: string } | { ok: false; reason: MachineFailure };

export interface MachineTranslator {
  translate(text: string, source: string, target: string): Promise<MachineResult>;
}

/** Answers larger than this are not read: a translation of a 1,000-character statement is far smaller. */
const MAX_ANSWER_BYTES = 64 * 1024;
/** Text PostgreSQL cannot store, or that no translation contains. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const unstorable = (text: string) => text.includes('\u0000') || LONE_SURROGATE.test(text);

/** The primary language subtag, which is what LibreTranslate's language codes are. */
const primary = (tag: string) => tag.toLowerCase().split('-')[0];

/**
 * A client of the LibreTranslate API (`POST /translate` with `q`, `source`, `target`, `format`, `api_key`; answer
 * `{ translatedText }`), self-hostable, so statements need not leave the organisation's machines. Nothing is sent
 * unless RECKON_TRANSLATION_URL is set. Every failure is a result, never an exception: a service that is down,
 * slow or answers garbage leaves the statement untranslated and marked so, and never blocks anything else.
 */
export class LibreTranslateClient implements MachineTranslator {
  private readonly endpoint: string;

  constructor(
    baseUrl: string,
    private readonly apiKey: string | undefined,
    private readonly timeoutMs: number,
  ) {
    this.endpoint = new URL('translate', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).toString();
  }

  async translate(text: string, source: string, target: string): Promise<MachineResult> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    let body: string;
    let status: number;
    try {
      const response = await fetch(this.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ q: text, source: primary(source), target: primary(target), format: 'text', ...(this.apiKey ? { api_key: this.apiKey } : {}) }),
        signal: controller.signal,
        redirect: 'error',
      });
      status = response.status;
      body = await readLimited(response, MAX_ANSWER_BYTES);
    } catch (error) {
      return { ok: false, reason: controller.signal.aborted ? 'timeout' : error instanceof AnswerTooLarge ? 'garbage' : 'unavailable' };
    } finally {
      clearTimeout(timer);
    }
    if (status >= 500 || status === 429) return { ok: false, reason: 'unavailable' };
    if (status >= 400) return { ok: false, reason: 'refused' };
    return checkAnswer(body, text, target);
  }
}

class AnswerTooLarge extends Error {}

async function readLimited(response: Response, limit: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new AnswerTooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** What a translation service answered, checked as strictly as a human translation is. */
export function checkAnswer(body: string, original: string, target: string): MachineResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'garbage' };
  }
  const value = typeof parsed === 'object' && parsed !== null ? (parsed as { translatedText?: unknown }).translatedText : undefined;
  if (typeof value !== 'string') return { ok: false, reason: 'garbage' };
  const text = value.trim();
  if (text === '' || unstorable(text)) return { ok: false, reason: 'garbage' };
  if (text.length > STATEMENT_MAX_LENGTH) return { ok: false, reason: 'too_long' };
  if (text === original.trim()) return { ok: false, reason: 'unchanged' };
  if (!fitsScript(text, target)) return { ok: false, reason: 'wrong_script' };
  return { ok: true, text };
}
