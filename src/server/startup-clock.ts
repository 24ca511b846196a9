/**
 * Where a server's start-up goes (issue 15, item 4): the process's CPU time (user + system, every thread) and the
 * wall time spent in each step, from the process's own start to the step's end. The first step is everything before
 * `serve()` ran: Node's own start and loading the code. `reckon serve --log-level debug` logs the steps once the
 * server listens; bench/cli-startup.bench.ts reads them.
 */
export interface StartupStep {
  step: string;
  /** CPU milliseconds of this step alone. */
  cpuMs: number;
  /** Wall milliseconds of this step alone. */
  wallMs: number;
}

export interface StartupClock {
  /** Ends the step under way, naming it. */
  mark(step: string): void;
  readonly steps: readonly StartupStep[];
}

const cpuMsNow = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** A clock whose first step, named `first`, runs from the process's start (Node's time origin) to now. */
export function startupClock(first = 'node start and code loaded'): StartupClock {
  const steps: StartupStep[] = [];
  let cpu = 0;
  let wall = 0;
  const mark = (step: string) => {
    const nowCpu = cpuMsNow();
    const nowWall = performance.now();
    steps.push({ step, cpuMs: Math.round(nowCpu - cpu), wallMs: Math.round(nowWall - wall) });
    cpu = nowCpu;
    wall = nowWall;
  };
  mark(first);
  return { mark, steps };
}

/** A clock that records nothing (callers that do not time their start). */
export const noClock: StartupClock = { mark: () => {}, steps: [] };
