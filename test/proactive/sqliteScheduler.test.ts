import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sinon from 'sinon';
import { silentLogger, type Logger } from '../../src/core/logger';
import { SqliteReminderScheduler } from '../../src/proactive/sqliteScheduler';
import {
  MINUTE,
  T0,
  recorder,
  reminderFor,
  reminderSchedulerContract,
  type Delivered,
} from './schedulerContract';

/** Every scheduler on one database file in a fresh directory: a second one is a restart. */
function sqliteSchedulers() {
  let dir = '';
  const open: SqliteReminderScheduler[] = [];
  return {
    setUp(): void {
      dir = mkdtempSync(join(tmpdir(), 'sqlite-scheduler-'));
    },
    create(logger: Logger = silentLogger()): SqliteReminderScheduler {
      const s = new SqliteReminderScheduler({
        database: join(dir, 'reminders.sqlite'),
        logger,
        pollMs: 1_000,
      });
      open.push(s);
      return s;
    },
    async tearDown(): Promise<void> {
      for (const s of open.splice(0)) await s.close(0);
      rmSync(dir, { recursive: true, force: true });
    },
    // A restarted process takes back claims of the one that died at once.
    claimRecovery: { within: 1_000 },
  };
}

reminderSchedulerContract('SqliteReminderScheduler', sqliteSchedulers());

describe('SqliteReminderScheduler', () => {
  let clock: sinon.SinonFakeTimers;
  const schedulers = sqliteSchedulers();
  const scheduler = (): SqliteReminderScheduler => schedulers.create();

  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    schedulers.setUp();
  });

  afterEach(async () => {
    await schedulers.tearDown();
    clock.restore();
  });

  it('close() closes the database it opened, once', async () => {
    const s = scheduler();
    await s.schedule(reminderFor(T0 + MINUTE));
    const pending = s.schedule(reminderFor(T0 + 2 * MINUTE)); // still waiting for its group commit
    await s.close();
    await s.close();
    assert.equal((await pending).status, 'pending', 'written before the database closed');
    await assert.rejects(s.get('any'));
    const reopened = scheduler();
    assert.equal((await reopened.listPending('tenant/alice', 'msteams:a:alice')).length, 2);
  });

  it('fires at exactly the due time: the poll is timed to the next due reminder', async () => {
    const s = scheduler();
    const delivered: Delivered[] = [];
    const r = await s.schedule(reminderFor(T0 + 5 * MINUTE));
    s.start(recorder(delivered));
    await clock.tickAsync(10 * MINUTE);
    assert.deepEqual(
      delivered.map((d) => [d.id, d.at]),
      [[r.id, r.dueAt]],
    );
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
