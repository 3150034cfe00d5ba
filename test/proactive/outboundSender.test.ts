import assert from 'node:assert/strict';
import sinon from 'sinon';
import { OutboundSender, type OutboundSenderOptions } from '../../src/proactive/outboundSender';
import { TEAMS_CONVERSATION_LIMITS, type RateWindow } from '../../src/proactive/rateLimiter';
import { captureLogs, ERROR, WARN } from './support/logCapture';
import { seededReferences } from './support/references';
import { connectorError, ScriptedTransport } from './support/fakeTransport';

type Activity = { text: string };
const T0 = Date.UTC(2026, 2, 2, 8, 0, 0);

/** Largest number of `times` inside any half-open window of `windowMs`. */
function busiestWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i] - sorted[j] >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

function assertWithin(times: number[], windows: readonly RateWindow[]): void {
  for (const { limit, windowMs } of windows) {
    assert.ok(busiestWindow(times, windowMs) <= limit, `more than ${limit} sends in ${windowMs} ms`);
  }
}

describe('OutboundSender', () => {
  let clock: sinon.SinonFakeTimers;
  let transport: ScriptedTransport;
  let logs: ReturnType<typeof captureLogs>;
  let gone: string[];

  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    transport = new ScriptedTransport();
    logs = captureLogs();
    gone = [];
  });
  afterEach(() => clock.restore());

  async function makeSender(ids: string[], overrides: Partial<OutboundSenderOptions<Activity>> = {}) {
    const refs = await seededReferences(ids);
    const sender = new OutboundSender<Activity>({
      transport,
      references: refs.store,
      onGone: (key) => {
        gone.push(key);
        return Promise.resolve();
      },
      logger: logs.logger,
      random: () => 0.5,
      ...overrides,
    });
    return { sender, keyOf: refs.keyOf };
  }

  const hello = () => ({ text: 'hello' });

  it('waits the Retry-After seconds of a 429, then sends', async () => {
    transport.script('a', [{ status: 429, retryAfter: '3' }, 'ok']);
    const { sender, keyOf } = await makeSender(['a']);
    const pending = sender.send(keyOf('a'), hello, { correlationId: 'corr-1' });
    await clock.tickAsync(10_000);
    const result = await pending;
    assert.equal(result.outcome, 'sent');
    assert.deepEqual(
      transport.deliveries.map((d) => d.at - T0),
      [0, 3_000],
    );
    const warning = logs.lines.find((l) => l.level === WARN && l.status === 429);
    assert.equal(warning?.correlationId, 'corr-1');
  });

  it('reads a Retry-After given as an HTTP date', async () => {
    transport.script('a', [{ status: 429, retryAfter: new Date(T0 + 7_000).toUTCString() }, 'ok']);
    const { sender, keyOf } = await makeSender(['a']);
    const pending = sender.send(keyOf('a'), hello);
    await clock.tickAsync(10_000);
    assert.equal((await pending).outcome, 'sent');
    assert.equal(transport.deliveries[1].at - T0, 7_000);
  });

  it('backs off exponentially with full jitter on 503 without Retry-After', async () => {
    transport.script('a', [{ status: 503 }, { status: 503 }, { status: 503 }, 'ok']);
    const { sender, keyOf } = await makeSender(['a'], { random: () => 0.5, baseBackoffMs: 1_000 });
    const pending = sender.send(keyOf('a'), hello);
    await clock.tickAsync(60_000);
    assert.equal((await pending).outcome, 'sent');
    // half (random 0.5) of 1 s, 2 s, 4 s
    const gaps = transport.deliveries.slice(1).map((d, i) => d.at - transport.deliveries[i].at);
    assert.deepEqual(gaps, [500, 1_000, 2_000]);
  });

  it('never waits longer than the backoff ceiling', async () => {
    transport.script('a', [{ status: 502 }, { status: 504 }, { status: 412 }, { status: 503 }, 'ok']);
    const { sender, keyOf } = await makeSender(['a'], {
      random: () => 0.999,
      baseBackoffMs: 1_000,
      maxBackoffMs: 1_500,
    });
    const pending = sender.send(keyOf('a'), hello);
    await clock.tickAsync(60_000);
    assert.equal((await pending).outcome, 'sent');
    const gaps = transport.deliveries.slice(1).map((d, i) => d.at - transport.deliveries[i].at);
    assert.equal(gaps.length, 4);
    for (const gap of gaps) assert.ok(gap <= 1_500, `gap ${gap} above the ceiling`);
  });

  it('gives up after the bounded number of attempts and logs the failure with the correlation id', async () => {
    transport.script(
      'a',
      Array.from({ length: 10 }, () => ({ status: 503 })),
    );
    const { sender, keyOf } = await makeSender(['a'], { maxAttempts: 5 });
    const pending = sender.send(keyOf('a'), hello, { correlationId: 'corr-503' });
    await clock.tickAsync(10 * 60_000);
    const result = await pending;
    assert.equal(result.outcome, 'failed');
    assert.equal(result.status, 503);
    assert.equal(transport.deliveries.length, 5);
    const errors = logs.lines.filter((l) => l.level === ERROR);
    assert.equal(errors.length, 1);
    assert.equal(errors[0].correlationId, 'corr-503');
    assert.equal(logs.lines.filter((l) => l.level === WARN && l.correlationId === 'corr-503').length, 4);
  });

  it('treats 403 as uninstalled: no retry, drops the conversation', async () => {
    transport.script('a', [{ status: 403, code: 'MessageWritesBlocked' }, 'ok']);
    const { sender, keyOf } = await makeSender(['a']);
    const pending = sender.send(keyOf('a'), hello);
    await clock.tickAsync(60_000);
    const result = await pending;
    assert.equal(result.outcome, 'gone');
    assert.equal(result.code, 'MessageWritesBlocked');
    assert.equal(transport.deliveries.length, 1);
    assert.deepEqual(gone, [keyOf('a')]);
  });

  it('does not retry other client errors', async () => {
    transport.script('a', [{ status: 400 }, 'ok']);
    const { sender, keyOf } = await makeSender(['a']);
    const pending = sender.send(keyOf('a'), hello);
    await clock.tickAsync(60_000);
    assert.equal((await pending).outcome, 'failed');
    assert.equal(transport.deliveries.length, 1);
    assert.deepEqual(gone, []);
  });

  it('retries a dropped connection', async () => {
    transport.script('a', [{ networkError: 'ECONNRESET' }, 'ok']);
    const { sender, keyOf } = await makeSender(['a']);
    const pending = sender.send(keyOf('a'), hello);
    await clock.tickAsync(60_000);
    assert.equal((await pending).outcome, 'sent');
    assert.equal(transport.deliveries.length, 2);
  });

  it('fails at once when Retry-After is longer than it is willing to hold a message', async () => {
    transport.script('a', [{ status: 429, retryAfter: '3600' }, 'ok']);
    const { sender, keyOf } = await makeSender(['a'], { maxRetryAfterMs: 120_000 });
    const pending = sender.send(keyOf('a'), hello);
    await clock.tickAsync(1_000);
    assert.equal((await pending).outcome, 'failed');
    assert.equal(transport.deliveries.length, 1);
  });

  it('holds other messages of a conversation that got a 429 until Retry-After has passed', async () => {
    transport.script('a', [{ status: 429, retryAfter: '5' }]);
    const { sender, keyOf } = await makeSender(['a', 'b']);
    const first = sender.send(keyOf('a'), hello);
    await clock.tickAsync(1); // the 429 arrives
    const second = sender.send(keyOf('a'), hello);
    const other = sender.send(keyOf('b'), hello);
    await clock.tickAsync(10_000);
    await Promise.all([first, second, other]);
    const aTimes = transport.attemptsFor('a').map((d) => d.at - T0);
    assert.equal(aTimes.length, 3);
    assert.ok(aTimes[1] >= 5_000 && aTimes[2] >= 5_000, `sent during the pause: ${aTimes.join(',')}`);
    assert.equal(transport.attemptsFor('b')[0].at - T0, 1, 'another conversation is not held');
  });

  it('asks before each attempt whether the message is still wanted', async () => {
    transport.script('a', [{ status: 503 }, 'ok']);
    const { sender, keyOf } = await makeSender(['a']);
    let wanted = true;
    const pending = sender.send(keyOf('a'), hello, { stillWanted: () => Promise.resolve(wanted) });
    await clock.tickAsync(1);
    wanted = false; // cancelled while waiting for the retry
    await clock.tickAsync(60_000);
    assert.equal((await pending).outcome, 'abandoned');
    assert.equal(transport.deliveries.length, 1);
  });

  it('does not send when the still-wanted check itself fails', async () => {
    const { sender, keyOf } = await makeSender(['a']);
    const result = await sender.send(keyOf('a'), hello, {
      stillWanted: () => Promise.reject(new Error('storage down')),
    });
    assert.equal(result.outcome, 'abandoned');
    assert.equal(transport.deliveries.length, 0);
    assert.ok(logs.lines.some((l) => l.level === ERROR && l.correlationId === result.correlationId));
  });

  it('reports a conversation without a stored reference and sends nothing', async () => {
    const { sender } = await makeSender(['a']);
    const result = await sender.send('msteams:unknown', hello);
    assert.equal(result.outcome, 'no-reference');
    assert.equal(transport.deliveries.length, 0);
  });

  it('paces one conversation under every Teams per-conversation limit', async () => {
    const { sender, keyOf } = await makeSender(['a']);
    const sends = Array.from({ length: 75 }, () => sender.send(keyOf('a'), hello));
    await clock.tickAsync(5 * 60_000);
    const results = await Promise.all(sends);
    assert.ok(results.every((r) => r.outcome === 'sent'));
    const times = transport.deliveries.map((d) => d.at);
    assert.equal(times.length, 75);
    assertWithin(times, TEAMS_CONVERSATION_LIMITS);
    // 75 > 60 per 30 s: the last ones must wait for the 30-second window to move on
    assert.ok(Math.max(...times) - T0 >= 30_000);
  });

  it('does not slow one conversation down for another', async () => {
    const { sender, keyOf } = await makeSender(['a', 'b', 'c']);
    const sends = ['a', 'b', 'c'].flatMap((id) =>
      Array.from({ length: 7 }, () => sender.send(keyOf(id), hello)),
    );
    await clock.tickAsync(100);
    await Promise.all(sends);
    assert.equal(transport.deliveries.length, 21);
    assert.ok(transport.deliveries.every((d) => d.at === T0));
  });

  it('keeps all conversations together under the global cap', async () => {
    const ids = Array.from({ length: 120 }, (_, i) => `c${i}`);
    const { sender, keyOf } = await makeSender(ids, { globalLimits: [{ limit: 50, windowMs: 1_000 }] });
    const sends = ids.map((id) => sender.send(keyOf(id), hello));
    await clock.tickAsync(10_000);
    await Promise.all(sends);
    const times = transport.deliveries.map((d) => d.at);
    assert.equal(times.length, 120);
    assert.equal(busiestWindow(times, 1_000), 50);
    assert.equal(Math.max(...times) - T0, 2_000);
  });

  it('applies the tenant cap to each tenant separately', async () => {
    const ids = Array.from({ length: 120 }, (_, i) => `t${i}`);
    const refs = await seededReferences(ids, (id) =>
      Number(id.slice(1)) % 2 === 0 ? 'tenant-even' : 'tenant-odd',
    );
    const sender = new OutboundSender<Activity>({
      transport,
      references: refs.store,
      onGone: () => Promise.resolve(),
      logger: logs.logger,
      globalLimits: [],
    });
    const sends = ids.map((id) => sender.send(refs.keyOf(id), hello));
    await clock.tickAsync(10_000);
    await Promise.all(sends);
    const firstSecond = transport.deliveries.filter((d) => d.at - T0 < 1_000);
    assert.equal(firstSecond.length, 100, '50 per tenant in the first second');
    assert.equal(Math.max(...transport.deliveries.map((d) => d.at)) - T0, 1_000);
  });

  it('call (a new thread): paced together with the sends of its conversation, 429 retried, 403 drops nothing', async () => {
    const { sender, keyOf } = await makeSender(['channel']);
    const started: number[] = [];
    const answers: Array<Error | undefined> = [undefined, connectorError(429, '2'), undefined];
    const newThread = () => {
      started.push(Date.now());
      const failure = answers.shift();
      return failure ? Promise.reject(failure) : Promise.resolve(`thread-${started.length}`);
    };
    const sends = Array.from({ length: 7 }, () => sender.send(keyOf('channel'), hello));
    await clock.tickAsync(0);
    const calls = [
      sender.call(keyOf('channel'), 'tenant-a', newThread),
      sender.call(keyOf('channel'), 'tenant-a', newThread),
    ];
    await clock.tickAsync(10_000);
    await Promise.all(sends);
    const [first, second] = await Promise.all(calls);
    // Seven sends fill the conversation's first second: the first call waits for the next slot.
    assert.ok(
      started[0] - T0 >= 1_000,
      `the call waited for the conversation's pace (${started[0] - T0} ms)`,
    );
    assert.deepEqual([first.outcome, first.value], ['sent', 'thread-1']);
    assert.deepEqual([second.outcome, second.attempts, second.value], ['sent', 2, 'thread-3']);

    answers.push(connectorError(403));
    const refused = await sender.call(keyOf('channel'), 'tenant-a', newThread);
    assert.equal(refused.outcome, 'gone');
    assert.equal(refused.value, undefined);
    assert.deepEqual(gone, [], 'a refused call drops no conversation');
  });

  it('builds the activity from the stored reference', async () => {
    const { sender, keyOf } = await makeSender(['a']);
    const result = await sender.send(keyOf('a'), (ref) => ({
      text: `locale ${ref.locale} zone ${ref.timeZone}`,
    }));
    assert.equal(result.outcome, 'sent');
    assert.deepEqual(transport.deliveries[0].activity, { text: 'locale de-DE zone Europe/Berlin' });
  });
});
