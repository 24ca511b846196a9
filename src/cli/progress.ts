import cliProgress from 'cli-progress';

export interface Progress {
  start(total: number, label?: string): void;
  update(done: number): void;
  increment(by?: number): void;
  stop(): void;
}

/**
 * A progress bar on stderr when it is a terminal, and silence otherwise, so that piped output and `--json`
 * stay machine-readable.
 */
export function createProgress(options: { enabled?: boolean } = {}): Progress {
  const enabled = options.enabled ?? Boolean(process.stderr.isTTY);
  if (!enabled) {
    return { start() {}, update() {}, increment() {}, stop() {} };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: '{label} [{bar}] {percentage}% | {value}/{total} | {duration_formatted} elapsed, eta {eta_formatted}',
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let label = '';
  return {
    start(total, newLabel = '') {
      label = newLabel;
      bar.start(total, 0, { label });
    },
    update(done) {
      bar.update(done, { label });
    },
    increment(by = 1) {
      bar.increment(by, { label });
    },
    stop() {
      bar.stop();
    },
  };
}
