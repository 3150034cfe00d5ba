import assert from 'node:assert/strict';
import sinon from 'sinon';
import { silentLogger } from '../../src/logger';
import { MemoryKeyValueStorage } from '../support/memoryKeyValueStorage';
import { MemoryReminderQueue } from '../support/memoryReminderQueue';
import { QueueReminderScheduler, type QueueSchedulerOptions } from '../../src/proactive/queueScheduler';
import type { DeliveryControl } from '../../src/proactive/scheduler';
import type { NewReminder, Reminder } from '../../src/proactive/types';
import { captureLogs, WARN } from './support/logCapture';

const T0 = Date.UTC(2026, 5, 1, 6, 0, 0);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

interface Delivered {
  id: string;
  version: number;
  at: number;
  by: string;
}

function reminderFor(dueAt: number, overrides: Partial<NewReminder> = {}): NewReminder {
  return {
    userKey: 'tenant/alice',
    conversationKey: 'msteams:a:alice',
    dueAt,
    kind: 'fullSync',
    locale: 'pt-BR',
    ...overrides,
  };
}

function recorder(delivered: Delivered[], by = 'A') {
  return async (reminder: Reminder, control: DeliveryControl): Promise<void> => {
    if (await control.beginAttempt())
      delivered.push({ id: reminder.id, version: reminder.version, at: Date.now(), by });
  };
}

describe('QueueReminderScheduler (in-memory queue and storage)', () => {
  let clock: sinon.SinonFakeTimers;
  let storage: MemoryKeyValueStorage;
  let queue: MemoryReminderQueue;
  const started: QueueReminderScheduler[] = [];

  function instance(overrides: Partial<QueueSchedulerOptions> = {}): QueueReminderScheduler {
    const s = new QueueReminderScheduler({
      queue,
      storage,
      logger: silentLogger(),
      pollMs: 1_000,
      leaseMs: 5 * MINUTE,
      ...overrides,
    });
    started.push(s);
    return s;
  }

  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    storage = new MemoryKeyValueStorage();
    queue = new MemoryReminderQueue();
  });
  afterEach(async () => {
    for (const s of started.splice(0)) await s.stop(0);
    clock.restore();
  });

  it('fires a reminder once at its due time and removes its message', async () => {
    const s = instance();
    const delivered: Delivered[] = [];
    const r = await s.schedule(reminderFor(T0 + 10 * MINUTE));
    s.start(recorder(delivered));
    await clock.tickAsync(10 * MINUTE - 2_000);
    assert.equal(delivered.length, 0);
    await clock.tickAsync(2 * MINUTE);
    assert.deepEqual(
      delivered.map((d) => d.id),
      [r.id],
    );
    assert.ok(delivered[0].at - r.dueAt <= 1_000);
    assert.equal((await s.get(r.id))?.status, 'sent');
    await clock.tickAsync(HOUR);
    assert.equal(delivered.length, 1);
    assert.ok(
      queue.peekAll().every((m) => m.body.includes('"purge":true')),
      'only the clean-up message is left',
    );
  });

  it('chains messages for a delay beyond the queue visibility ceiling', async () => {
    const s = instance({ maxVisibilitySeconds: 3_600 });
    const delivered: Delivered[] = [];
    const r = await s.schedule(reminderFor(T0 + 5 * HOUR + 30_000));
    s.start(recorder(delivered));
    await clock.tickAsync(5 * HOUR);
    assert.equal(delivered.length, 0);
    await clock.tickAsync(MINUTE);
    assert.deepEqual(
      delivered.map((d) => d.id),
      [r.id],
    );
    assert.ok(delivered[0].at >= r.dueAt && delivered[0].at - r.dueAt <= 1_000);
  });

  it('never fires a cancelled reminder, and snoozed ones only in the new slot', async () => {
    const s = instance();
    const delivered: Delivered[] = [];
    const cancelled = await s.schedule(reminderFor(T0 + MINUTE));
    const snoozed = await s.schedule(reminderFor(T0 + MINUTE));
    s.start(recorder(delivered));
    assert.equal(await s.cancel(cancelled.id), true);
    assert.equal(await s.cancel(cancelled.id), false);
    assert.equal((await s.snooze(snoozed.id, T0 + HOUR))?.version, 2);
    await clock.tickAsync(30 * MINUTE);
    assert.equal(delivered.length, 0);
    await clock.tickAsync(31 * MINUTE);
    assert.deepEqual(
      delivered.map((d) => [d.id, d.version]),
      [[snoozed.id, 2]],
    );
  });

  it('delivers each reminder once with two instances and duplicate messages', async () => {
    const a = instance();
    const b = instance();
    const ids: string[] = [];
    for (let i = 0; i < 50; i++)
      ids.push((await a.schedule(reminderFor(T0 + (i % 10) * 1_000, { userKey: `t/${i}` }))).id);
    // at-least-once queues can hand out a message twice: simulate it
    for (const m of queue.peekAll().slice(0, 20)) await queue.send(m.body, 0);
    const delivered: Delivered[] = [];
    a.start(recorder(delivered, 'A'));
    b.start(recorder(delivered, 'B'));
    await clock.tickAsync(MINUTE);
    assert.deepEqual(delivered.map((d) => d.id).sort(), [...ids].sort());
  });

  it('after an instance dies holding a claim, another delivers once the lease lapses', async () => {
    const dying = instance();
    const r = await dying.schedule(reminderFor(T0));
    dying.start(() => new Promise<void>(() => undefined)); // claims, never sends
    await clock.tickAsync(1_000);
    assert.equal((await dying.get(r.id))?.status, 'claimed');
    await dying.stop(0);
    const survivor = instance();
    const delivered: Delivered[] = [];
    survivor.start(recorder(delivered, 'B'));
    await clock.tickAsync(4 * MINUTE);
    assert.equal(delivered.length, 0, 'the lease is still held');
    await clock.tickAsync(2 * MINUTE);
    assert.deepEqual(
      delivered.map((d) => [d.id, d.by]),
      [[r.id, 'B']],
    );
  });

  it('after an instance dies mid-send, nobody sends again (at-most-once)', async () => {
    const dying = instance();
    const r = await dying.schedule(reminderFor(T0));
    dying.start(async (_reminder, control) => {
      await control.beginAttempt();
      return new Promise<void>(() => undefined);
    });
    await clock.tickAsync(1_000);
    await dying.stop(0);
    const logs = captureLogs();
    const survivor = instance({ logger: logs.logger });
    const delivered: Delivered[] = [];
    survivor.start(recorder(delivered, 'B'));
    await clock.tickAsync(10 * MINUTE);
    assert.deepEqual(delivered, []);
    assert.equal((await survivor.get(r.id))?.status, 'failed');
    assert.ok(logs.lines.some((l) => l.level === WARN && l.reminderId === r.id));
  });

  it('drops a delivery whose reminder was snoozed while it waited, then fires the new slot', async () => {
    const s = instance();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const delivered: Delivered[] = [];
    const r = await s.schedule(reminderFor(T0));
    s.start(async (reminder, control) => {
      if (reminder.version === 1) await gate;
      if (await control.beginAttempt())
        delivered.push({ id: reminder.id, version: reminder.version, at: Date.now(), by: 'A' });
    });
    await clock.tickAsync(1_000);
    await s.snooze(r.id, T0 + 10 * MINUTE);
    release();
    await clock.tickAsync(5 * MINUTE);
    assert.equal(delivered.length, 0);
    assert.equal((await s.get(r.id))?.status, 'pending');
    await clock.tickAsync(6 * MINUTE);
    assert.deepEqual(
      delivered.map((d) => d.version),
      [2],
    );
  });

  it('sends only the new version when a waiting delivery is snoozed to "now" and claimed again', async () => {
    const s = instance();
    const releases = new Map<number, () => void>();
    const gates = new Map([1, 2].map((v) => [v, new Promise<void>((resolve) => releases.set(v, resolve))]));
    const delivered: Delivered[] = [];
    const r = await s.schedule(reminderFor(T0));
    s.start(async (reminder, control) => {
      await gates.get(reminder.version);
      if (await control.beginAttempt())
        delivered.push({ id: reminder.id, version: reminder.version, at: Date.now(), by: 'A' });
    });
    await clock.tickAsync(1_000);
    await s.snooze(r.id, Date.now());
    await clock.tickAsync(2_000);
    assert.equal((await s.get(r.id))?.status, 'claimed');
    releases.get(1)?.();
    await clock.tickAsync(100);
    releases.get(2)?.();
    await clock.tickAsync(1_000);
    assert.deepEqual(
      delivered.map((d) => d.version),
      [2],
    );
    assert.equal((await s.get(r.id))?.status, 'sent');
  });

  it('lists pending reminders per user and conversation and deletes a conversation', async () => {
    const s = instance();
    const later = await s.schedule(reminderFor(T0 + 4 * HOUR));
    const sooner = await s.schedule(reminderFor(T0 + HOUR));
    await s.schedule(reminderFor(T0 + HOUR, { userKey: 'tenant/bob' }));
    const other = await s.schedule(reminderFor(T0 + HOUR, { conversationKey: 'msteams:a:other' }));
    const cancelled = await s.schedule(reminderFor(T0 + HOUR));
    await s.cancel(cancelled.id);
    assert.deepEqual(
      (await s.listPending('tenant/alice', 'msteams:a:alice')).map((r) => r.id),
      [sooner.id, later.id],
    );
    assert.equal(await s.deleteForConversation('msteams:a:alice'), 4);
    assert.deepEqual(await s.listPending('tenant/alice', 'msteams:a:alice'), []);
    const delivered: Delivered[] = [];
    s.start(recorder(delivered));
    await clock.tickAsync(5 * HOUR);
    assert.deepEqual(
      delivered.map((d) => d.id),
      [other.id],
    );
  });

  it('drops a message that keeps failing instead of retrying it forever', async () => {
    const logs = captureLogs();
    const s = instance({ logger: logs.logger, leaseMs: 10_000 });
    const r = await s.schedule(reminderFor(T0));
    storage.beforeWrite = () => {
      throw new Error('storage unavailable');
    };
    s.start(recorder([]));
    await clock.tickAsync(30 * 11_000);
    assert.deepEqual(queue.peekAll(), []);
    assert.ok(logs.lines.some((l) => l.reminderId === r.id && l.msg.includes('kept failing')));
  });

  it('removes the state of a finished reminder after the retention period', async () => {
    const s = instance({ retentionMs: 2 * HOUR });
    const r = await s.schedule(reminderFor(T0));
    s.start(recorder([]));
    await clock.tickAsync(MINUTE);
    assert.equal((await s.get(r.id))?.status, 'sent');
    await clock.tickAsync(2 * HOUR);
    assert.equal(await s.get(r.id), undefined);
  });

  it('keeps a reminder that was snoozed after delivery beyond the old clean-up', async () => {
    const s = instance({ retentionMs: HOUR });
    const r = await s.schedule(reminderFor(T0));
    const delivered: Delivered[] = [];
    s.start(recorder(delivered));
    await clock.tickAsync(MINUTE);
    await s.snooze(r.id, Date.now() + 2 * HOUR);
    await clock.tickAsync(90 * MINUTE);
    assert.equal((await s.get(r.id))?.status, 'pending');
    await clock.tickAsync(HOUR);
    assert.deepEqual(
      delivered.map((d) => d.version),
      [1, 2],
    );
  });
});
