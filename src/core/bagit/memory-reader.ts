import type { BagEntryInfo, BagFileContent, BagReader } from './reader.ts';

export interface MemoryBagEntry extends Partial<BagEntryInfo> {
  name: string;
  bytes?: Uint8Array | string;
}

/** A BagReader over entries held in memory: for tests, and for bags the server has already unpacked. */
export function memoryBagReader(entries: readonly MemoryBagEntry[], chunkSize = 64 * 1024): BagReader {
  const encoder = new TextEncoder();
  const bytesOf = (e: MemoryBagEntry): Uint8Array => (typeof e.bytes === 'string' ? encoder.encode(e.bytes) : (e.bytes ?? new Uint8Array()));
  return {
    async *list(): AsyncIterable<BagEntryInfo> {
      for (const e of entries) {
        yield { name: e.name, kind: e.kind ?? 'file', declaredSize: e.declaredSize, compressedSize: e.compressedSize };
      }
    },
    async *read(names: ReadonlySet<string>): AsyncIterable<BagFileContent> {
      for (const e of entries) {
        if ((e.kind ?? 'file') !== 'file' || !names.has(e.name)) continue;
        const bytes = bytesOf(e);
        yield {
          name: e.name,
          content: (async function* () {
            for (let at = 0; at < bytes.length; at += chunkSize) yield bytes.subarray(at, at + chunkSize);
          })(),
        };
      }
    },
  };
}
