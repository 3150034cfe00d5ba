import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeConnector } from '../support/fakeConnector';
import { freePort, startBotProcess } from '../support/botProcess';
import { TeamsConversation } from '../support/teams';

/**
 * One HTTP request on a connection of its own (no keep-alive: a bot that stalls past its keep-alive
 * timeout would otherwise reset a reused connection, and the test would fail on that instead).
 */
function call(port: number, method: 'GET' | 'POST', path: string, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent: false,
        headers: { 'content-type': 'application/json' },
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

/** Wall-clock milliseconds since `started` (from process.hrtime.bigint()). */
const since = (started: bigint): number => Number(process.hrtime.bigint() - started) / 1e6;

interface Turn {
  status: number;
  /** From the POST to its answer (the turn has run by then). */
  turnMs: number;
  /** The slowest /healthz asked one after the other while the turn ran. */
  healthzMs: number;
}

/**
 * Issue 21, as it was found: against the bot started as `npm start` does (its own process, local mode, the
 * fake connector), one personal-chat message of 39,999 dots and a letter took about 3 s and a /healthz sent
 * meanwhile waited as long, for every user of every tenant. Each long message here must cost about what
 * an ordinary message of the same length costs, measured in the same run: its turn, and the /healthz
 * answers during it, at most FACTOR times the ordinary message's turn (the fastest of REPS each).
 */
describe('a long hostile message does not stall the bot (issue 21)', function () {
  this.timeout(300_000);
  const FACTOR = 6;
  const REPS = 3;
  const connector = new FakeConnector();
  let dataDir: string;
  let child: ChildProcess | undefined;
  let port = 0;
  let conversation: TeamsConversation;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'wb-long-'));
    const serviceUrl = await connector.start();
    port = await freePort();
    child = await startBotProcess(port, { DATA_DIR: dataDir });
    conversation = new TeamsConversation({ serviceUrl });
  });
  after(async () => {
    child?.kill('SIGKILL');
    await connector.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function healthz(): Promise<number> {
    const started = process.hrtime.bigint();
    assert.equal(await call(port, 'GET', '/healthz'), 200);
    return since(started);
  }

  /** Posts `text` as a personal-chat message and asks /healthz, one after the other, until it is answered. */
  async function turn(text: string): Promise<Turn> {
    let done = false;
    const started = process.hrtime.bigint();
    const posted = call(port, 'POST', '/api/messages', JSON.stringify(conversation.message(text))).then(
      (status) => {
        done = true;
        return { status, turnMs: since(started) };
      },
    );
    let healthzMs = 0;
    while (!done) healthzMs = Math.max(healthzMs, await healthz());
    return { ...(await posted), healthzMs };
  }

  /** The fastest turn and the fastest slowest-/healthz of REPS turns; every turn answered with a reply. */
  async function fastest(text: string): Promise<Turn> {
    const best: Turn = { status: 0, turnMs: Infinity, healthzMs: Infinity };
    for (let i = 0; i < REPS; i++) {
      const before = connector.calls.length;
      const t = await turn(text);
      assert.equal(t.status, 200);
      await connector.waitForCalls(before + 1);
      best.status = t.status;
      best.turnMs = Math.min(best.turnMs, t.turnMs);
      best.healthzMs = Math.min(best.healthzMs, t.healthzMs);
    }
    return best;
  }

  // Ordinary text of the same length as the longest hostile one: what a long message costs by itself.
  const ordinary = 'Thanks, it works now after the restart. '.repeat(1000).slice(0, 40_000);
  const hostile: Array<[string, string]> = [
    ['39,999 dots and a letter', `${'.'.repeat(39_999)}x`],
    ['19,999 ": " and a letter', `${': '.repeat(19_999)}x`],
    // The paste reader reads the first 20,000 characters: the letter must come before that.
    ['a pasted line of 19,970 spaces and a letter', `Get-ADSyncScheduler\n${' '.repeat(19_970)}x\nend`],
    // A line separator (U+2028) is no line break to the paste reader's split, but ends `.*$` in its patterns.
    [
      '"tnc " 4,990 times, a line separator, a letter, more',
      `${'tnc '.repeat(4_990)}\u2028x${'tnc '.repeat(4_990)}`,
    ],
  ];

  let reference: Turn;
  before(async () => {
    for (let i = 0; i < 3; i++) await turn('hello');
    reference = await fastest(ordinary);
  });

  for (const [name, text] of hostile) {
    it(`${name}: its turn and /healthz during it within ${FACTOR}× the ordinary message's turn`, async () => {
      const measured = await fastest(text);
      const budget = FACTOR * reference.turnMs;
      const shown = `turn ${measured.turnMs.toFixed(0)} ms, /healthz ${measured.healthzMs.toFixed(0)} ms, budget ${budget.toFixed(0)} ms`;
      if (process.env.ADVERSARIAL_REPORT)
        process.stdout.write(`      ${shown}; ordinary: turn ${reference.turnMs.toFixed(0)} ms\n`);
      assert.ok(measured.turnMs <= budget, shown);
      assert.ok(measured.healthzMs <= budget, shown);
    });
  }
});
