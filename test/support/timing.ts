/**
 * Timing in tests is a ratio of two measurements in one run, never an absolute time. What is measured is
 * this process's CPU time (process.cpuUsage), which other processes on a shared machine do not inflate the
 * way they inflate wall time; and the fastest of a few runs, because a collection or a cache miss only ever
 * slows a run down.
 */

export function cpuMs(run: () => unknown): number {
  const started = process.cpuUsage();
  run();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}

/** The fastest of `reps` runs, in CPU milliseconds. */
export function fastestCpuMs(run: () => unknown, reps: number): number {
  let best = Infinity;
  for (let i = 0; i < reps; i++) best = Math.min(best, cpuMs(run));
  return best;
}
