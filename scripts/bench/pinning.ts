import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Core pinning for the benchmark (`taskset`, util-linux): the targets (bot, echo, bare) run on one core, the
 * load generator and the fake connector (this process) on another, so the target's CPU is its own and the
 * two do not take turns on one core. Without `taskset` or with fewer than two allowed cores nothing is
 * pinned and the run says so.
 */
export interface Pinning {
  /** Core for the targets, and for the load generator; undefined when not pinned. */
  readonly targetCore?: number;
  readonly loadCore?: number;
  /** One line for the report: what was pinned, or why not. */
  readonly note: string;
  /** The command and arguments that start `command args` on the target core. */
  readonly wrap: (command: string, args: string[]) => { command: string; args: string[] };
}

/** Cores this process may run on, from a `Cpus_allowed_list` value such as `0-3,6`. @internal */
export function parseCpuList(list: string): number[] {
  const cores: number[] = [];
  for (const part of list.trim().split(',')) {
    if (!/^\d+(?:-\d+)?$/.test(part)) continue;
    const [from, to = from] = part.split('-').map((n) => Number(n));
    if (!Number.isInteger(from) || !Number.isInteger(to)) continue;
    for (let core = from; core <= to; core++) cores.push(core);
  }
  return cores;
}

function allowedCores(): number[] {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    return parseCpuList(/Cpus_allowed_list:\s*(\S+)/.exec(status)?.[1] ?? '');
  } catch {
    return [];
  }
}

const unpinned = (note: string): Pinning => ({ note, wrap: (command, args) => ({ command, args }) });

/** Pins this process (all its threads) to the load core and returns how to start targets on the other. */
export function pinCores(enabled = true): Pinning {
  if (!enabled) return unpinned('not pinned (--no-pin)');
  const cores = allowedCores();
  if (cores.length < 2)
    return unpinned(`not pinned: only ${cores.length || 'an unknown number of'} core(s) allowed`);
  const [targetCore, loadCore] = cores;
  try {
    execFileSync('taskset', ['-a', '-c', '-p', String(loadCore), String(process.pid)], { stdio: 'ignore' });
  } catch {
    return unpinned('not pinned: `taskset` (util-linux) is missing or refused; figures are less stable');
  }
  return {
    targetCore,
    loadCore,
    note: `pinned with taskset: targets on core ${targetCore}, load generator and connector on core ${loadCore}`,
    wrap: (command, args) => ({ command: 'taskset', args: ['-c', String(targetCore), command, ...args] }),
  };
}
