import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sinon from 'sinon';
import { BotError } from '../../src/errors';
import { silentLogger } from '../../src/logger';
import type { DeliveryControl } from '../../src/proactive/scheduler';
import { SqliteReminderScheduler } from '../../src/proactive/sqliteScheduler';
import type { NewReminder, Reminder } from '../../src/proactive/types';
import { captureLogs, WARN } from './support/logCapture';

const T0 = Date.UTC(2026, 0, 12, 7, 0, 0);
const MINUTE = 60_000;

interface Delivered {
  id: string;
  version: number;
  at: number;
}

function reminderFor(dueAt: number, overrides: Partial<NewReminder> = {}): NewReminder {
  return {
    userKey: 'tenant/alice',
    conversationKey: 'msteams:a:alice',
    dueAt,
    kind: 'fullSync',
    locale: 'ja-JP',
    ...overrides,
  };
}

/** A due handler that "sends" when the scheduler says the reminder is still current. */
function recorder(delivered: Delivered[]) {
  return async (reminder: Reminder, control: DeliveryControl): Promise<void> => {
    if (await control.beginAttempt())
      delivered.push({ id: reminder.id, version: reminder.version, at: Date.now() });
  };
}

describe('SqliteReminderScheduler', () => {
  let dir: string;
  let clock: sinon.SinonFakeTimers;
  const open: SqliteReminderScheduler[] = [];

  function scheduler(options: { logger?: ReturnType<typeof silentLogger> } = {}): SqliteReminderScheduler {
    const s = new SqliteReminderScheduler({
      database: join(dir, 'reminders.sqlite'),
      logger: options.logger ?? silentLogger(),
      pollMs: 1_000,
    });
    open.push(s);
    return s;
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sqlite-scheduler-'));
    clock = sinon.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });

  afterEach(async () => {
    clock.restore();
    for (const s of open.splice(0)) await s.close(0);
    rmSync(dir, { recursive: true, force: true });
  });

  it('fires a reminder once, at its due time and not before', async () => {
    const s = scheduler();
    const delivered: Delivered[] = [];
    const r = await s.schedule(reminderFor(T0 + 5 * MINUTE));
    s.start(recorder(delivered));
    await clock.tickAsync(5 * MINUTE - 1_000);
    assert.equal(delivered.length, 0);
    await clock.tickAsync(10 * MINUTE);
    assert.deepEqual(
      delivered.map((d) => d.id),
      [r.id],
    );
    assert.equal(delivered[0].at, r.dueAt, 'the poll is timed to the next due reminder');
    assert.equal((await s.get(r.id))?.status, 'sent');
  });

  it('moves the next poll forward for a reminder due before it', async () => {
    const s = scheduler();
    const delivered: Delivered[] = [];
    s.start(recorder(delivered));
    await clock.tickAsync(100);
    const r = await s.schedule(reminderFor(Date.now() + 250));
    await clock.tickAsync(300);
    assert.deepEqual(
      delivered.map((d) => [d.id, d.at]),
      [[r.id, r.dueAt]],
    );
  });

  it('never fires a cancelled reminder', async () => {
    const s = scheduler();
    const delivered: Delivered[] = [];
    const r = await s.schedule(reminderFor(T0 + MINUTE));
    s.start(recorder(delivered));
    assert.equal(await s.cancel(r.id), true);
    assert.equal(await s.cancel(r.id), false);
    assert.equal(await s.cancel('unknown'), false);
    await clock.tickAsync(10 * MINUTE);
    assert.equal(delivered.length, 0);
    assert.equal((await s.get(r.id))?.status, 'cancelled');
  });

  it('fires a snoozed reminder in its new slot only, with the new version', async () => {
    const s = scheduler();
    const delivered: Delivered[] = [];
    const r = await s.schedule(reminderFor(T0 + MINUTE));
    s.start(recorder(delivered));
    const snoozed = await s.snooze(r.id, T0 + 60 * MINUTE);
    assert.equal(snoozed?.version, 2);
    await clock.tickAsync(30 * MINUTE);
    assert.equal(delivered.length, 0, 'nothing in the old slot');
    await clock.tickAsync(31 * MINUTE);
    assert.deepEqual(
      delivered.map((d) => [d.id, d.version]),
      [[r.id, 2]],
    );
  });

  it('re-arms a reminder that was already sent ("Snooze 1 hour" on the card)', async () => {
    const s = scheduler();
    const delivered: Delivered[] = [];
    const r = await s.schedule(reminderFor(T0 + MINUTE));
    s.start(recorder(delivered));
    await clock.tickAsync(2 * MINUTE);
    assert.equal(delivered.length, 1);
    await s.snooze(r.id, Date.now() + 60 * MINUTE);
    await clock.tickAsync(61 * MINUTE);
    assert.deepEqual(
      delivered.map((d) => d.version),
      [1, 2],
    );
    assert.equal(await s.snooze('unknown', T0), undefined);
  });

  it('drops a delivery whose reminder was snoozed while the send was waiting', async () => {
    const s = scheduler();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const attempts: boolean[] = [];
    const r = await s.schedule(reminderFor(T0 + MINUTE));
    s.start(async (_reminder, control) => {
      await gate; // e.g. paced by the sender
      attempts.push(await control.beginAttempt());
    });
    await clock.tickAsync(2 * MINUTE);
    assert.equal((await s.get(r.id))?.status, 'claimed');
    await s.snooze(r.id, T0 + 30 * MINUTE);
    release();
    await clock.tickAsync(1_000);
    assert.deepEqual(attempts, [false]);
    const after = await s.get(r.id);
    assert.equal(after?.status, 'pending', 'the old delivery does not mark the new slot sent');
    assert.equal(after?.version, 2);
  });

  it('sends only the new version when a waiting delivery is snoozed to "now" and claimed again', async () => {
    const s = scheduler();
    const releases = new Map<number, () => void>();
    const gates = new Map([1, 2].map((v) => [v, new Promise<void>((resolve) => releases.set(v, resolve))]));
    const delivered: Delivered[] = [];
    const r = await s.schedule(reminderFor(T0));
    s.start(async (reminder, control) => {
      await gates.get(reminder.version);
      if (await control.beginAttempt())
        delivered.push({ id: reminder.id, version: reminder.version, at: Date.now() });
    });
    await clock.tickAsync(1_000);
    await s.snooze(r.id, Date.now());
    await clock.tickAsync(1_000); // version 2 is claimed by this same instance and waits too
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

  it('marks a reminder failed when the delivery throws', async () => {
    const s = scheduler();
    const r = await s.schedule(reminderFor(T0));
    s.start(() => Promise.reject(new Error('card template missing')));
    await clock.tickAsync(2_000);
    assert.equal((await s.get(r.id))?.status, 'failed');
  });

  it('survives a restart: a new scheduler on the same file fires the pending reminder', async () => {
    const first = scheduler();
    const r = await first.schedule(reminderFor(T0 + 10 * MINUTE));
    await first.close();
    const second = scheduler();
    const delivered: Delivered[] = [];
    second.start(recorder(delivered));
    await clock.tickAsync(11 * MINUTE);
    assert.deepEqual(
      delivered.map((d) => d.id),
      [r.id],
    );
  });

  it('after a crash, re-fires a reminder that was claimed but not yet sent', async () => {
    const crashed = scheduler();
    const r = await crashed.schedule(reminderFor(T0));
    crashed.start(() => new Promise<void>(() => undefined)); // claims, then "dies" before sending
    await clock.tickAsync(1_000);
    assert.equal((await crashed.get(r.id))?.status, 'claimed');
    await crashed.stop(0); // the process is gone: no more polls, the delivery never finishes

    const restarted = scheduler();
    const delivered: Delivered[] = [];
    restarted.start(recorder(delivered));
    await clock.tickAsync(1_000);
    assert.deepEqual(
      delivered.map((d) => d.id),
      [r.id],
    );
  });

  it('after a crash between sending and marking sent, does not send again (at-most-once)', async () => {
    const crashed = scheduler();
    const r = await crashed.schedule(reminderFor(T0));
    const sentBeforeCrash: string[] = [];
    crashed.start(async (reminder, control) => {
      if (await control.beginAttempt()) sentBeforeCrash.push(reminder.id);
      return new Promise<void>(() => undefined); // dies before the row is marked sent
    });
    await clock.tickAsync(1_000);
    assert.deepEqual(sentBeforeCrash, [r.id]);
    await crashed.stop(0);

    const logs = captureLogs();
    const restarted = scheduler({ logger: logs.logger });
    const delivered: Delivered[] = [];
    restarted.start(recorder(delivered));
    await clock.tickAsync(5 * MINUTE);
    assert.equal(delivered.length, 0);
    assert.equal((await restarted.get(r.id))?.status, 'failed');
    assert.ok(logs.lines.some((l) => l.level === WARN && l.reminderId === r.id));
  });

  it('lists pending reminders per user and conversation, earliest first', async () => {
    const s = scheduler();
    const later = await s.schedule(reminderFor(T0 + 4 * 60 * MINUTE));
    const sooner = await s.schedule(reminderFor(T0 + 60 * MINUTE));
    await s.schedule(reminderFor(T0 + MINUTE, { userKey: 'tenant/bob' }));
    await s.schedule(reminderFor(T0 + MINUTE, { conversationKey: 'msteams:a:other' }));
    const cancelled = await s.schedule(reminderFor(T0 + 2 * MINUTE));
    await s.cancel(cancelled.id);
    const pending = await s.listPending('tenant/alice', 'msteams:a:alice');
    assert.deepEqual(
      pending.map((p) => p.id),
      [sooner.id, later.id],
    );
    assert.equal(pending[0].locale, 'ja-JP');
  });

  it('deletes every reminder of a conversation (uninstall)', async () => {
    const s = scheduler();
    const delivered: Delivered[] = [];
    await s.schedule(reminderFor(T0 + MINUTE));
    await s.schedule(reminderFor(T0 + MINUTE, { userKey: 'tenant/bob' }));
    const other = await s.schedule(reminderFor(T0 + MINUTE, { conversationKey: 'msteams:a:other' }));
    assert.equal(await s.deleteForConversation('msteams:a:alice'), 2);
    s.start(recorder(delivered));
    await clock.tickAsync(2 * MINUTE);
    assert.deepEqual(
      delivered.map((d) => d.id),
      [other.id],
    );
  });

  it('is idempotent for a caller-chosen id', async () => {
    const s = scheduler();
    const first = await s.schedule(reminderFor(T0 + MINUTE, { id: 'turn-42' }));
    const again = await s.schedule(reminderFor(T0 + 99 * MINUTE, { id: 'turn-42' }));
    assert.equal(again.dueAt, first.dueAt);
    assert.equal((await s.listPending('tenant/alice', 'msteams:a:alice')).length, 1);
  });

  it('rejects reminders it could never deliver', async () => {
    const s = scheduler();
    await assert.rejects(s.schedule(reminderFor(T0, { userKey: '' })), BotError);
    await assert.rejects(s.schedule(reminderFor(Number.NaN)), BotError);
    await assert.rejects(s.schedule(reminderFor(T0, { id: '../etc' })), BotError);
  });

  it('handles 100,000 reminders: only the due ones fire, each exactly once', async function () {
    this.timeout(120_000);
    const s = scheduler();
    const total = 100_000;
    const dueSoon = new Set<string>();
    // 1 in 20 falls due within the next minute, the rest over the following week
    const dueAtOf = (i: number) =>
      i % 20 === 0 ? T0 + (i % 60_000) : T0 + 2 * MINUTE + ((i * 6_047) % (7 * 24 * 60 * MINUTE));
    for (let start = 0; start < total; start += 1_000) {
      const burst = Array.from({ length: 1_000 }, (_, k) => start + k).map((i) =>
        s.schedule(
          reminderFor(dueAtOf(i), { conversationKey: `msteams:a:${i % 5_000}`, userKey: `tenant/${i}` }),
        ),
      );
      for (const r of await Promise.all(burst)) if (r.dueAt <= T0 + MINUTE) dueSoon.add(r.id);
    }
    assert.equal(dueSoon.size, total / 20);
    const delivered: Delivered[] = [];
    s.start(recorder(delivered));
    await clock.tickAsync(MINUTE + 1_000);
    const ids = delivered.map((d) => d.id);
    assert.equal(ids.length, dueSoon.size);
    assert.equal(new Set(ids).size, ids.length, 'no reminder delivered twice');
    assert.ok(ids.every((id) => dueSoon.has(id)));
  });
});
