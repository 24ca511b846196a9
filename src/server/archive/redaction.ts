import type { Readable } from 'node:stream';
import { requireRole, type Actor } from '../accounts/actor.ts';
import { bytesStream } from '../blobs/service.ts';
import { DomainError, invalid, notFound } from '../errors.ts';
import { RejectedInputError, ToolUnavailableError } from '../extraction/types.ts';
import type { Region, TextRange } from '../extraction/redact.ts';
import type { PageBox } from '../../core/redaction/pdf-text-boxes.ts';

// pdf-lib, sharp and unpdf load when a redaction is made, not when the server starts (issue 15)
const transforms = () => import('../extraction/redact.ts');
const pdfAreas = () => import('./pdf-redaction.ts');
import * as repo from './repository.ts';
import type { AddFileResult, ArchiveService } from './service.ts';
import type { Confidentiality } from './tables.ts';
import { isUuid } from './service.ts';
import { findText } from './testimony-repository.ts';

/** Largest original a redaction loads into memory (images and PDFs are transformed whole). */
const MAX_REDACT_BYTES = 512 * 1024 * 1024;

export type RedactionRequest =
  | { type: 'image_regions'; regions: Region[]; confidentiality: Confidentiality }
  | { type: 'pdf_pages'; pages: number[]; confidentiality: Confidentiality }
  | { type: 'pdf_areas'; areas: PageBox[]; texts: string[]; confidentiality: Confidentiality }
  | { type: 'text_ranges'; ranges: TextRange[]; confidentiality: Confidentiality; language?: string };

async function readAll(stream: Readable, limit: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of stream) {
    size += (part as Buffer).length;
    if (size > limit) {
      stream.destroy();
      throw new DomainError('too_large', 'file_too_large', `Redaction works on files up to ${limit} bytes`);
    }
    parts.push(part as Buffer);
  }
  return Buffer.concat(parts);
}

function derivedName(filename: string, suffix: string, ext?: string): string {
  const dot = filename.lastIndexOf('.');
  const stem = dot > 0 ? filename.slice(0, dot) : filename;
  return `${stem}-${suffix}${ext ?? (dot > 0 ? filename.slice(dot) : '')}`;
}

/**
 * Redaction makes a derived working copy through the extraction module's transforms and stores it as a new blob
 * linked to its original (derived_from). The original blob and its row are never touched.
 */
export class RedactionService {
  constructor(private readonly archive: ArchiveService) {}

  async redactFile(actor: Actor, itemId: string, fileId: string, request: RedactionRequest): Promise<AddFileResult> {
    requireRole(actor, 'editor');
    const item = await this.archive.visibleItem(actor, itemId);
    const file = isUuid(fileId) ? await repo.findFile(this.archive.db, item.id, fileId) : undefined;
    if (!file) throw notFound('File', fileId);
    const input = await readAll(await this.archive.blobs.open(file.blob_sha256), MAX_REDACT_BYTES);
    let output: Buffer;
    let details: Record<string, unknown>;
    try {
      if (request.type === 'image_regions') {
        if (!file.mime?.startsWith('image/')) throw invalid('not_an_image', `The file is ${file.mime ?? 'of unknown type'}, not an image`, { field: 'type' });
        output = await (await transforms()).redactImage(input, request.regions);
        details = { type: request.type, regions: request.regions };
      } else if (request.type === 'pdf_pages') {
        if (file.mime !== 'application/pdf') throw invalid('not_a_pdf', `The file is ${file.mime ?? 'of unknown type'}, not a PDF`, { field: 'type' });
        output = await (await transforms()).removePdfPages(input, request.pages);
        details = { type: request.type, pages: [...new Set(request.pages)].sort((a, b) => a - b) };
      } else if (request.type === 'pdf_areas') {
        if (file.mime !== 'application/pdf') throw invalid('not_a_pdf', `The file is ${file.mime ?? 'of unknown type'}, not a PDF`, { field: 'type' });
        const result = await (await pdfAreas()).redactPdfAreas(input, { areas: request.areas, texts: request.texts });
        output = result.pdf;
        // The searched texts are what is being hidden: the custody record keeps where the boxes were and how many
        // came from a text search, never the texts themselves (the audit trail reaches the ledger and every bag).
        const round = (v: number) => Math.round(v * 10_000) / 10_000;
        details = {
          type: request.type,
          pages: result.pages,
          boxes: result.boxes.length,
          // Up to a thousand boxes are listed; a larger set (a page hatched box by box) is only counted.
          ...(result.boxes.length <= 1_000 ? { areas: result.boxes.map((b) => ({ page: b.page, x: round(b.x), y: round(b.y), w: round(b.w), h: round(b.h) })) } : {}),
          textQueries: request.texts.length,
          textMatches: result.textMatches,
          dpi: Math.min(...result.dpi),
        };
      } else {
        if (!(file.mime ?? '').startsWith('text/')) throw invalid('not_text', `The file is ${file.mime ?? 'of unknown type'}, not text`, { field: 'type' });
        output = Buffer.from((await transforms()).redactText(input.toString('utf8'), request.ranges), 'utf8');
        details = { type: request.type, ranges: request.ranges };
      }
    } catch (error) {
      if (error instanceof RejectedInputError) throw invalid('redaction_rejected', error.message);
      if (error instanceof ToolUnavailableError) {
        throw new DomainError('unavailable', 'pdf_renderer_missing', `Redacting areas of a PDF needs ${error.tool} (poppler-utils) on the server; removing whole pages still works`);
      }
      throw error;
    }
    const staged = await this.archive.blobs.stage(bytesStream(output), { encrypt: request.confidentiality === 'confidential' });
    return this.archive.attachStaged(actor, item.id, staged, {
      filename: derivedName(file.filename, 'redacted'),
      role: 'derivative',
      derivedFrom: file.id,
      confidentiality: request.confidentiality,
      redaction: { ...details, sourceSha256: file.blob_sha256 },
    });
  }

  /** Redacts passages of a testimony's transcript or translation into a text derivative file. */
  async redactTranscript(actor: Actor, itemId: string, language: string, ranges: TextRange[], confidentiality: Confidentiality): Promise<AddFileResult> {
    requireRole(actor, 'editor');
    const item = await this.archive.visibleItem(actor, itemId);
    const row = await findText(this.archive.db, item.id, language);
    if (!row) throw notFound('Transcript', `${itemId}/${language}`);
    let output: string;
    try {
      output = (await transforms()).redactText(row.text, ranges);
    } catch (error) {
      if (error instanceof RejectedInputError) throw invalid('redaction_rejected', error.message);
      throw error;
    }
    // A transcript has no file of its own: the derivative's origin is the text, identified by its hash in the audit.
    const staged = await this.archive.blobs.stage(bytesStream(Buffer.from(output, 'utf8')), { encrypt: confidentiality === 'confidential' });
    const originalFile = await this.archive.blobs.stage(bytesStream(Buffer.from(row.text, 'utf8')), { encrypt: true });
    const original = await this.archive.attachStaged(actor, item.id, originalFile, {
      filename: `${row.kind}-${language}.txt`,
      role: 'original',
      derivedFrom: null,
      confidentiality: 'confidential',
      redaction: null,
    });
    return this.archive.attachStaged(actor, item.id, staged, {
      filename: `${row.kind}-${language}-redacted.txt`,
      role: 'derivative',
      derivedFrom: original.file.id,
      confidentiality,
      redaction: { type: 'text_ranges', language, ranges, sourceSha256: original.file.sha256 },
    });
  }
}
