import assert from 'node:assert/strict';
import sinon from 'sinon';
import { BotError } from '../../src/core/errors';
import type { Logger } from '../../src/core/logger';
import type { DeliveryControl, ReminderScheduler } from '../../src/proactive/scheduler';
import type { NewReminder, Reminder } from '../../src/proactive/types';
import { captureLogs, WARN } from './support/logCapture';

export const T0 = Date.UTC(2026, 0, 12, 7, 0, 0);
export const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface Delivered {
  id: string;
  version: number;
  at: number;
}

export function reminderFor(dueAt: number, overrides: Partial<NewReminder> = {}): NewReminder {
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
export function recorder(delivered: Delivered[]) {
  return async (reminder: Reminder, control: DeliveryControl): Promise<void> => {
    if (await control.beginAttempt())
      delivered.push({ id: reminder.id, version: reminder.version, at: Date.now() });
  };
}

/** One scheduler implementation under test; every instance it creates shares one store. */
export interface SchedulerUnderTest {
  /** Called after fake timers are installed at T0: a fresh, empty store. */
  setUp(): void;
  /** A scheduler on the shared store (polling every second): a second call is a restart or another instance. */
  create(logger?: Logger): ReminderScheduler;
  /** Closes every scheduler created and removes the store. */
  tearDown(): Promise<void>;
  /**
   * How long after a crash a reminder that was claimed (not yet sent) is delivered by a fresh
   * instance, and how long it is certainly not (e.g. while a lease is still held).
   */
  claimRecovery: { within: number; notBefore?: number };
}

/** The behaviour both reminder schedulers promise (ReminderScheduler's contract). */
export function reminderSchedulerContract(name: string, subject: SchedulerUnderTest): void {
  describe(`${name}: ReminderScheduler contract`, () => {
    let clock: sinon.SinonFakeTimers;

    beforeEach(() => {
      clock = sinon.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      subject.setUp();
    });

    afterEach(async () => {
      await subject.tearDown();
      clock.restore();
    });

    it('fires a reminder once, at its due time and not before', async () => {
      const s = subject.create();
      const delivered: Delivered[] = [];
      const r = await s.schedule(reminderFor(T0 + 5 * MINUTE));
      s.start(recorder(delivered));
      await clock.tickAsync(5 * MINUTE - 2_000);
      assert.equal(delivered.length, 0);
      await clock.tickAsync(10 * MINUTE);
      assert.deepEqual(
        delivered.map((d) => d.id),
        [r.id],
      );
      assert.ok(delivered[0].at >= r.dueAt && delivered[0].at - r.dueAt <= 1_000);
      assert.equal((await s.get(r.id))?.status, 'sent');
      await clock.tickAsync(HOUR);
      assert.equal(delivered.length, 1, 'never twice');
    });

    it('never fires a cancelled reminder', async () => {
      const s = subject.create();
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
      const s = subject.create();
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
      const s = subject.create();
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

    it('drops a delivery whose reminder was snoozed while the send was waiting, then fires the new slot', async () => {
      const s = subject.create();
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const attempts: Array<[number, boolean]> = [];
      const r = await s.schedule(reminderFor(T0 + MINUTE));
      s.start(async (reminder, control) => {
        if (reminder.version === 1) await gate; // e.g. paced by the sender
        attempts.push([reminder.version, await control.beginAttempt()]);
      });
      await clock.tickAsync(2 * MINUTE);
      assert.equal((await s.get(r.id))?.status, 'claimed');
      await s.snooze(r.id, T0 + 30 * MINUTE);
      release();
      await clock.tickAsync(1_000);
      assert.deepEqual(attempts, [[1, false]]);
      const after = await s.get(r.id);
      assert.equal(after?.status, 'pending', 'the old delivery does not mark the new slot sent');
      assert.equal(after?.version, 2);
      await clock.tickAsync(30 * MINUTE);
      assert.deepEqual(attempts, [
        [1, false],
        [2, true],
      ]);
    });

    it('sends only the new version when a waiting delivery is snoozed to "now" and claimed again', async () => {
      const s = subject.create();
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
      await clock.tickAsync(2_000); // version 2 is claimed by this same instance and waits too
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
      const s = subject.create();
      const r = await s.schedule(reminderFor(T0));
      s.start(() => Promise.reject(new Error('card template missing')));
      await clock.tickAsync(2_000);
      assert.equal((await s.get(r.id))?.status, 'failed');
    });

    it('survives a restart: a new scheduler on the same store fires the pending reminder', async () => {
      const first = subject.create();
      const r = await first.schedule(reminderFor(T0 + 10 * MINUTE));
      await first.close();
      const second = subject.create();
      const delivered: Delivered[] = [];
      second.start(recorder(delivered));
      await clock.tickAsync(11 * MINUTE);
      assert.deepEqual(
        delivered.map((d) => d.id),
        [r.id],
      );
    });

    it('after a crash, re-fires a reminder that was claimed but not yet sent', async () => {
      const crashed = subject.create();
      const r = await crashed.schedule(reminderFor(T0));
      crashed.start(() => new Promise<void>(() => undefined)); // claims, then "dies" before sending
      await clock.tickAsync(1_000);
      assert.equal((await crashed.get(r.id))?.status, 'claimed');
      await crashed.stop(0); // the process is gone: no more polls, the delivery never finishes

      const restarted = subject.create();
      const delivered: Delivered[] = [];
      restarted.start(recorder(delivered));
      const { within, notBefore } = subject.claimRecovery;
      if (notBefore !== undefined) {
        await clock.tickAsync(notBefore);
        assert.equal(delivered.length, 0, 'the claim is still held');
      }
      await clock.tickAsync(within - (notBefore ?? 0));
      assert.deepEqual(
        delivered.map((d) => d.id),
        [r.id],
      );
    });

    it('after a crash between sending and marking sent, does not send again (at-most-once)', async () => {
      const crashed = subject.create();
      const r = await crashed.schedule(reminderFor(T0));
      const sentBeforeCrash: string[] = [];
      crashed.start(async (reminder, control) => {
        if (await control.beginAttempt()) sentBeforeCrash.push(reminder.id);
        return new Promise<void>(() => undefined); // dies before the reminder is marked sent
      });
      await clock.tickAsync(1_000);
      assert.deepEqual(sentBeforeCrash, [r.id]);
      await crashed.stop(0);

      const logs = captureLogs();
      const restarted = subject.create(logs.logger);
      const delivered: Delivered[] = [];
      restarted.start(recorder(delivered));
      await clock.tickAsync(10 * MINUTE);
      assert.equal(delivered.length, 0);
      assert.equal((await restarted.get(r.id))?.status, 'failed');
      assert.ok(logs.lines.some((l) => l.level === WARN && l.reminderId === r.id));
    });

    it('lists pending reminders per user and conversation, earliest first', async () => {
      const s = subject.create();
      const later = await s.schedule(reminderFor(T0 + 4 * HOUR));
      const sooner = await s.schedule(reminderFor(T0 + HOUR));
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

    it('deletes every reminder of a conversation (uninstall), and only those', async () => {
      const s = subject.create();
      await s.schedule(reminderFor(T0 + MINUTE));
      await s.schedule(reminderFor(T0 + HOUR));
      await s.schedule(reminderFor(T0 + MINUTE, { userKey: 'tenant/bob' }));
      const other = await s.schedule(reminderFor(T0 + MINUTE, { conversationKey: 'msteams:a:other' }));
      const cancelled = await s.schedule(reminderFor(T0 + HOUR));
      await s.cancel(cancelled.id);
      assert.equal(await s.deleteForConversation('msteams:a:alice'), 4, 'the cancelled one too');
      assert.deepEqual(await s.listPending('tenant/alice', 'msteams:a:alice'), []);
      assert.deepEqual(await s.listPending('tenant/bob', 'msteams:a:alice'), []);
      const delivered: Delivered[] = [];
      s.start(recorder(delivered));
      await clock.tickAsync(2 * HOUR);
      assert.deepEqual(
        delivered.map((d) => d.id),
        [other.id],
      );
    });

    it('is idempotent for a caller-chosen id', async () => {
      const s = subject.create();
      const first = await s.schedule(reminderFor(T0 + MINUTE, { id: 'turn-42' }));
      const again = await s.schedule(reminderFor(T0 + 99 * MINUTE, { id: 'turn-42' }));
      assert.equal(again.dueAt, first.dueAt);
      assert.equal((await s.listPending('tenant/alice', 'msteams:a:alice')).length, 1);
    });

    it('rejects reminders it could never deliver', async () => {
      const s = subject.create();
      await assert.rejects(s.schedule(reminderFor(T0, { userKey: '' })), BotError);
      await assert.rejects(s.schedule(reminderFor(Number.NaN)), BotError);
      await assert.rejects(s.schedule(reminderFor(T0, { id: '../etc' })), BotError);
    });

    it('close() stops polling, can be called twice, and leaves nothing to fire', async () => {
      const s = subject.create();
      const delivered: Delivered[] = [];
      await s.schedule(reminderFor(T0 + MINUTE));
      s.start(recorder(delivered));
      await s.close();
      await s.close();
      await clock.tickAsync(5 * MINUTE);
      assert.deepEqual(delivered, []);
      assert.equal(clock.countTimers(), 0, 'no timer left behind');
    });
  });
}
