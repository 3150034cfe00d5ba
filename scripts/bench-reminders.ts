/**
 * Benchmark of the embedded reminder store and the outbound sender (results: BENCHMARK-reminders.md).
 *   1. schedules 100,000 reminders into a fresh SQLite file (90,000 over the next week, 10,000 due
 *      in one minute), in concurrent bursts as independent turns would; time and memory;
 *   2. delivers the 10,000 through createReminderDelivery → OutboundSender (Teams per-conversation
 *      and per-tenant limits) → a fake transport with 30 ms latency; lateness = first send attempt
 *      − due time, split by whether the pacer held the reminder back;
 *   3. the same delivery with the default process-wide cap of 50 sends per second added;
 *   4. 10,000 schedules one after another (each awaited), for the per-call cost.
 * Run: `npx tsc -p tsconfig.json && node dist/scripts/bench-reminders.js [--quick]`. Prints markdown.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MemoryStorage } from 'botbuilder';
import { silentLogger } from '../src/core/logger';
import { DEFAULT_GLOBAL_LIMITS, OutboundSender, type SendResult } from '../src/proactive/outboundSender';
import type { RateWindow } from '../src/proactive/rateLimiter';
import { ConversationReferenceStore } from '../src/proactive/referenceStore';
import { createReminderDelivery } from '../src/proactive/reminderDelivery';
import { SqliteReminderScheduler } from '../src/proactive/sqliteScheduler';
import type { NewReminder, StoredConversationReference } from '../src/proactive/types';

/** `--quick` runs a tenth of the load; anything else is an error. */
function readQuickFlag(argv: string[]): boolean {
  try {
    return parseArgs({ args: argv, options: { quick: { type: 'boolean' } } }).values.quick === true;
  } catch (err) {
    process.stderr.write(
      `${err instanceof Error ? err.message : String(err)}\nusage: node dist/scripts/bench-reminders.js [--quick]\n`,
    );
    process.exit(2);
  }
}

const quick = readQuickFlag(process.argv.slice(2));
const TOTAL = quick ? 10_000 : 100_000;
const DUE = quick ? 1_000 : 10_000;
const HOT_CONVERSATIONS = 20;
const HOT_PER_CONVERSATION = quick ? 10 : 50;
const REMINDERS_PER_CONVERSATION = 3;
const TENANTS = 100;
const BURST = 1_000;
const LATENCY_MS = 30;
const MINUTE = 60_000;

interface Activity {
  reminderId: string;
  dueAt: number;
}

const out = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

class RssSampler {
  peak = process.memoryUsage().rss;
  private readonly timer = setInterval(
    () => (this.peak = Math.max(this.peak, process.memoryUsage().rss)),
    200,
  );
  stop(): number {
    clearInterval(this.timer);
    return Math.max(this.peak, process.memoryUsage().rss);
  }
}

/** The due-in-one-minute reminders: hot conversations get a burst in one second, the rest a few each. */
function dueMinutePlan(windowStart: number, prefix: string): NewReminder[] {
  const plan: NewReminder[] = [];
  for (let c = 0; c < HOT_CONVERSATIONS; c++) {
    for (let k = 0; k < HOT_PER_CONVERSATION; k++) {
      plan.push(reminder(`${prefix}hot-${c}`, windowStart + 30_000 + Math.floor(Math.random() * 1_000)));
    }
  }
  for (let i = 0; plan.length < DUE; i++) {
    plan.push(
      reminder(
        `${prefix}c-${Math.floor(i / REMINDERS_PER_CONVERSATION)}`,
        windowStart + Math.floor(Math.random() * MINUTE),
      ),
    );
  }
  return plan;
}

function reminder(conversation: string, dueAt: number): NewReminder {
  return {
    userKey: `tenant/${conversation}`,
    conversationKey: `msteams:${conversation}`,
    dueAt,
    kind: 'fullSync',
    locale: 'en-US',
  };
}

function referenceFor(conversationKey: string): StoredConversationReference {
  const id = conversationKey.slice('msteams:'.length);
  let hash = 0;
  for (const ch of id) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return {
    serviceUrl: 'https://smba.example/bench/',
    channelId: 'msteams',
    conversation: { id, tenantId: `tenant-${hash % TENANTS}`, conversationType: 'personal' },
    user: { id: `29:${id}` },
    bot: { id: '28:bench' },
    locale: 'en-US',
  };
}

async function scheduleInBursts(scheduler: SqliteReminderScheduler, plan: NewReminder[]): Promise<void> {
  for (let start = 0; start < plan.length; start += BURST) {
    await Promise.all(plan.slice(start, start + BURST).map((r) => scheduler.schedule(r)));
  }
}

interface DeliveryStats {
  delivered: number;
  heldBack: number;
  free: number[];
  all: number[];
  lastSendAfterWindowMs: number;
  peakRss: number;
}

/** Starts the scheduler with a fresh sender and waits until every reminder in `plan` was attempted. */
async function deliver(
  scheduler: SqliteReminderScheduler,
  plan: NewReminder[],
  windowStart: number,
  globalLimits: readonly RateWindow[],
): Promise<DeliveryStats> {
  const storage = new MemoryStorage();
  const references = new ConversationReferenceStore(storage);
  for (const key of new Set(plan.map((r) => r.conversationKey))) await references.save(referenceFor(key));
  const firstAttempt = new Map<string, number>();
  const results = new Map<string, SendResult>();
  const sender = new OutboundSender<Activity>({
    transport: {
      async send(_ref, activity) {
        if (!firstAttempt.has(activity.reminderId)) firstAttempt.set(activity.reminderId, Date.now());
        await sleep(LATENCY_MS);
      },
    },
    references,
    onGone: () => Promise.resolve(),
    logger: silentLogger(),
    globalLimits,
  });
  const capturing = {
    send: async (...args: Parameters<OutboundSender<Activity>['send']>) => {
      const result = await sender.send(...args);
      results.set(result.correlationId, result);
      return result;
    },
  };
  const sampler = new RssSampler();
  const dueById = new Map<string, number>();
  scheduler.start(
    createReminderDelivery<Activity>({
      sender: capturing,
      buildActivity: (r) => {
        dueById.set(r.id, r.dueAt);
        return { reminderId: r.id, dueAt: r.dueAt };
      },
    }),
  );
  const deadline = windowStart + 20 * MINUTE;
  while (results.size < plan.length && Date.now() < deadline) await sleep(250);
  await scheduler.stop();
  const peakRss = sampler.stop();

  const free: number[] = [];
  const all: number[] = [];
  let heldBack = 0;
  let lastSend = 0;
  for (const [id, sentAt] of firstAttempt) {
    const result = results.get(`reminder-${id}-v1`);
    const lateness = sentAt - (dueById.get(id) ?? sentAt);
    all.push(lateness);
    lastSend = Math.max(lastSend, sentAt);
    if (result && result.pacedMs === 0 && result.retryWaitMs === 0) free.push(lateness);
    else heldBack++;
  }
  free.sort((a, b) => a - b);
  all.sort((a, b) => a - b);
  return {
    delivered: firstAttempt.size,
    heldBack,
    free,
    all,
    lastSendAfterWindowMs: lastSend - windowStart,
    peakRss,
  };
}

function latenessRows(label: string, stats: DeliveryStats): void {
  out(`| ${label}: reminders delivered | ${stats.delivered} of ${DUE} |`);
  out(
    `| ${label}: held back by a rate limit | ${stats.heldBack} (${((100 * stats.heldBack) / stats.delivered).toFixed(1)} %) |`,
  );
  out(
    `| ${label}: lateness p50 / p99 / max, not held back (${stats.free.length}) | ${percentile(stats.free, 50)} / ${percentile(stats.free, 99)} / ${percentile(stats.free, 100)} ms |`,
  );
  out(
    `| ${label}: lateness p50 / p99 / max, all | ${percentile(stats.all, 50)} / ${percentile(stats.all, 99)} / ${percentile(stats.all, 100)} ms |`,
  );
  out(
    `| ${label}: last send after the due minute began | ${(stats.lastSendAfterWindowMs / 1000).toFixed(1)} s |`,
  );
  out(`| ${label}: peak RSS while delivering | ${mb(stats.peakRss)} MB |`);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-reminders-'));
  const dbFile = join(dir, 'reminders.sqlite');
  try {
    const rssStart = process.memoryUsage().rss;
    const scheduler = new SqliteReminderScheduler({
      database: dbFile,
      logger: silentLogger(),
      pollMs: 1_000,
    });
    const windowStart = Date.now() + (quick ? 15_000 : 40_000);
    const duePlan = dueMinutePlan(windowStart, 'a-');
    const farPlan: NewReminder[] = [];
    for (let i = 0; farPlan.length < TOTAL - DUE; i++) {
      farPlan.push(
        reminder(
          `far-${i % 20_000}`,
          Date.now() + 24 * 60 * MINUTE + Math.floor(Math.random() * 7 * 24 * 60 * MINUTE),
        ),
      );
    }
    // interleave, as real requests would arrive
    const plan = farPlan
      .map((r, i) => [r, duePlan[i] ?? undefined])
      .flat()
      .filter((r): r is NewReminder => r !== undefined);

    const sampler = new RssSampler();
    const started = performance.now();
    await scheduleInBursts(scheduler, plan);
    const scheduleMs = performance.now() - started;
    const scheduleRss = sampler.stop();
    if (Date.now() > windowStart)
      out(`WARNING: scheduling ran into the due window; lateness below is inflated`);

    const teams = await deliver(scheduler, duePlan, windowStart, []);

    const windowB = Date.now() + 15_000;
    const planB = dueMinutePlan(windowB, 'b-');
    await scheduleInBursts(scheduler, planB);
    const capped = await deliver(scheduler, planB, windowB, DEFAULT_GLOBAL_LIMITS);

    const sequentialStart = performance.now();
    for (let i = 0; i < DUE; i++)
      await scheduler.schedule(reminder(`seq-${i}`, Date.now() + 48 * 60 * MINUTE));
    const sequentialMs = performance.now() - sequentialStart;
    const fileBytes = statSync(dbFile).size + statSync(`${dbFile}-wal`, { throwIfNoEntry: false })!.size;
    await scheduler.close();

    out(
      `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, SQLite file on ${tmpdir()}`,
    );
    out();
    out('| measure | result |');
    out('|---|---|');
    out(
      `| schedule ${TOTAL} reminders (bursts of ${BURST} concurrent) | ${(scheduleMs / 1000).toFixed(2)} s (${Math.round(TOTAL / (scheduleMs / 1000))}/s; target ≤ 10 s → ${(scheduleMs / 10_000).toFixed(2)} of target) |`,
    );
    out(`| RSS before → peak while scheduling | ${mb(rssStart)} → ${mb(scheduleRss)} MB |`);
    out(`| database + WAL size after all runs | ${mb(fileBytes)} MB |`);
    latenessRows('Teams limits', teams);
    out(
      `| Teams limits: p99 not held back vs target 1 s | ${(percentile(teams.free, 99) / 1000).toFixed(2)} of target |`,
    );
    latenessRows('+ 50/s process cap', capped);
    out(
      `| ${DUE} schedules one after another (awaited) | ${(sequentialMs / 1000).toFixed(2)} s (${(sequentialMs / DUE).toFixed(3)} ms each) |`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
