import { afterAll, beforeAll, vi } from 'vitest';
import { main } from '../src/cli/main.ts';
import { keepInstancesOpen } from '../src/cli/shared/instance.ts';

/** Runs `reckon <args>` in-process, capturing what it writes, and returns the exit code with the output. */
export async function runCli(args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  const { code, out, err } = await capture(args);
  return { code, out: out.join(''), err: err.join('') };
}

/** `reckon <args>` in-process, with what it wrote to either stream in one text, in the order written. */
export async function runCliJoined(...args: string[]): Promise<{ code: number; out: string }> {
  const { code, both } = await capture(args);
  return { code, out: both.join('') };
}

async function capture(args: readonly string[]): Promise<{ code: number; out: string[]; err: string[]; both: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const both: string[] = [];
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => (out.push(String(s)), both.push(String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (err.push(String(s)), both.push(String(s)), true));
  try {
    return { code: await main(['node', 'reckon', ...args]), out, err, both };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

/**
 * For a file that runs dozens of commands on one data directory: they share one open instance (keepInstancesOpen)
 * instead of each opening the embedded database, about a CPU-second a command. Opening and closing per command stays
 * tested by the other CLI files. Call it after the `afterAll` that removes the directory: after-all hooks run last
 * registered first, so the instance is closed before its directory goes.
 */
export function shareInstancesInThisFile(): void {
  let close: (() => Promise<void>) | undefined;
  beforeAll(() => {
    close = keepInstancesOpen();
  });
  afterAll(async () => {
    await close?.();
  });
}
