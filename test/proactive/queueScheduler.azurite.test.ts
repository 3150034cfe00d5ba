import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { QueueClient } from '@azure/storage-queue';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { silentLogger } from '../../src/core/logger';
import { AzureReminderQueue } from '../../src/proactive/azureReminderQueue';
import { readItem, writeIfMatch } from '../../src/storage/eTagStorage';
import { QueueReminderScheduler, type QueueSchedulerOptions } from '../../src/proactive/queueScheduler';
import type { DeliveryControl } from '../../src/proactive/scheduler';
import type { Reminder } from '../../src/proactive/types';
import { startAzurite, type AzuriteInstance } from '../support/azurite';

interface Delivered {
  id: string;
  version: number;
  by: string;
  at: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe('QueueReminderScheduler on Azurite (Azure Storage Queue + BlobsStorage)', function () {
  this.timeout(60_000);
  let azurite: AzuriteInstance;
  let storage: BlobsStorage;
  let queue: AzureReminderQueue;
  const started: QueueReminderScheduler[] = [];

  before(async () => {
    azurite = await startAzurite(); // throws if Azurite cannot start: this suite must not silently skip
  });
  after(async () => {
    await azurite?.stop();
  });

  beforeEach(() => {
    const suffix = randomUUID().slice(0, 8);
    storage = new BlobsStorage(azurite.connectionString, `state-${suffix}`);
    queue = new AzureReminderQueue(new QueueClient(azurite.connectionString, `reminders-${suffix}`));
  });
  afterEach(async () => {
    for (const s of started.splice(0)) await s.stop(0);
  });

  function instance(overrides: Partial<QueueSchedulerOptions> = {}): QueueReminderScheduler {
    const s = new QueueReminderScheduler({
      queue,
      storage,
      logger: silentLogger(),
      pollMs: 150,
      leaseMs: 30_000,
      ...overrides,
    });
    started.push(s);
    return s;
  }

  function recorder(delivered: Delivered[], by: string) {
    return async (reminder: Reminder, control: DeliveryControl): Promise<void> => {
      await sleep(Math.random() * 50); // a send takes a moment; widens any race
      if (await control.beginAttempt())
        delivered.push({ id: reminder.id, version: reminder.version, by, at: Date.now() });
    };
  }

  it('BlobsStorage rejects stale and dangling eTags the way the scheduler expects', async () => {
    await storage.write({ 'probe/1': { n: 1 } });
    const first = await readItem(storage, 'probe/1', (raw) => raw as { n: number });
    assert.ok(first?.eTag);
    assert.equal(await writeIfMatch(storage, 'probe/1', { n: 2 }, first.eTag), true);
    assert.equal(await writeIfMatch(storage, 'probe/1', { n: 3 }, first.eTag), false, 'stale eTag');
    await storage.delete(['probe/1']);
    assert.equal(
      await writeIfMatch(storage, 'probe/1', { n: 4 }, first.eTag),
      false,
      'item deleted meanwhile',
    );
    assert.deepEqual(await storage.read(['probe/1']), {});
  });

  it('two instances on one account deliver each of 40 reminders exactly once', async () => {
    const a = instance();
    const b = instance();
    const now = Date.now();
    const ids = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const r = await a.schedule({
        userKey: `tenant/u${i}`,
        conversationKey: `msteams:a:${i % 7}`,
        dueAt: now + 1_000 + (i % 3) * 500,
        kind: 'fullSync',
        locale: 'en-US',
      });
      ids.add(r.id);
    }
    const delivered: Delivered[] = [];
    a.start(recorder(delivered, 'A'));
    b.start(recorder(delivered, 'B'));
    await waitFor(() => delivered.length >= ids.size, 30_000, 'all deliveries');
    await sleep(2_000); // a duplicate would show up now
    const counts = new Map<string, number>();
    for (const d of delivered) counts.set(d.id, (counts.get(d.id) ?? 0) + 1);
    assert.deepEqual([...counts.keys()].sort(), [...ids].sort());
    assert.ok(
      [...counts.values()].every((c) => c === 1),
      'a reminder was delivered twice',
    );
    assert.ok(
      delivered.every((d) => d.at >= now + 1_000),
      'nothing before its due time',
    );
    for (const id of ids) assert.equal((await a.get(id))?.status, 'sent');
  });

  it('a snooze racing the delivery never lets the old slot through once the snooze has returned', async () => {
    const a = instance();
    const b = instance();
    const delivered: Delivered[] = [];
    a.start(recorder(delivered, 'A'));
    b.start(recorder(delivered, 'B'));
    const snoozedAt = new Map<string, number>();
    const races: Promise<void>[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await a.schedule({
        userKey: `tenant/u${i}`,
        conversationKey: 'msteams:a:race',
        dueAt: Date.now() + 1_000,
        kind: 'fullSync',
        locale: 'es-ES',
      });
      // snooze somewhere between just before and just after the due time
      races.push(
        sleep(700 + i * 60).then(async () => {
          const snoozed = await (i % 2 === 0 ? a : b).snooze(r.id, Date.now() + 1_500);
          assert.equal(snoozed?.version, 2);
          snoozedAt.set(r.id, Date.now());
        }),
      );
    }
    await Promise.all(races);
    await waitFor(
      () => delivered.filter((d) => d.version === 2).length >= 12,
      30_000,
      'the snoozed deliveries',
    );
    await sleep(1_500);
    for (const [id, at] of snoozedAt) {
      const forId = delivered.filter((d) => d.id === id);
      assert.equal(forId.filter((d) => d.version === 2).length, 1, `${id} new slot delivered once`);
      assert.ok(forId.filter((d) => d.version === 1).length <= 1, `${id} old slot delivered twice`);
      assert.ok(
        forId.every((d) => d.version === 2 || d.at <= at),
        `${id} old slot sent after the snooze returned`,
      );
    }
  });

  it('a cancelled reminder is never sent after cancel has returned', async () => {
    const a = instance();
    const delivered: Delivered[] = [];
    a.start(recorder(delivered, 'A'));
    const r = await a.schedule({
      userKey: 't/u',
      conversationKey: 'msteams:a:c',
      dueAt: Date.now() + 800,
      kind: 'fullSync',
      locale: 'en-US',
    });
    await sleep(700);
    const cancelled = await a.cancel(r.id);
    const cancelledAt = Date.now();
    await sleep(2_500);
    assert.equal(cancelled, true);
    assert.ok(delivered.every((d) => d.at <= cancelledAt));
    assert.equal((await a.get(r.id))?.status, 'cancelled');
  });

  it('chains queue messages when the delay exceeds the visibility ceiling', async () => {
    const a = instance({ maxVisibilitySeconds: 1 });
    const delivered: Delivered[] = [];
    const r = await a.schedule({
      userKey: 't/u',
      conversationKey: 'msteams:a:c',
      dueAt: Date.now() + 3_200,
      kind: 'fullSync',
      locale: 'en-US',
    });
    a.start(recorder(delivered, 'A'));
    await waitFor(() => delivered.length > 0, 15_000, 'the chained delivery');
    await sleep(1_500);
    assert.deepEqual(
      delivered.map((d) => d.id),
      [r.id],
    );
    assert.ok(delivered[0].at >= r.dueAt - 2_000, 'not more than the skew tolerance early');
  });
});
