import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInWorker } from '../isolate.ts';
import type { Extractor, FileKind } from '../types.ts';
import type { InProcessExtractor } from '../worker.ts';

// sharp, unpdf and the document readers load when a file first needs them, not when the server starts (issue 15)
const media = () => import('./media.ts');
const ocr = () => import('./ocr.ts');

const isolated =
  (extractor: InProcessExtractor): Extractor =>
  (path, signal) =>
    runInWorker({ extractor, path }, signal);

/** Extractors that make a file get a private temporary directory; the caller removes it after storing the file. */
const withOutput =
  (name: string, make: (path: string, outPath: string, signal: AbortSignal) => Promise<Awaited<ReturnType<Extractor>>>): Extractor =>
  async (path, signal) => {
    const dir = await mkdtemp(join(tmpdir(), 'reckon-derived-'));
    try {
      const output = await make(path, join(dir, `${name}.webp`), signal);
      if (!output.derived) await rm(dir, { recursive: true, force: true });
      return output;
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  };

/** Every extractor by the name stored in `extractions.extractor`. */
export const extractors = {
  'pdf-text': isolated('pdf-text'),
  'docx-text': isolated('docx-text'),
  text: isolated('text'),
  'html-text': isolated('html-text'),
  'image-metadata': isolated('image-metadata'),
  thumbnail: withOutput('thumbnail', (path, outPath, signal) => runInWorker({ extractor: 'thumbnail', path, outPath }, signal)),
  'media-info': async (path, signal) => (await media()).mediaInfo(path, signal),
  poster: withOutput('poster', async (path, outPath, signal) => (await media()).posterFrame(path, outPath, signal)),
  ocr: async (path, signal) => (await ocr()).ocrImage(path, signal),
  'pdf-ocr': async (path, signal) => (await ocr()).ocrPdf(path, signal),
} satisfies Record<string, Extractor>;

export type ExtractorName = keyof typeof extractors;

/** Which extractors run for a kind of file. OCR of a PDF is decided after its text layer has been read. */
export function extractorsForKind(kind: FileKind): ExtractorName[] {
  switch (kind) {
    case 'pdf':
      return ['pdf-text'];
    case 'docx':
      return ['docx-text'];
    case 'text':
      return ['text'];
    case 'html':
      return ['html-text'];
    case 'image':
      return ['image-metadata', 'thumbnail', 'ocr'];
    case 'video':
      return ['media-info', 'poster'];
    case 'audio':
      return ['media-info'];
    default:
      return [];
  }
}
