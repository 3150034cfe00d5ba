import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HelpdeskStore, type HelpdeskChannel } from '../../src/helpdesk/store';
import { applyOp, type Ticket } from '../../src/helpdesk/ticket';
import { SqliteStorage } from '../../src/storage/sqliteStorage';
import { sampleTicket } from '../support/helpdeskSamples';

const TENANT = '72f988bf-0000-0000-0000-000000000001';
const A = { id: '29:a', name: 'A' };
const B = { id: '29:b', name: 'B' };

function channel(channelId: string, name: string): HelpdeskChannel {
  return {
    tenantId: TENANT,
    teamId: '19:team',
    channelId,
    channelName: name,
    serviceUrl: 'http://127.0.0.1/',
    reference: {
      serviceUrl: 'http://127.0.0.1/',
      channelId: 'msteams',
      conversation: { id: channelId },
      user: A,
      bot: { id: '28:bot' },
    },
    locale: 'en',
    setBy: A,
    setAt: 0,
  };
}

/** Sets the channel whatever is there; returns what it replaced. */
const put = (store: HelpdeskStore, c: HelpdeskChannel): Promise<HelpdeskChannel | undefined> =>
  store.changeChannel(TENANT, (current) => Promise.resolve({ write: c, result: current }));

/** A ticket before the store gives it a number. */
function draftTicket(): Omit<Ticket, 'number'> {
  const draft: Partial<Ticket> = sampleTicket();
  delete draft.number;
  return draft as Omit<Ticket, 'number'>;
}

describe('helpdesk ticket model and store (SQLite storage, eTags)', () => {
  let dir: string;
  let storage: SqliteStorage;
  let store: HelpdeskStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wb-hdstore-'));
    storage = new SqliteStorage(join(dir, 'state.db'));
    store = new HelpdeskStore(storage);
  });
  afterEach(() => {
    storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('transitions: assign, unassign, resolve, reopen; refusals leave the ticket as it was', () => {
    const open = sampleTicket();
    const assigned = applyOp(open, 'assign', A, 1);
    assert.ok(assigned.ok && assigned.ticket.status === 'assigned');
    const again = applyOp(assigned.ticket, 'assign', B, 2);
    assert.deepEqual([again.ok, !again.ok && again.reason], [false, 'alreadyAssigned']);
    assert.equal(again.ticket, assigned.ticket);
    const resolved = applyOp(assigned.ticket, 'resolve', B, 3, 'fixed');
    assert.ok(resolved.ok && resolved.ticket.resolutionNote === 'fixed');
    const reopened = applyOp(resolved.ticket, 'reopen', B, 4);
    assert.ok(reopened.ok && reopened.ticket.status === 'assigned' && !reopened.ticket.resolutionNote);
    assert.equal(applyOp(open, 'unassign', A, 5).ok, false);
    assert.deepEqual(
      reopened.ticket.history.map((h) => h.action),
      ['created', 'assigned', 'resolved', 'reopened'],
    );
  });

  it('one helpdesk per tenant: a change sees the one it replaces; removing deletes it', async () => {
    assert.equal(await put(store, channel('19:one', 'One')), undefined);
    assert.equal((await put(store, channel('19:two', 'Two')))?.channelName, 'One');
    assert.equal((await store.channel(TENANT))?.channelId, '19:two');
    const removed = await store.changeChannel(TENANT, (current) =>
      Promise.resolve({ remove: true as const, result: current?.channelName }),
    );
    assert.equal(removed, 'Two');
    assert.equal(await store.channel(TENANT), undefined);
    assert.equal(await store.channel('another-tenant'), undefined);
  });

  it('channel changes are compare-and-set: two at once on one instance, or on two, have one effect', async () => {
    // "Set it only if there is none", twice at once (two `helpdesk here` in two channels): one wins.
    const firstOnly = (c: HelpdeskChannel) =>
      store.changeChannel(TENANT, async (current) => {
        await new Promise((r) => setTimeout(r, 10)); // a Teams lookup in between
        return current ? { keep: true as const, result: false } : { write: c, result: true };
      });
    const first = await Promise.all([
      firstOnly(channel('19:one', 'One')),
      firstOnly(channel('19:two', 'Two')),
    ]);
    assert.deepEqual(first.sort(), [false, true]);
    // Two instances (their own gates, one storage) move it away from One at once: the second is
    // decided again on what the first wrote, and its rule (only away from One) keeps it out.
    const winner = (await store.channel(TENANT))?.channelId;
    const other = new HelpdeskStore(storage);
    const moveAwayFrom = (s: HelpdeskStore, from: string | undefined, to: HelpdeskChannel) =>
      s.changeChannel(TENANT, async (current) => {
        await new Promise((r) => setTimeout(r, 10));
        return current?.channelId === from
          ? { write: to, result: true }
          : { keep: true as const, result: false };
      });
    const moves = await Promise.all([
      moveAwayFrom(store, winner, channel('19:three', 'Three')),
      moveAwayFrom(other, winner, channel('19:four', 'Four')),
    ]);
    assert.deepEqual(moves.sort(), [false, true]);
    assert.ok(['19:three', '19:four'].includes((await store.channel(TENANT))?.channelId ?? ''));
  });

  it('ticket numbers per tenant are unique under concurrent escalations', async () => {
    await put(store, channel('19:one', 'One'));
    const draft = draftTicket();
    const created = await Promise.all(Array.from({ length: 12 }, () => store.create(draft)));
    assert.deepEqual(
      created.map((c) => (c.kind === 'created' ? c.ticket.number : 0)).sort((a, b) => a - b),
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
  });

  it('a double click (same claim, twice at once) creates one ticket', async () => {
    await put(store, channel('19:one', 'One'));
    const results = await Promise.all([
      store.create(draftTicket(), { claim: 'c1' }),
      store.create(draftTicket(), { claim: 'c1' }),
    ]);
    assert.deepEqual(results.map((r) => r.kind).sort(), ['created', 'duplicate']);
    const dup = results.find((r) => r.kind === 'duplicate');
    assert.ok(dup?.kind === 'duplicate' && dup.number === 1);
    assert.equal((await store.list(TENANT, () => true)).length, 1);
  });

  it('limits hold under concurrent escalations: open tickets per requester, new threads per tenant', async () => {
    await put(store, channel('19:one', 'One'));
    const limits = { openPerRequester: 2, threadsPerWindow: 5, windowMs: 600_000 };
    const draft = draftTicket();
    const mine = await Promise.all(
      Array.from({ length: 6 }, (_, i) => store.create(draft, { claim: `mine-${i}`, limits })),
    );
    assert.deepEqual(mine.map((r) => r.kind).sort(), [
      'created',
      'created',
      'openLimit',
      'openLimit',
      'openLimit',
      'openLimit',
    ]);
    const others = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        store.create(
          { ...draft, requester: { ...draft.requester, id: `29:other-${i}`, aadObjectId: `other-${i}` } },
          { claim: `other-${i}`, limits },
        ),
      ),
    );
    assert.equal(
      others.filter((r) => r.kind === 'created').length,
      3,
      'five new threads in the window in all',
    );
    assert.equal(others.filter((r) => r.kind === 'rateLimited').length, 3);
    // A resolved ticket frees its requester's place; the window moving on frees the tenant's.
    const first = mine.find((r) => r.kind === 'created');
    assert.ok(first?.kind === 'created');
    await store.apply(TENANT, first.ticket.number, 'resolve', A, 1);
    const later = { ...draft, createdAt: draft.createdAt + 600_001 };
    assert.equal((await store.create(later, { claim: 'mine-again', limits })).kind, 'created');
    // A ticket dropped because its card could not be posted frees its claim: Send on that card may try again.
    const index = others.findIndex((r) => r.kind === 'created');
    const dropped = others[index];
    assert.ok(dropped.kind === 'created');
    await store.remove(TENANT, dropped.ticket.number);
    const retried = await store.create(
      { ...later, requester: dropped.ticket.requester },
      { claim: `other-${index}`, limits },
    );
    assert.equal(retried.kind, 'created');
  });

  it('two agents assign at once: exactly one wins, the other sees who', async () => {
    await put(store, channel('19:one', 'One'));
    const draft = draftTicket();
    const created = await store.create(draft);
    assert.ok(created.kind === 'created');
    const ticket = created.ticket;
    const results = await Promise.all([
      store.apply(TENANT, ticket.number, 'assign', A, 1),
      store.apply(TENANT, ticket.number, 'assign', B, 1),
    ]);
    assert.equal(results.filter((r) => r.ok).length, 1);
    const loser = results.find((r) => !r.ok);
    assert.ok(loser && !loser.ok && loser.reason === 'alreadyAssigned');
    assert.ok('ticket' in loser && loser.ticket.assignee !== undefined);
  });

  it('lists open tickets of a tenant only', async () => {
    await put(store, channel('19:one', 'One'));
    const draft = draftTicket();
    const one = await store.create(draft);
    await store.create(draft);
    assert.ok(one.kind === 'created');
    await store.apply(TENANT, one.ticket.number, 'resolve', A, 1);
    const open = await store.list(TENANT, (t) => t.status !== 'resolved');
    assert.deepEqual(
      open.map((t) => t.number),
      [2],
    );
  });
});
