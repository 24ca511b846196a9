/**
 * A BagReader over the files a browser hands over when a folder is chosen (`<input type=file webkitdirectory>`):
 * each File's webkitRelativePath is its name inside the chosen folder, exactly as the validator expects.
 */
import type { BagEntryInfo, BagFileContent, BagReader } from '../../../core/bagit/reader.ts';

export interface FolderFile {
  readonly name: string;
  readonly size: number;
  readonly webkitRelativePath: string;
  stream(): ReadableStream<Uint8Array>;
}

async function* chunks(file: FolderFile): AsyncIterable<Uint8Array> {
  const reader = file.stream().getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

export function fileListBagReader(files: readonly FolderFile[]): BagReader {
  const nameOf = (f: FolderFile): string => f.webkitRelativePath || f.name;
  return {
    async *list(): AsyncIterable<BagEntryInfo> {
      for (const f of files) yield { name: nameOf(f), kind: 'file', declaredSize: f.size };
    },
    async *read(names: ReadonlySet<string>): AsyncIterable<BagFileContent> {
      for (const f of files) if (names.has(nameOf(f))) yield { name: nameOf(f), content: chunks(f) };
    },
  };
}
