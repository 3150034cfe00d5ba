/**
 * `npm run bench`: the cost of a troubleshooting turn, against an echo bot on the same stack and bare
 * restify, in one run (the figures it prints: README.md, Performance). Everything on loopback, each
 * target its own process: the bot exactly as `npm start` runs it (`node dist/src/index.js`, local mode,
 * SQLite state in a temp DATA_DIR, LOG_LEVEL=info into a drained pipe), the echo bot
 * (scripts/bench/echoBot.ts) and bare restify (scripts/bench/bareServer.ts). N concurrent conversations
 * (16, 64) click what the bot's cards offer, as Teams would (Action.Submit: a message; Action.Execute: an
 * `adaptiveCard/action` invoke, the updated card read from its response); targets alternate bot, echo,
 * bare, bot, … and each figure is the median of the rounds. The targets run pinned to one core and the
 * load generator to another (taskset, scripts/bench/pinning.ts); the tables mark the issue's targets.
 * Options: --quick (short rounds, fewer conversations), --seconds N, --rounds N, --conversations N
 * (for the RSS figure), --concurrency N (only that many conversations, not 16 and 64), --cpu-prof (profile the bot; summary printed, file under artifacts/bench/),
 * --no-pin (no core pinning).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/core/paths';
import { TeamsConversation } from '../test/support/teams';
import { BenchConnector } from './bench/connector';
import { median, percentile, post, runRound, type RoundResult, type Walker } from './bench/load';
import { pinCores, type Pinning } from './bench/pinning';
import { summarizeProfile } from './bench/profile';
import { freePort } from './lib/freePort';
import { storedPerConversation } from './bench/stored';
import {
  rssMb,
  spawnTarget,
  startTarget,
  stopChild,
  type RunningTarget,
  type TargetName,
} from './bench/targets';
import { EchoWalker, rng, SectionWalker, type ClickKinds, type FinishedConversation } from './bench/walker';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const quick = flag('--quick');
const SECONDS = option('--seconds', quick ? 3 : 10);
const ROUNDS = option('--rounds', quick ? 2 : 3);
const WARMUP_MS = quick ? 1_000 : 2_000;
const RSS_CONVERSATIONS = option('--conversations', quick ? 1_000 : 10_000);
const COLD_STARTS = quick ? 3 : 5;
const CONCURRENCY = args.includes('--concurrency') ? [option('--concurrency', 16)] : [16, 64];
const TARGETS: TargetName[] = ['bot', 'echo', 'bare'];
const PROFILE_DIR = join(PROJECT_ROOT, 'artifacts', 'bench');

/** issue 20's targets (ratios bot ÷ echo in one run) and stretch goals. */
const GOAL = {
  cpu: { max: 2, stretch: 1.5 },
  throughput: { min: 0.5, stretch: 0.7 },
  p99: { max: 2.5, stretch: 2 },
  callsPerClick: { max: 1.1 },
  coldStartMs: { max: 1500 },
} as const;

/** ✓ met, ✓✓ stretch met too, ✗ missed. */
function mark(value: number, limit: number, stretch?: number, higherIsBetter = false): string {
  if (!Number.isFinite(value)) return '–';
  const meets = (bound: number) => (higherIsBetter ? value >= bound : value <= bound);
  if (!meets(limit)) return '✗';
  return stretch !== undefined && meets(stretch) ? '✓✓' : '✓';
}

// Read before the run pins this process to one core (nproc counts the cores it may use).
const NPROC = execFileSync('nproc').toString().trim();

const out = (line = ''): void => void process.stdout.write(`${line}\n`);
const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function machine(pinning: Pinning): string[] {
  const model = cpus()[0]?.model ?? 'unknown';
  return [
    `- command: \`npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}\``,
    `- machine: ${cpus().length} logical CPUs (nproc ${NPROC}), ${model}, Node ${process.version}`,
    `- load average at start: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}`,
    `- rounds: ${ROUNDS} per target and concurrency, ${SECONDS} s each after ${WARMUP_MS / 1000} s warm-up; targets alternated`,
    `- cores: ${pinning.note}`,
  ];
}

/** Spawn to the first answered turn (an install event answered with the welcome), in ms. */
async function coldStart(
  name: TargetName,
  connector: BenchConnector,
  serviceUrl: string,
  pinning: Pinning,
): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wb-cold-'));
  const port = await freePort();
  const conversation = new TeamsConversation({ serviceUrl });
  const started = performance.now();
  const child = spawnTarget(name, { port, dataDir, wrap: pinning.wrap });
  try {
    for (;;) {
      const status = await post(
        `http://127.0.0.1:${port}/api/messages`,
        conversation.installationAdd(),
      ).catch(() => 0);
      if (status >= 200 && status < 300 && connector.take(conversation.conversationId).length > 0)
        return performance.now() - started;
      if (child.exitCode !== null) throw new Error(`${name} exited during start`);
      await sleep(5);
    }
  } finally {
    await stopChild(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

interface Figures {
  turnsPerSecond: number;
  p50: number;
  p99: number;
  cpuPerTurn: number;
  errors: number;
  callsPerTurn: number;
  connectionsPerTurn: number;
  /** Attributed to the turn that made them: POST / PUT per turn and per card click. */
  postsPerTurn: number;
  putsPerTurn: number;
  postsPerClick: number;
  putsPerClick: number;
  /** Share of the clicks answered with the card in the invoke response. */
  invokeCardShare: number;
}

function figures(rounds: RoundResult[]): Figures {
  return {
    turnsPerSecond: median(rounds.map((r) => r.turns / r.seconds)),
    p50: median(rounds.map((r) => percentile(r.latenciesMs, 50))),
    p99: median(rounds.map((r) => percentile(r.latenciesMs, 99))),
    cpuPerTurn: median(rounds.map((r) => r.cpuMs / Math.max(1, r.turns))),
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
    callsPerTurn: median(rounds.map((r) => r.connectorCalls / Math.max(1, r.turns))),
    connectionsPerTurn: median(rounds.map((r) => r.connectorConnections / Math.max(1, r.turns))),
    postsPerTurn: median(rounds.map((r) => r.calls.posts / Math.max(1, r.calls.turns))),
    putsPerTurn: median(rounds.map((r) => r.calls.puts / Math.max(1, r.calls.turns))),
    postsPerClick: median(rounds.map((r) => r.calls.clickPosts / Math.max(1, r.calls.clicks))),
    putsPerClick: median(rounds.map((r) => r.calls.clickPuts / Math.max(1, r.calls.clicks))),
    invokeCardShare: median(rounds.map((r) => r.calls.invokeCards / Math.max(1, r.calls.clicks))),
  };
}

/** Drives `count` new conversations (install, then the first section card) through the bot. */
async function manyConversations(
  bot: RunningTarget,
  connector: BenchConnector,
  serviceUrl: string,
  count: number,
) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next += 1;
      const conversation = new TeamsConversation({ serviceUrl });
      await post(bot.url, conversation.installationAdd());
      connector.take(conversation.conversationId);
      await post(bot.url, conversation.submit({ wb: { v: 1, a: 'start', s: 'configuration' } }));
      connector.take(conversation.conversationId);
    }
  };
  await Promise.all(Array.from({ length: 64 }, worker));
}

/** Every target started, so that a failed run still stops them. */
const started: RunningTarget[] = [];

async function main(): Promise<void> {
  const cpuProf = flag('--cpu-prof');
  // Before anything starts: this process (load generator and connector) moves to its own core.
  const pinning = pinCores(!flag('--no-pin'));
  if (pinning.targetCore === undefined) process.stderr.write(`note: ${pinning.note}\n`);
  const connector = new BenchConnector();
  const serviceUrl = await connector.start();
  out('# writeback-bot benchmark');
  out();
  machine(pinning).forEach((line) => out(line));

  const cold: Record<string, number[]> = { bot: [], echo: [] };
  for (let i = 0; i < COLD_STARTS; i++)
    for (const name of ['bot', 'echo'] as const)
      cold[name].push(await coldStart(name, connector, serviceUrl, pinning));

  const botDir = mkdtempSync(join(tmpdir(), 'wb-bench-'));
  if (cpuProf) mkdirSync(PROFILE_DIR, { recursive: true });
  const targets = new Map<TargetName, RunningTarget>();
  const referenceDirs: string[] = [];
  for (const name of TARGETS) {
    const nodeArgs = cpuProf && name === 'bot' ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
    const dataDir = name === 'bot' ? botDir : mkdtempSync(join(tmpdir(), 'wb-ref-'));
    if (name !== 'bot') referenceDirs.push(dataDir);
    const target = await startTarget(name, { dataDir, nodeArgs, wrap: pinning.wrap });
    started.push(target);
    targets.set(name, target);
  }

  const finished: FinishedConversation[] = [];
  const results = new Map<string, RoundResult[]>();
  const abandoned = { count: 0 };
  const botClicks: ClickKinds = { submit: 0, execute: 0 };
  let seed = 1;
  for (const concurrency of CONCURRENCY) {
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of TARGETS) {
        const target = targets.get(name)!;
        const walkers: Array<Walker & { abandoned?: number }> = Array.from({ length: concurrency }, () =>
          name === 'bot'
            ? new SectionWalker(serviceUrl, rng(seed++), (done) => finished.push(done))
            : new EchoWalker(serviceUrl),
        );
        if (target.child.exitCode !== null || target.child.signalCode !== null)
          throw new Error(
            `${name} exited (${target.child.exitCode ?? target.child.signalCode}): ${target.stderrTail()}`,
          );
        const result = await runRound({
          url: target.url,
          pid: target.child.pid!,
          connector,
          walkers,
          warmupMs: WARMUP_MS,
          durationMs: SECONDS * 1000,
        });
        abandoned.count += walkers.reduce((sum, w) => sum + (w.abandoned ?? 0), 0);
        for (const w of walkers)
          if (w instanceof SectionWalker) {
            botClicks.submit += w.clicks.submit;
            botClicks.execute += w.clicks.execute;
          }
        const key = `${name}@${concurrency}`;
        results.set(key, [...(results.get(key) ?? []), result]);
        process.stderr.write(`${key} round ${round + 1}: ${fmt(result.turns / result.seconds)} turns/s\n`);
      }
    }
  }

  const bot = targets.get('bot')!;
  const stored = storedPerConversation(join(botDir, 'bot-state.db'), finished);
  const rssBefore = rssMb(bot.child.pid!);
  await manyConversations(bot, connector, serviceUrl, RSS_CONVERSATIONS);
  const rssAfter = rssMb(bot.child.pid!);
  const echoRss = rssMb(targets.get('echo')!.child.pid!);
  const loadEnd = loadavg();
  for (const target of targets.values()) await target.stop();
  await connector.stop();

  out(`- load average at end: ${loadEnd.map((l) => l.toFixed(2)).join(', ')}`);
  out();
  out('## Throughput, latency and CPU per turn (medians of the rounds)');
  out();
  out(
    '| target | conversations | turns/s | p50 ms | p99 ms | CPU ms/turn | connector calls/turn | POST/turn | PUT/turn | connector calls/click | POST/click | PUT/click | new connections/turn | errors |',
  );
  out('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const fig = new Map<string, Figures>();
  for (const concurrency of CONCURRENCY)
    for (const name of TARGETS) {
      const f = figures(results.get(`${name}@${concurrency}`) ?? []);
      fig.set(`${name}@${concurrency}`, f);
      out(
        `| ${name} | ${concurrency} | ${fmt(f.turnsPerSecond, 0)} | ${fmt(f.p50)} | ${fmt(f.p99)} | ${fmt(f.cpuPerTurn, 2)} | ${fmt(f.callsPerTurn, 2)} | ${fmt(f.postsPerTurn, 2)} | ${fmt(f.putsPerTurn, 2)} | ${fmt(f.postsPerClick + f.putsPerClick, 2)} | ${fmt(f.postsPerClick, 2)} | ${fmt(f.putsPerClick, 2)} | ${fmt(f.connectionsPerTurn, 3)} | ${f.errors} |`,
      );
    }
  out();
  out('## Ratios (issue 20 target in brackets; ✓ met, ✓✓ stretch met too, ✗ missed)');
  out();
  out(
    `| conversations | CPU/turn bot÷echo (≤ ${GOAL.cpu.max}, stretch ${GOAL.cpu.stretch}) | turns/s bot÷echo (≥ ${GOAL.throughput.min}, stretch ${GOAL.throughput.stretch}) | p99 bot÷echo (≤ ${GOAL.p99.max}, stretch ${GOAL.p99.stretch}) | bot connector calls/click (≤ ${GOAL.callsPerClick.max}) | CPU/turn echo÷bare | turns/s echo÷bare |`,
  );
  out('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const c of CONCURRENCY) {
    const [b, e, r] = TARGETS.map((n) => fig.get(`${n}@${c}`)!);
    const cpu = b.cpuPerTurn / e.cpuPerTurn;
    const tput = b.turnsPerSecond / e.turnsPerSecond;
    const p99 = b.p99 / e.p99;
    const perClick = b.postsPerClick + b.putsPerClick;
    out(
      `| ${c} | ${fmt(cpu, 2)} ${mark(cpu, GOAL.cpu.max, GOAL.cpu.stretch)} | ${fmt(tput, 2)} ${mark(tput, GOAL.throughput.min, GOAL.throughput.stretch, true)} | ${fmt(p99, 2)} ${mark(p99, GOAL.p99.max, GOAL.p99.stretch)} | ${fmt(perClick, 2)} ${mark(perClick, GOAL.callsPerClick.max)} | ${fmt(e.cpuPerTurn / r.cpuPerTurn, 2)} | ${fmt(e.turnsPerSecond / r.turnsPerSecond, 2)} |`,
    );
  }
  const clicks = botClicks.submit + botClicks.execute;
  const invokeShare = median(CONCURRENCY.map((c) => fig.get(`bot@${c}`)!.invokeCardShare));
  out();
  out(
    `- bot clicks over the rounds (warm-ups included): ${clicks} (Action.Execute invokes ${fmt((100 * botClicks.execute) / Math.max(1, clicks), 0)} %, Action.Submit messages ${fmt((100 * botClicks.submit) / Math.max(1, clicks), 0)} %); clicks answered with the card in the invoke response: ${fmt(100 * invokeShare, 0)} %`,
  );
  out();
  out('## State, memory, start');
  out();
  out(
    `- stored per conversation after a full section (median of ${stored.conversations}, ≤ 4 KB): ${fmt(stored.medianBytes / 1024, 2)} KB (max ${fmt(stored.maxBytes / 1024, 2)} KB); parts (median bytes): ${Object.entries(
      stored.parts,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  out(
    `- conversations ended without a summary (should be 0): ${abandoned.count}; sections finished: ${finished.length}`,
  );
  out(
    `- bot RSS: ${fmt(rssBefore, 0)} MB after the rounds, ${fmt(rssAfter, 0)} MB after ${RSS_CONVERSATIONS.toLocaleString('en')} more conversations (echo bot: ${fmt(echoRss, 0)} MB)`,
  );
  const coldBot = median(cold.bot);
  out(
    `- cold start, spawn to first answered turn (median of ${COLD_STARTS}, ≤ ${GOAL.coldStartMs.max / 1000} s): bot ${fmt(coldBot, 0)} ms ${mark(coldBot, GOAL.coldStartMs.max)} [${cold.bot.map((v) => v.toFixed(0)).join(', ')}], echo bot ${fmt(median(cold.echo), 0)} ms`,
  );
  for (const dir of [botDir, ...referenceDirs]) rmSync(dir, { recursive: true, force: true });

  if (cpuProf) {
    const newest = readdirSync(PROFILE_DIR)
      .filter((f) => f.endsWith('.cpuprofile'))
      .sort()
      .pop();
    if (newest) {
      out();
      out(`## Bot CPU profile (${join('artifacts/bench', newest)}, whole run)`);
      out();
      summarizeProfile(join(PROFILE_DIR, newest)).forEach((line) => out(line));
    }
  }
}

main().then(
  () => process.exit(0),
  async (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    for (const target of started) {
      if (target.child.exitCode !== null || target.child.signalCode !== null)
        process.stderr.write(`${target.name} exited; its stderr ended with:\n${target.stderrTail()}\n`);
      await target.stop();
    }
    process.exit(1);
  },
);
