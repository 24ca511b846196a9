import type { FastifyInstance, FastifyRequest } from 'fastify';
import { describeTextProblem, findUnstorable, printableText, unstorableText, type UnstorableValue } from '../../core/text/storable.ts';
import { DomainError } from '../errors.ts';

/**
 * The one input-normalisation step of the HTTP edge: every string a request carries (path parameters, query string,
 * JSON body, multipart field names, values and file names) is checked before any route sees it, and text that
 * PostgreSQL cannot store (U+0000, a lone surrogate) is refused with 400 `invalid_text` naming where it was. Without
 * this, such text reached the database and came back as a 500.
 */
export function installTextNormalisation(app: FastifyInstance): void {
  app.addHook('preValidation', async (request: FastifyRequest) => {
    checkPart('params', request.params);
    checkPart('query', request.query);
    checkPart('body', request.body);
    guardMultipart(request);
  });
}

export function invalidText(where: string, found: Pick<UnstorableValue, 'path' | 'problem' | 'line' | 'column'>): DomainError {
  const position = found.line > 1 ? ` (line ${found.line}, column ${found.column} of the value)` : found.column > 1 ? ` (character ${found.column})` : '';
  return new DomainError('invalid', 'invalid_text', `${where} ${found.path}: the text ${describeTextProblem(found.problem)}${position}`, {
    where,
    field: found.path,
    problem: found.problem,
    line: found.line,
    column: found.column,
  });
}

function checkPart(where: string, value: unknown): void {
  if (value === undefined || value === null) return;
  const found = findUnstorable(value);
  if (found) throw invalidText(where, found);
}

/** Anything with the multipart plugin's async iterator of parts. */
interface MultipartRequest {
  isMultipart?: () => boolean;
  parts?: (...args: unknown[]) => AsyncIterableIterator<MultipartPart>;
}
interface MultipartPart {
  type: 'field' | 'file';
  fieldname: string;
  filename?: string;
  value?: unknown;
}

/**
 * Multipart bodies are streamed by the route itself, so they cannot be checked before the handler runs. Instead the
 * request's part iterator is wrapped: each part's name, file name and field value is checked as it arrives, before
 * the route reads it, and a bad one ends the upload with the same 400 (the file's bytes are never stored).
 */
function guardMultipart(request: FastifyRequest): void {
  const candidate = request as unknown as MultipartRequest;
  if (typeof candidate.parts !== 'function' || typeof candidate.isMultipart !== 'function' || !candidate.isMultipart()) return;
  const original = candidate.parts.bind(request);
  candidate.parts = (...args: unknown[]) => checkedParts(original(...args));
}

async function* checkedParts(parts: AsyncIterableIterator<MultipartPart>): AsyncIterableIterator<MultipartPart> {
  for await (const part of malformedAsClientError(parts)) {
    const name = unstorableText(part.fieldname);
    if (name) throw invalidText('multipart', { path: '(field name)', ...name });
    if (part.type === 'file' && typeof part.filename === 'string') {
      const found = unstorableText(part.filename);
      if (found) throw invalidText('multipart', { path: `${printableText(part.fieldname)}.filename`, ...found });
    }
    if (part.type === 'field' && typeof part.value === 'string') {
      const found = unstorableText(part.value);
      if (found) throw invalidText('multipart', { path: printableText(part.fieldname), ...found });
    }
    yield part;
  }
}

/**
 * The multipart parser's own complaints about the body (cut short before its closing boundary, a broken part header)
 * describe the request, so they are a 400 `upload_malformed`, not an unexpected error. Errors that already carry a
 * client status (the file-size and part-count limits) pass unchanged.
 */
async function* malformedAsClientError(parts: AsyncIterableIterator<MultipartPart>): AsyncIterableIterator<MultipartPart> {
  try {
    yield* parts;
  } catch (error) {
    if (error instanceof DomainError || typeof (error as { statusCode?: unknown }).statusCode === 'number') throw error;
    throw new DomainError('invalid', 'upload_malformed', `The multipart body is not valid: ${(error as Error).message}`);
  }
}
