import { spawn } from 'node:child_process';
import { findExecutable } from '../system/features.ts';
import { ToolUnavailableError } from './types.ts';

export interface ToolResult {
  stdout: Buffer;
  stderr: string;
}

export interface ToolOptions {
  signal: AbortSignal;
  /** Output beyond this is a failure (a hostile file must not make a tool fill memory). */
  maxOutputBytes?: number;
}

/** The path of an installed tool, or a ToolUnavailableError naming it. */
export function requireTool(name: string): string {
  const path = findExecutable(name);
  if (!path) throw new ToolUnavailableError(name);
  return path;
}

/**
 * Runs an external tool with no shell (arguments are passed as they are, so a file name cannot inject commands),
 * killing it with SIGKILL when the signal aborts (time limit or shutdown). Resolves on exit code 0.
 */
export function runTool(name: string, args: string[], options: ToolOptions): Promise<ToolResult> {
  const executable = requireTool(name);
  const maxOutput = options.maxOutputBytes ?? 64 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    if (options.signal.aborted) {
      reject(abortReason(options.signal));
      return;
    }
    const child = spawn(executable, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8', OMP_THREAD_LIMIT: '1' } });
    const out: Buffer[] = [];
    let outBytes = 0;
    let err = '';
    let failure: Error | null = null;
    const kill = (reason: Error) => {
      failure ??= reason;
      child.kill('SIGKILL');
    };
    const onAbort = () => kill(abortReason(options.signal));
    options.signal.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > maxOutput) kill(new Error(`${name} wrote more than ${maxOutput} bytes of output`));
      else out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (err.length < 8192) err += chunk.toString('utf8');
    });
    child.on('error', (error) => kill(error));
    child.on('close', (code, signalName) => {
      options.signal.removeEventListener('abort', onAbort);
      if (failure) return reject(failure);
      if (code !== 0) {
        const detail = lastLine(err) || (signalName ? `killed by ${signalName}` : `exit code ${code}`);
        return reject(new Error(`${name} failed: ${detail}`));
      }
      resolve({ stdout: Buffer.concat(out), stderr: err });
    });
  });
}

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error('stopped');
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n').map((l) => l.trim()).filter(Boolean);
  return (lines[lines.length - 1] ?? '').slice(0, 500);
}

let cachedLanguages: string[] | null = null;

/** The OCR languages Reckon asks for that are installed: aze, hye, rus, eng (in that order). */
export async function installedOcrLanguages(signal: AbortSignal): Promise<string[]> {
  if (cachedLanguages) return cachedLanguages;
  const { stdout, stderr } = await runTool('tesseract', ['--list-langs'], { signal });
  const listed = new Set(`${stdout.toString('utf8')}\n${stderr}`.split(/\s+/));
  cachedLanguages = ['aze', 'hye', 'rus', 'eng'].filter((l) => listed.has(l));
  return cachedLanguages;
}
