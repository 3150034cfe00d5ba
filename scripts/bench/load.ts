import { Agent, request } from 'node:http';
import type { BenchConnector, ReceivedActivity } from './connector';
import { cpuMs } from './targets';

const agent = new Agent({ keepAlive: true, maxSockets: 1024 });

/** Posts one activity; resolves with the HTTP status once the response has been read. */
export function post(url: string, activity: Record<string, unknown>): Promise<number> {
  const body = JSON.stringify(activity);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export interface Walker {
  readonly conversationId: string;
  next(): Record<string, unknown>;
  answered(received: ReceivedActivity[]): void;
}

export interface RoundResult {
  turns: number;
  errors: number;
  seconds: number;
  latenciesMs: number[];
  cpuMs: number;
  /** Requests the target made to the connector, and new connections it opened, in the window. */
  connectorCalls: number;
  connectorConnections: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Closed loop: `walkers.length` conversations, each posting its next activity as soon as the last one was
 * answered. Counts what completes inside the measured window (after the warm-up), and the target's CPU time
 * over that window.
 */
export async function runRound(options: {
  url: string;
  pid: number;
  connector: BenchConnector;
  walkers: Walker[];
  warmupMs: number;
  durationMs: number;
}): Promise<RoundResult> {
  const { url, pid, connector, walkers } = options;
  let measuring = false;
  let stopping = false;
  const latencies: number[] = [];
  let errors = 0;

  const loop = async (walker: Walker): Promise<void> => {
    while (!stopping) {
      const activity = walker.next();
      const started = performance.now();
      const status = await post(url, activity).catch(() => 0);
      const ms = performance.now() - started;
      const received = connector.take(walker.conversationId);
      if (measuring && !stopping) {
        if (status >= 200 && status < 300) latencies.push(ms);
        else errors += 1;
      }
      walker.answered(received);
      if (status === 0) await sleep(10);
    }
  };

  const loops = walkers.map((w) => loop(w));
  await sleep(options.warmupMs);
  const cpuStart = cpuMs(pid);
  const calls0 = connector.calls;
  const connections0 = connector.connections;
  const t0 = performance.now();
  measuring = true;
  await sleep(options.durationMs);
  const seconds = (performance.now() - t0) / 1000;
  const cpuEnd = cpuMs(pid);
  const connectorCalls = connector.calls - calls0;
  const connectorConnections = connector.connections - connections0;
  stopping = true;
  await Promise.all(loops);
  return {
    turns: latencies.length,
    errors,
    seconds,
    latenciesMs: latencies,
    cpuMs: cpuEnd - cpuStart,
    connectorCalls,
    connectorConnections,
  };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const median = (values: number[]): number => percentile(values, 50);
