import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Optional system tools. Their absence degrades a feature with a message; it never stops start-up. */
export interface Features {
  ffmpeg: boolean;
  ffprobe: boolean;
  tesseract: boolean;
  chromium: boolean;
  openssl: boolean;
}

export function findExecutable(name: string, path = process.env.PATH ?? ''): string | null {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return null;
}

export function detectFeatures(): Features {
  return {
    ffmpeg: findExecutable('ffmpeg') !== null,
    ffprobe: findExecutable('ffprobe') !== null,
    tesseract: findExecutable('tesseract') !== null,
    chromium: findExecutable('chromium') !== null || findExecutable('chromium-browser') !== null,
    openssl: findExecutable('openssl') !== null,
  };
}
