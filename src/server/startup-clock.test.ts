import { describe, expect, it } from 'vitest';
import { noClock, startupClock } from './startup-clock.ts';

describe('the start-up clock', () => {
  it('names each step with the CPU and wall time spent in it alone, the first from the process start', () => {
    const clock = startupClock('before');
    // busy for 20 ms of this process's CPU, however long the machine's load makes that in wall time
    const start = process.cpuUsage();
    let spin = 0;
    while (process.cpuUsage(start).user + process.cpuUsage(start).system < 20_000) spin++;
    clock.mark('busy');
    clock.mark('idle');
    expect(spin).toBeGreaterThan(0);
    expect(clock.steps.map((s) => s.step)).toEqual(['before', 'busy', 'idle']);
    // the first step covers everything since Node's time origin, which includes this test run's start-up
    expect(clock.steps[0].wallMs).toBeGreaterThan(0);
    expect(clock.steps[1].cpuMs).toBeGreaterThanOrEqual(19);
    // process.cpuUsage counts every thread of the process: where the test runner's other workers share it (as in
    // the whole suite), CPU may exceed wall time and fall in the idle step too; only wall time orders the steps.
    expect(clock.steps[2].wallMs).toBeLessThanOrEqual(clock.steps[1].wallMs);
    for (const s of clock.steps) expect(Number.isInteger(s.cpuMs) && Number.isInteger(s.wallMs)).toBe(true);
  });

  it('records nothing when a caller does not time its start', () => {
    noClock.mark('anything');
    expect(noClock.steps).toEqual([]);
  });
});
