import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export class DataDirectoryBusyError extends Error {
  constructor(dir: string, holder: string) {
    super(
      `The data directory ${dir} is in use by another Reckon process (${holder}). ` +
        'Stop that process first, or start this one with a different --data-dir.',
    );
    this.name = 'DataDirectoryBusyError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * An embedded database must have one writer: a second process opening the same PGlite directory would corrupt it.
 * The lock is a file created exclusively; a lock left by a dead process on this host is taken over.
 */
export function lockDataDirectory(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'reckon.lock');
  const me = `${hostname()} ${process.pid}`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, me);
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readFileSync(file, 'utf8').trim();
      const [host, pidText] = holder.split(' ');
      const pid = Number(pidText);
      if (host === hostname() && Number.isInteger(pid) && !alive(pid)) {
        rmSync(file, { force: true });
        continue;
      }
      throw new DataDirectoryBusyError(dir, holder ? `host ${host}, pid ${pidText}` : 'unknown');
    }
  }
  throw new DataDirectoryBusyError(dir, 'unknown');
}
