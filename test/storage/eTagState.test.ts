import assert from 'node:assert/strict';
import sinon from 'sinon';
import { MemoryStorage, TestAdapter, TurnContext, type Activity, type Storage } from 'botbuilder';
import {
  ETagConversationState,
  isStateConflict,
  JsonCheckedUserState,
  saveConversationState,
} from '../../src/storage/eTagConversationState';
import { SqliteStorage } from '../../src/storage/sqliteStorage';
import { KeyedLock } from '../../src/turn/turnLock';
import { saveTogether } from '../../src/storage/turnBatch';

const activity = {
  type: 'message',
  channelId: 'msteams',
  conversation: { id: 'a:conversation' },
  from: { id: 'u', name: 'User' },
  recipient: { id: 'b', name: 'Bot' },
} as Partial<Activity>;
const turn = (): TurnContext => new TurnContext(new TestAdapter(), { ...activity });

for (const [name, make] of [
  ['MemoryStorage', () => new MemoryStorage()],
  ['SqliteStorage', () => new SqliteStorage(':memory:')],
] as Array<[string, () => Storage]>) {
  describe(`ETagConversationState on ${name}`, () => {
    it('of two turns that read the same state, the later save fails and the earlier one is kept', async () => {
      const storage = make();
      const state = new ETagConversationState(storage);
      const seed = turn();
      await state.load(seed);
      await state.createProperty<number>('step').set(seed, 1);
      await state.saveChanges(seed);

      const first = turn();
      const second = turn();
      const step = state.createProperty<number>('step');
      assert.equal(await step.get(first), 1);
      assert.equal(await step.get(second), 1);
      await step.set(first, 2);
      await step.set(second, 2);
      await state.saveChanges(first);
      await assert.rejects(state.saveChanges(second), (err) => isStateConflict(err));

      const after = turn();
      assert.equal(await step.get(after), 2);
      const key = state.getStorageKey(after) as string;
      assert.equal(((await storage.read([key]))[key] as { step?: number }).step, 2);
    });

    it('an unchanged state is not written, and a later turn reads what was saved', async () => {
      const storage = make();
      const state = new ETagConversationState(storage);
      const a = turn();
      await state.createProperty<string>('x').set(a, 'kept');
      await state.saveChanges(a);
      // Keys JSON orders its own way and text it escapes: read back, the state is still unchanged.
      await state.createProperty('odd').set(a, { b: 1, '10': [1.5, -0, 1e21], '2': '\ud800 ☃ "q"' });
      await state.saveChanges(a);
      const b = turn();
      assert.equal(await state.createProperty<string>('x').get(b), 'kept');
      const writes = sinon.spy(storage, 'write');
      await state.saveChanges(b); // no change: no write, no conflict
      assert.equal(writes.callCount, 0, 'an unchanged state is not written');
      writes.restore();
      await state.delete(b);
      await state.saveChanges(b); // an uninstall turn ends with a save: the state stays deleted
      const key = state.getStorageKey(b) as string;
      assert.deepEqual(await storage.read([key]), {});
    });
  });
}

describe('saveConversationState', () => {
  it('reports a conflict to the turn instead of failing it, and keeps the earlier state', async () => {
    const state = new ETagConversationState(new MemoryStorage());
    const step = state.createProperty<string>('step');
    const seed = turn();
    await step.set(seed, 'start');
    await state.saveChanges(seed);
    const [first, second] = [turn(), turn()];
    await step.set(first, 'first');
    await step.set(second, 'second');
    const conflicts: string[] = [];
    const onConflict = (err: { code: string }) => {
      conflicts.push(err.code);
      return Promise.resolve();
    };
    await saveConversationState(first, state, () => state.saveChanges(first, false), onConflict);
    await saveConversationState(second, state, () => state.saveChanges(second, false), onConflict);
    assert.deepEqual(conflicts, ['WB-STO-409']);
    assert.equal(await step.get(turn()), 'first');
  });

  it('reports a conflict of a turn saved together (both states in one write) the same way', async () => {
    const storage = new MemoryStorage();
    const state = new ETagConversationState(storage);
    const users = new JsonCheckedUserState(storage);
    const step = state.createProperty<string>('step');
    const seen = users.createProperty<number>('seen');
    const seed = turn();
    await step.set(seed, 'start');
    await state.saveChanges(seed);
    const [first, second] = [turn(), turn()];
    await step.set(first, 'first');
    await step.set(second, 'second');
    await seen.set(second, 2);
    const conflicts: string[] = [];
    const onConflict = (err: { code: string }) => {
      conflicts.push(err.code);
      return Promise.resolve();
    };
    const saveBoth = (context: TurnContext) => () => saveTogether(context, [state, users]);
    await saveConversationState(first, state, saveBoth(first), onConflict);
    await saveConversationState(second, state, saveBoth(second), onConflict);
    assert.deepEqual(conflicts, ['WB-STO-409']);
    assert.equal(await step.get(turn()), 'first');
  });

  it("reports a conditional write saved together that meets a deleted item (Azure's 404) as a conflict, other errors not", async () => {
    const inner = new MemoryStorage();
    let refusal: Error | undefined;
    const refusing: Storage = {
      read: (keys) => inner.read(keys),
      delete: (keys) => inner.delete(keys),
      write: (changes) => (refusal ? Promise.reject(refusal) : inner.write(changes)),
    };
    const state = new ETagConversationState(refusing);
    const users = new JsonCheckedUserState(refusing);
    const step = state.createProperty<string>('step');
    const seed = turn();
    await step.set(seed, 'start');
    await state.saveChanges(seed);
    const conflicts: string[] = [];
    const onConflict = (err: { code: string }) => {
      conflicts.push(err.code);
      return Promise.resolve();
    };
    const save = async (message: string, error: Error) => {
      const context = turn();
      await step.set(context, message);
      refusal = error;
      const write = () => saveTogether(context, [state, users]);
      await saveConversationState(context, state, write, onConflict);
    };
    await save('after an uninstall', Object.assign(new Error('BlobNotFound'), { statusCode: 404 }));
    assert.deepEqual(conflicts, ['WB-STO-409']);
    await assert.rejects(save('disk full', Object.assign(new Error('full'), { statusCode: 507 })), /full/);
    assert.deepEqual(conflicts, ['WB-STO-409']);
  });
});

describe('KeyedLock', () => {
  it('runs work of one key one after another, other keys side by side, and forgets idle keys', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const work = (tag: string, ms: number) => async () => {
      log.push(`${tag}>`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`<${tag}`);
    };
    await Promise.all([
      lock.run('k', work('a', 30)),
      lock.run('k', work('b', 1)),
      lock.run('j', work('c', 1)),
    ]);
    assert.deepEqual(log.indexOf('b>') > log.indexOf('<a'), true, log.join(' '));
    assert.ok(log.indexOf('<c') < log.indexOf('<a'), 'another key does not wait');
    await new Promise((r) => setImmediate(r));
    assert.equal(lock.size, 0);
  });

  it('a turn stuck behind a hung one gives up with WB-TURN-409; the turns behind it keep their order', async () => {
    const lock = new KeyedLock(50);
    let finishHung!: () => void;
    const hung = lock.run('k', () => new Promise<void>((resolve) => (finishHung = resolve)));
    const order: string[] = [];
    const waiting = lock.run('k', () => Promise.resolve(order.push('waiting')));
    await assert.rejects(waiting, (err) => (err as { code?: string }).code === 'WB-TURN-409');
    const next = lock.run('k', () => Promise.resolve(order.push('next')));
    await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(order, [], 'nothing overtakes the running turn');
    finishHung();
    await hung;
    await next;
    assert.deepEqual(order, ['next']);
    await new Promise((r) => setImmediate(r));
    assert.equal(lock.size, 0);
  });

  it('a failing turn releases the key for the next one', async () => {
    const lock = new KeyedLock();
    await assert.rejects(lock.run('k', () => Promise.reject(new Error('boom'))));
    assert.equal(await lock.run('k', () => Promise.resolve(7)), 7);
    await new Promise((r) => setImmediate(r));
    assert.equal(lock.size, 0);
  });
});
