import assert from 'node:assert/strict';
import { ContainerClient } from '@azure/storage-blob';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { BlobTurnLease } from '../../src/turn/blobTurnLease';
import { HelpdeskStore, type HelpdeskChannel } from '../../src/helpdesk/store';
import { silentLogger } from '../../src/core/logger';
import type { Ticket } from '../../src/helpdesk/ticket';
import { startAzurite, type AzuriteInstance } from '../support/azurite';
import { sampleTicket } from '../support/helpdeskSamples';

const TENANT = '72f988bf-0000-0000-0000-000000000001';
const A = { id: '29:a', name: 'A' };
const B = { id: '29:b', name: 'B' };

function draftTicket(): Omit<Ticket, 'number'> {
  const draft: Partial<Ticket> = sampleTicket();
  delete draft.number;
  return draft as Omit<Ticket, 'number'>;
}

/** The scale-out store: two instances, each with its own BlobsStorage client, on one container. */
describe('helpdesk store on Blob Storage (Azurite), two instances', () => {
  let azurite: AzuriteInstance;
  let one: HelpdeskStore;
  let two: HelpdeskStore;

  before(async function () {
    this.timeout(60_000);
    azurite = await startAzurite();
    const container = `helpdesk-${Date.now()}`;
    one = new HelpdeskStore(new BlobsStorage(azurite.connectionString, container));
    two = new HelpdeskStore(new BlobsStorage(azurite.connectionString, container));
    const first = {
      tenantId: TENANT,
      teamId: '19:team',
      channelId: '19:channel',
      channelName: 'IT',
      serviceUrl: 'http://127.0.0.1/',
      reference: {
        serviceUrl: 'http://127.0.0.1/',
        channelId: 'msteams',
        conversation: { id: '19:channel' },
        user: A,
        bot: { id: '28:bot' },
      },
      locale: 'en',
      setBy: A,
      setAt: 0,
    };
    await one.changeChannel(TENANT, () => Promise.resolve({ write: first, result: undefined }));
  });
  after(async () => {
    await azurite?.stop();
  });

  it('escalations on both instances at once get distinct numbers; a repeated claim creates nothing', async () => {
    const created = await Promise.all([
      ...Array.from({ length: 4 }, () => one.create(draftTicket())),
      ...Array.from({ length: 4 }, () => two.create(draftTicket())),
      one.create(draftTicket(), { claim: 'same-click' }),
      two.create(draftTicket(), { claim: 'same-click' }),
    ]);
    const numbers = created.flatMap((c) => (c.kind === 'created' ? [c.ticket.number] : []));
    assert.equal(numbers.length, 9);
    assert.equal(new Set(numbers).size, 9);
    assert.equal(created.filter((c) => c.kind === 'duplicate').length, 1);
  });

  it('two agents on two instances assign at once: exactly one wins', async () => {
    const created = await one.create(draftTicket());
    assert.ok(created.kind === 'created');
    const n = created.ticket.number;
    const results = await Promise.all([
      one.apply(TENANT, n, 'assign', A, 1),
      two.apply(TENANT, n, 'assign', B, 1),
    ]);
    assert.equal(results.filter((r) => r.ok).length, 1);
    const loser = results.find((r) => !r.ok);
    assert.ok(loser && !loser.ok && loser.reason === 'alreadyAssigned');
    const stored = await two.get(TENANT, n);
    const winner = results.find((r) => r.ok);
    assert.ok(winner?.ok && stored?.assignee?.id === winner.ticket.assignee?.id);
  });

  it('the helpdesk channel on two instances with their turn leases: a first set at once, then a move at once, each has one effect', async () => {
    const container = `helpdesk-channel-${Date.now()}`;
    const lease = () =>
      new BlobTurnLease(new ContainerClient(azurite.connectionString, container), silentLogger());
    const stores = [0, 1].map(
      () => new HelpdeskStore(new BlobsStorage(azurite.connectionString, container), lease()),
    );
    const tenant = '72f988bf-0000-0000-0000-0000000000c2';
    const channelOf = (id: string): HelpdeskChannel => ({
      tenantId: tenant,
      teamId: `19:team-${id}`,
      channelId: `19:${id}`,
      channelName: id,
      serviceUrl: 'http://127.0.0.1/',
      reference: {
        serviceUrl: 'http://127.0.0.1/',
        channelId: 'msteams',
        conversation: { id: `19:${id}` },
        user: A,
        bot: { id: '28:bot' },
      },
      locale: 'en',
      setBy: A,
      setAt: 0,
    });
    /** Writes `to` only while the helpdesk is `from` (undefined: none yet), after a pause (a Teams lookup). */
    const change = (store: HelpdeskStore, from: string | undefined, to: string) =>
      store.changeChannel(tenant, async (current) => {
        await new Promise((r) => setTimeout(r, 30));
        return current?.channelId === from
          ? { write: channelOf(to), result: true }
          : { keep: true as const, result: false };
      });
    const first = await Promise.all([
      change(stores[0], undefined, 'one'),
      change(stores[1], undefined, 'two'),
    ]);
    assert.deepEqual([...first].sort(), [false, true]);
    const winner = (await stores[1].channel(tenant))?.channelId;
    const moves = await Promise.all([change(stores[0], winner, 'three'), change(stores[1], winner, 'four')]);
    assert.deepEqual([...moves].sort(), [false, true]);
    assert.ok(['19:three', '19:four'].includes((await stores[0].channel(tenant))?.channelId ?? ''));
  });
});
