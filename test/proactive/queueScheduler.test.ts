import assert from 'node:assert/strict';
import sinon from 'sinon';
import { silentLogger, type Logger } from '../../src/core/logger';
import { MemoryKeyValueStorage } from '../support/memoryKeyValueStorage';
import { MemoryReminderQueue } from '../support/memoryReminderQueue';
import { QueueReminderScheduler, type QueueSchedulerOptions } from '../../src/proactive/queueScheduler';
import type { DeliveryControl } from '../../src/proactive/scheduler';
import type { NewReminder, Reminder } from '../../src/proactive/types';
import { reminderSchedulerContract } from './schedulerContract';
import { captureLogs } from './support/logCapture';

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

/** Instances on one in-memory queue and one storage: a second instance is another bot instance. */
function queueSchedulers() {
  const started: QueueReminderScheduler[] = [];
  let shared: { queue: MemoryReminderQueue; storage: MemoryKeyValueStorage } | undefined;
  return {
    setUp(): void {
      shared = { queue: new MemoryReminderQueue(), storage: new MemoryKeyValueStorage() };
    },
    create(logger: Logger = silentLogger()): QueueReminderScheduler {
      if (!shared) throw new Error('setUp first');
      const s = new QueueReminderScheduler({ ...shared, logger, pollMs: 1_000, leaseMs: 5 * MINUTE });
      started.push(s);
      return s;
    },
    async tearDown(): Promise<void> {
      for (const s of started.splice(0)) await s.close(0);
    },
    // Another instance takes over a dead instance's claim only when its 5-minute lease lapses.
    claimRecovery: { notBefore: 4 * MINUTE, within: 6 * MINUTE },
  };
}

reminderSchedulerContract('QueueReminderScheduler (in-memory queue and storage)', queueSchedulers());

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
    for (const s of started.splice(0)) await s.close(0);
    clock.restore();
  });

  it('removes the message of a delivered reminder (only the clean-up message is left)', async () => {
    const s = instance();
    const delivered: Delivered[] = [];
    const r = await s.schedule(reminderFor(T0 + 10 * MINUTE));
    s.start(recorder(delivered));
    await clock.tickAsync(11 * MINUTE);
    assert.deepEqual(
      delivered.map((d) => d.id),
      [r.id],
    );
    await clock.tickAsync(HOUR);
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
