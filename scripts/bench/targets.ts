import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/core/paths';
import { freePort } from '../lib/freePort';

export type TargetName = 'bot' | 'echo' | 'bare';

/** Where each target's entry point is (compiled). The bot is the real thing, as `npm start` runs it. */
const ENTRY: Record<TargetName, string> = {
  bot: join(PROJECT_ROOT, 'dist/src/index.js'),
  echo: join(PROJECT_ROOT, 'dist/scripts/bench/echoBot.js'),
  bare: join(PROJECT_ROOT, 'dist/scripts/bench/bareServer.js'),
};

const CLOCK_TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** User + system CPU time of a process so far, in ms (from /proc, so the target needs no cooperation). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the command name: state is field 3 of stat(5); utime and stime are fields 14 and 15.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

export interface RunningTarget {
  name: TargetName;
  port: number;
  child: ChildProcess;
  url: string;
  /** The end of what the target wrote to stderr (to explain a crash). */
  stderrTail(): string;
  stop(): Promise<void>;
}

const tails = new WeakMap<ChildProcess, () => string>();

export interface SpawnOptions {
  port: number;
  dataDir: string;
  nodeArgs?: string[];
  /** Wraps the command (core pinning with taskset, scripts/bench/pinning.ts); the pid stays node's (exec). */
  wrap?: (command: string, args: string[]) => { command: string; args: string[] };
}

/** Starts a target as its own process: local mode, loopback, logs at info drained to nowhere (the sink). */
export function spawnTarget(name: TargetName, options: SpawnOptions): ChildProcess {
  const plain = { command: process.execPath, args: [...(options.nodeArgs ?? []), ENTRY[name]] };
  const { command, args } = options.wrap ? options.wrap(plain.command, plain.args) : plain;
  const child = spawn(command, args, {
    cwd: PROJECT_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(options.port),
      DATA_DIR: options.dataDir,
      LOG_LEVEL: 'info',
      MicrosoftAppId: '',
      NODE_NO_WARNINGS: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.resume();
  let tail = '';
  child.stderr?.on('data', (chunk: Buffer) => (tail = (tail + chunk.toString('utf8')).slice(-4000)));
  tails.set(child, () => tail);
  return child;
}

export async function startTarget(
  name: TargetName,
  options: Omit<SpawnOptions, 'port'>,
): Promise<RunningTarget> {
  const port = await freePort();
  const child = spawnTarget(name, { ...options, port });
  const deadline = Date.now() + 30_000;
  while (!(await portOpen(port))) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`${name} did not start`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    name,
    port,
    child,
    url: `http://127.0.0.1:${port}/api/messages`,
    stderrTail: () => tails.get(child)?.() ?? '',
    stop: () => stopChild(child),
  };
}

export function stopChild(child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
