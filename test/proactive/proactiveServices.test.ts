import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStorage } from 'botbuilder';
import sinon from 'sinon';
import { silentLogger } from '../../src/core/logger';
import { MemoryReminderScheduler } from '../support/memoryReminderScheduler';
import { QueueReminderScheduler } from '../../src/proactive/queueScheduler';
import { reminderCorrelationId } from '../../src/proactive/reminderDelivery';
import {
  createProactiveServices,
  createReminderScheduler,
  REMINDERS_DB_FILE,
  type ProactiveServices,
} from '../../src/proactive/setup';
import { SqliteReminderScheduler } from '../../src/proactive/sqliteScheduler';
import type { Reminder } from '../../src/proactive/types';
import { ScriptedTransport } from './support/fakeTransport';
import { captureLogs, ERROR } from './support/logCapture';
import { teamsReference } from './support/references';

const T0 = Date.UTC(2026, 8, 7, 10, 0, 0);
const MINUTE = 60_000;

describe('createProactiveServices (reminders end to end, embedded store)', () => {
  let dir: string;
  let clock: sinon.SinonFakeTimers;
  let transport: ScriptedTransport;
  let services: ProactiveServices<{ text: string }>;
  let scheduler: SqliteReminderScheduler;
  let logs: ReturnType<typeof captureLogs>;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'proactive-'));
    clock = sinon.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    transport = new ScriptedTransport();
    logs = captureLogs();
    scheduler = new SqliteReminderScheduler({
      database: join(dir, REMINDERS_DB_FILE),
      logger: silentLogger(),
      pollMs: 1_000,
    });
    services = createProactiveServices({
      settings: { dataDir: dir },
      storage: new MemoryStorage(),
      logger: logs.logger,
      transport,
      scheduler,
      senderOptions: { random: () => 0.5 },
      buildReminderActivity: (reminder: Reminder, ref) => ({
        text: `[${reminder.locale}] full sync? (${ref.timeZone})`,
      }),
    });
    await services.references.save(teamsReference('a:alice'));
    services.start();
  });

  afterEach(async () => {
    clock.restore();
    await services.stop();
    await scheduler.close(0);
    rmSync(dir, { recursive: true, force: true });
  });

  const key = 'msteams:a:alice';
  const remind = (dueAt: number) =>
    services.scheduler.schedule({
      userKey: 'tenant-1/aad-a:alice',
      conversationKey: key,
      dueAt,
      kind: 'fullSync',
      locale: 'it-IT',
    });

  it('sends the reminder card at the due time, in the reminder language', async () => {
    const r = await remind(T0 + 60 * MINUTE);
    await clock.tickAsync(61 * MINUTE);
    assert.deepEqual(
      transport.deliveries.map((d) => d.activity),
      [{ text: '[it-IT] full sync? (Europe/Berlin)' }],
    );
    assert.equal((await services.scheduler.get(r.id))?.status, 'sent');
  });

  it('forgets the conversation on 403: reference and reminders are gone', async () => {
    transport.script('a:alice', [{ status: 403, code: 'MessageWritesBlocked' }]);
    await remind(T0 + MINUTE);
    const later = await remind(T0 + 90 * MINUTE);
    await clock.tickAsync(2 * MINUTE);
    assert.equal(await services.references.get(key), undefined);
    assert.equal(await services.scheduler.get(later.id), undefined);
    await clock.tickAsync(2 * 60 * MINUTE);
    assert.equal(transport.deliveries.length, 1);
  });

  it('marks the reminder failed when the sender gives up, with the correlation id in the log', async () => {
    transport.script(
      'a:alice',
      Array.from({ length: 5 }, () => ({ status: 503 })),
    );
    const r = await remind(T0 + MINUTE);
    await clock.tickAsync(10 * MINUTE);
    assert.equal(transport.deliveries.length, 5);
    assert.equal((await services.scheduler.get(r.id))?.status, 'failed');
    assert.ok(logs.lines.some((l) => l.level === ERROR && l.correlationId === reminderCorrelationId(r)));
  });

  it('stops retrying a reminder cancelled while it waits out a 429', async () => {
    transport.script('a:alice', [{ status: 429, retryAfter: '30' }]);
    const r = await remind(T0 + MINUTE);
    await clock.tickAsync(MINUTE + 2_000);
    assert.equal(transport.deliveries.length, 1);
    assert.equal(await services.scheduler.cancel(r.id), true);
    await clock.tickAsync(5 * MINUTE);
    assert.equal(transport.deliveries.length, 1);
    assert.equal((await services.scheduler.get(r.id))?.status, 'cancelled');
  });

  it('forgetConversation (uninstall) drops the reference and every reminder', async () => {
    await remind(T0 + MINUTE);
    await remind(T0 + 2 * MINUTE);
    await services.forgetConversation(key);
    assert.equal(await services.references.get(key), undefined);
    assert.deepEqual(await services.scheduler.listPending('tenant-1/aad-a:alice', key), []);
    await clock.tickAsync(5 * MINUTE);
    assert.equal(transport.deliveries.length, 0);
  });
});

describe('createReminderScheduler', () => {
  it('uses the embedded SQLite file in DATA_DIR by default', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'proactive-cfg-')), 'nested');
    const scheduler = createReminderScheduler({ dataDir: dir }, new MemoryStorage(), silentLogger());
    try {
      assert.ok(scheduler instanceof SqliteReminderScheduler);
      assert.ok(existsSync(join(dir, REMINDERS_DB_FILE)));
    } finally {
      await (scheduler as SqliteReminderScheduler).close(0);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('uses the queue scheduler when an Azure connection string is configured', () => {
    const scheduler = createReminderScheduler(
      {
        dataDir: '/nonexistent',
        azure: { access: { connectionString: 'UseDevelopmentStorage=true' }, queueName: 'reminders' },
      },
      new MemoryStorage(),
      silentLogger(),
    );
    assert.ok(scheduler instanceof QueueReminderScheduler);
    assert.ok(!existsSync('/nonexistent'));
  });
});

describe('MemoryReminderScheduler (fake for dialog tests)', () => {
  it('fires what is due, skips what was snoozed, and reports versions', async () => {
    const fake = new MemoryReminderScheduler(() => T0);
    const fired: Array<[string, number]> = [];
    fake.start(async (r, control) => {
      if (await control.beginAttempt()) fired.push([r.id, r.version]);
    });
    const due = await fake.schedule({
      userKey: 'u',
      conversationKey: 'c',
      dueAt: T0,
      kind: 'fullSync',
      locale: 'en-US',
    });
    const snoozed = await fake.schedule({
      userKey: 'u',
      conversationKey: 'c',
      dueAt: T0,
      kind: 'fullSync',
      locale: 'en-US',
    });
    await fake.snooze(snoozed.id, T0 + MINUTE);
    assert.equal(await fake.fireDue(T0), 1);
    assert.deepEqual(fired, [[due.id, 1]]);
    assert.equal((await fake.get(due.id))?.status, 'sent');
    assert.deepEqual(
      (await fake.listPending('u', 'c')).map((r) => r.id),
      [snoozed.id],
    );
  });
});
