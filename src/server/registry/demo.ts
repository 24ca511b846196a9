import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The example case shipped with Reckon (see examples/khojaly-1992/README.md). */
export const EXAMPLE_NAME = 'khojaly-1992';
export const EXAMPLE_LABEL = `example:${EXAMPLE_NAME}`;
export const examplesDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples');

const IMPORT_FILE = /\.(csv|json)$/;
const MAX_FOLDER_BYTES = 50 * 1024 * 1024;

/**
 * Reads an import folder: its .csv and .json files as text (UTF-8), by name. Subfolders and other files are left
 * out; the parser reports unknown files. Throws a plain Error naming the folder when it cannot be read.
 */
export function readImportFolder(folder: string): Record<string, string> {
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new Error(`${folder} is not a folder`);
  const files: Record<string, string> = {};
  let total = 0;
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name);
    if (!IMPORT_FILE.test(name) || !statSync(path).isFile()) continue;
    total += statSync(path).size;
    if (total > MAX_FOLDER_BYTES) throw new Error(`${folder} holds more than ${MAX_FOLDER_BYTES / 1024 / 1024} MB of import files`);
    files[name] = readFileSync(path, 'utf8');
  }
  return files;
}

export function exampleAvailable(): boolean {
  return existsSync(join(examplesDir, EXAMPLE_NAME, 'claims.csv'));
}

export function readExample(): Record<string, string> {
  return readImportFolder(join(examplesDir, EXAMPLE_NAME));
}
