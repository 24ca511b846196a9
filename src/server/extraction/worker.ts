import { parentPort, workerData } from 'node:worker_threads';
import { docxText, pdfText, plainText } from './extractors/document.ts';
import { imageMetadata, thumbnail } from './extractors/image.ts';
import type { ExtractorOutput } from './types.ts';

/** Runs one in-process extractor inside a worker thread, so that a hang or a memory blow-up can be terminated. */
export interface WorkerTask {
  extractor: InProcessExtractor;
  path: string;
  /** Where a derived file goes, for extractors that make one. */
  outPath?: string;
}

export type InProcessExtractor = 'pdf-text' | 'docx-text' | 'text' | 'html-text' | 'image-metadata' | 'thumbnail';

export type WorkerReply = { ok: true; output: ExtractorOutput } | { ok: false; name: string; message: string };

const never = new AbortController().signal;

async function run(task: WorkerTask): Promise<ExtractorOutput> {
  switch (task.extractor) {
    case 'pdf-text':
      return pdfText(task.path);
    case 'docx-text':
      return docxText(task.path, never);
    case 'text':
      return plainText(task.path, false);
    case 'html-text':
      return plainText(task.path, true);
    case 'image-metadata':
      return imageMetadata(task.path);
    case 'thumbnail':
      if (!task.outPath) throw new Error('thumbnail needs an output path');
      return thumbnail(task.path, task.outPath);
  }
}

// One task at a time: the parent sends the next only after the reply, and terminates the worker on a time-out.
if (parentPort && workerData === 'reckon-extraction-worker') {
  const port = parentPort;
  port.on('message', (task: WorkerTask) => {
    run(task).then(
      (output) => port.postMessage({ ok: true, output } satisfies WorkerReply),
      (error: unknown) => {
        const e = error instanceof Error ? error : new Error(String(error));
        port.postMessage({ ok: false, name: e.name, message: e.message } satisfies WorkerReply);
      },
    );
  });
}
