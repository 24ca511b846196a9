import yauzl from 'yauzl';
import { RejectedInputError } from './types.ts';

export interface ZipLimits {
  maxEntries: number;
  /** Total of the uncompressed sizes, counted while inflating (declared sizes can lie). */
  maxTotalBytes: number;
  maxEntryBytes: number;
}

export const docxLimits: ZipLimits = { maxEntries: 5000, maxTotalBytes: 256 * 1024 * 1024, maxEntryBytes: 128 * 1024 * 1024 };

export interface ZipSummary {
  entries: string[];
  totalBytes: number;
}

/**
 * Reads a whole zip once, inflating every entry and counting the bytes that actually come out, before any library
 * that loads a zip into memory (mammoth, through JSZip) sees it. Refuses zip bombs (too many entries, too many
 * bytes), entries whose actual size differs from the declared one (yauzl checks), unsafe names, and XML parts
 * with a DTD: OOXML never has one, and a DTD is how "billion laughs" entity expansion starts.
 */
export function inspectZip(path: string, limits: ZipLimits, signal: AbortSignal): Promise<ZipSummary> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: true, strictFileNames: false, validateEntrySizes: true }, (openError, zip) => {
      if (openError || !zip) return reject(new RejectedInputError(`not a readable zip: ${openError?.message ?? 'unknown error'}`));
      const entries: string[] = [];
      let total = 0;
      let settled = false;
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        zip.close();
        reject(error);
      };
      const onAbort = () => fail(signal.reason instanceof Error ? signal.reason : new Error('stopped'));
      signal.addEventListener('abort', onAbort, { once: true });
      zip.on('error', (error: Error) => fail(new RejectedInputError(`damaged zip: ${error.message}`)));
      zip.on('end', () => {
        signal.removeEventListener('abort', onAbort);
        if (settled) return;
        settled = true;
        resolve({ entries, totalBytes: total });
      });
      zip.on('entry', (entry: yauzl.Entry) => {
        if (settled) return;
        if (entries.length >= limits.maxEntries) return fail(new RejectedInputError(`the zip has more than ${limits.maxEntries} entries`));
        const name = entry.fileName;
        if (name.startsWith('/') || name.split('/').includes('..') || name.includes('\\')) {
          return fail(new RejectedInputError(`the zip has an unsafe entry name: ${JSON.stringify(name.slice(0, 200))}`));
        }
        entries.push(name);
        if (name.endsWith('/')) return zip.readEntry();
        if (entry.uncompressedSize > limits.maxEntryBytes || total + entry.uncompressedSize > limits.maxTotalBytes) {
          return fail(new RejectedInputError(`the zip would expand to more than ${limits.maxTotalBytes} bytes (a zip bomb?)`));
        }
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return fail(new RejectedInputError(`damaged zip entry ${name}: ${streamError?.message ?? ''}`));
          const isXml = /\.(xml|rels)$/i.test(name);
          let head = '';
          stream.on('data', (chunk: Buffer) => {
            total += chunk.length;
            if (total > limits.maxTotalBytes) {
              stream.destroy();
              return fail(new RejectedInputError(`the zip expands to more than ${limits.maxTotalBytes} bytes (a zip bomb?)`));
            }
            if (isXml && head.length < 4096) {
              head += chunk.toString('latin1', 0, Math.min(chunk.length, 4096));
              if (/<!DOCTYPE|<!ENTITY/i.test(head)) {
                stream.destroy();
                return fail(new RejectedInputError(`${name} declares a DTD or entities, which Office documents never do (entity expansion attack?)`));
              }
            }
          });
          stream.on('error', (error: Error) => fail(new RejectedInputError(`damaged zip entry ${name}: ${error.message}`)));
          stream.on('end', () => {
            if (!settled) zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}
