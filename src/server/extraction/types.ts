/** The broad family of a file, decided from its bytes; it picks the extractors that run. */
export type FileKind = 'pdf' | 'docx' | 'text' | 'html' | 'image' | 'video' | 'audio' | 'archive' | 'executable' | 'empty' | 'other';

export interface SniffResult {
  /** The MIME type found from the content, e.g. application/pdf; application/octet-stream when unknown. */
  mime: string;
  /** The extension that matches the content, without a dot ('' when unknown). */
  ext: string;
  kind: FileKind;
}

/** A file an extractor made from the original (a thumbnail, a poster frame): a local path the caller stores. */
export interface DerivedFile {
  path: string;
  mime: string;
}

export interface ExtractorOutput {
  text?: string;
  metadata?: Record<string, unknown>;
  derived?: DerivedFile;
}

/** Every extractor: a local file and an abort signal in; text, metadata and at most one derived file out. */
export type Extractor = (localPath: string, signal: AbortSignal) => Promise<ExtractorOutput>;

/** Thrown when a required external tool (ffmpeg, tesseract, …) is not installed: the state is 'unavailable'. */
export class ToolUnavailableError extends Error {
  constructor(
    readonly tool: string,
    message = `${tool} is not installed on this server`,
  ) {
    super(message);
    this.name = 'ToolUnavailableError';
  }
}

/** Thrown for content an extractor refuses to process (too large, a zip bomb, a decompression bomb, malformed). */
export class RejectedInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RejectedInputError';
  }
}
