import { Agent, request } from 'node:http';
import { countCalls, invokeResponseCard, isClick } from './clicks';
import type { BenchConnector, ReceivedActivity } from './connector';
import { cpuMs } from './targets';

const agent = new Agent({ keepAlive: true, maxSockets: 1024 });

/** Posts one activity; resolves with the HTTP status once the response has been read. */
export async function post(url: string, activity: Record<string, unknown>): Promise<number> {
  return (await postForAnswer(url, activity)).status;
}

interface Answer {
  status: number;
  /** The parsed JSON response body (an invoke's answer), if there was one. */
  body?: unknown;
}

/** Posts one activity; resolves with the HTTP status and the JSON body (an invoke response carries the card). */
function postForAnswer(url: string, activity: Record<string, unknown>): Promise<Answer> {
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
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const text = Buffer.concat(chunks).toString('utf8');
          const json = /application\/json/.test(String(res.headers['content-type'] ?? ''));
          let parsed: unknown;
          try {
            parsed = json && text ? (JSON.parse(text) as unknown) : undefined;
          } catch {
            parsed = undefined;
          }
          resolve({ status, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export interface Walker {
  readonly conversationId: string;
  next(): Record<string, unknown>;
  /** What the connector got during the turn, and the HTTP answer's body (an invoke response). */
  answered(received: ReceivedActivity[], responseBody?: unknown): void;
}

/** Connector calls in the measured window, split by method, for all turns and for card clicks. */
interface CallCounts {
  turns: number;
  posts: number;
  puts: number;
  clicks: number;
  clickPosts: number;
  clickPuts: number;
  /** Clicks answered with a card in the invoke response (Universal Actions). */
  invokeCards: number;
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
  /** The same calls attributed to the turn that made them (answered turns in the window). */
  calls: CallCounts;
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
  const calls: CallCounts = {
    turns: 0,
    posts: 0,
    puts: 0,
    clicks: 0,
    clickPosts: 0,
    clickPuts: 0,
    invokeCards: 0,
  };

  const loop = async (walker: Walker): Promise<void> => {
    while (!stopping) {
      const activity = walker.next();
      const started = performance.now();
      const { status, body } = await postForAnswer(url, activity).catch(() => ({
        status: 0,
        body: undefined,
      }));
      const ms = performance.now() - started;
      // The bot's sends happen inside the turn: all of them have arrived by the time it answered.
      const received = connector.take(walker.conversationId);
      if (measuring && !stopping) {
        if (status >= 200 && status < 300) {
          latencies.push(ms);
          const { post: posts, put: puts } = countCalls(received);
          calls.turns += 1;
          calls.posts += posts;
          calls.puts += puts;
          if (isClick(activity)) {
            calls.clicks += 1;
            calls.clickPosts += posts;
            calls.clickPuts += puts;
            if (invokeResponseCard(body)) calls.invokeCards += 1;
          }
        } else errors += 1;
      }
      walker.answered(received, body);
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
    calls,
  };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const median = (values: number[]): number => percentile(values, 50);
