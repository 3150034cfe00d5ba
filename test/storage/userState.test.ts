import assert from 'node:assert/strict';
import {
  MemoryStorage,
  TestAdapter,
  TurnContext,
  type Activity,
  type Storage,
  type StoreItems,
} from 'botbuilder';
import { JsonCheckedUserState } from '../../src/storage/eTagConversationState';
import { SqliteStorage } from '../../src/storage/sqliteStorage';

const activity = {
  type: 'message',
  channelId: 'msteams',
  conversation: { id: 'a:conversation' },
  from: { id: 'u', name: 'User' },
  recipient: { id: 'b', name: 'Bot' },
} as Partial<Activity>;
const turn = (): TurnContext => new TurnContext(new TestAdapter(), { ...activity });

/** Counts the writes that reach the store. */
class CountingStorage implements Storage {
  writes: StoreItems[] = [];
  constructor(private readonly inner: Storage) {}
  read(keys: string[]) {
    return this.inner.read(keys);
  }
  write(changes: StoreItems) {
    this.writes.push(changes);
    return this.inner.write(changes);
  }
  delete(keys: string[]) {
    return this.inner.delete(keys);
  }
}

for (const [name, make] of [
  ['MemoryStorage', () => new MemoryStorage()],
  ['SqliteStorage', () => new SqliteStorage(':memory:')],
] as Array<[string, () => Storage]>) {
  describe(`JsonCheckedUserState on ${name} (the change check on the state's JSON)`, () => {
    it('writes a turn that changed the profile, and not one that only read it (the stored eTag is no change)', async () => {
      const storage = new CountingStorage(make());
      const users = new JsonCheckedUserState(storage);
      const language = users.createProperty<string>('language');
      const first = turn();
      await language.set(first, 'lv');
      await users.saveChanges(first);
      assert.equal(storage.writes.length, 1);

      const reading = turn();
      assert.equal(await language.get(reading), 'lv');
      await users.saveChanges(reading);
      assert.equal(storage.writes.length, 1, 'nothing changed: no write');

      const changing = turn();
      await language.set(changing, 'lt');
      await users.saveChanges(changing);
      await users.saveChanges(changing);
      assert.equal(storage.writes.length, 2, 'one write for the change, none for the second save');
      assert.equal(await language.get(turn()), 'lt');
    });

    it('a nested change is a change; clear and force write; delete removes the profile', async () => {
      const storage = new CountingStorage(make());
      const users = new JsonCheckedUserState(storage);
      const profile = users.createProperty<{ installs: string[] }>('profile');
      const first = turn();
      await profile.set(first, { installs: ['a'] });
      await users.saveChanges(first);
      const nested = turn();
      (await profile.get(nested))?.installs.push('b');
      await users.saveChanges(nested);
      assert.deepEqual((await profile.get(turn()))?.installs, ['a', 'b']);
      assert.equal(storage.writes.length, 2);

      const forced = turn();
      await users.load(forced);
      await users.saveChanges(forced, true);
      assert.equal(storage.writes.length, 3);
      const cleared = turn();
      await users.clear(cleared);
      await users.saveChanges(cleared);
      assert.equal(await profile.get(turn()), undefined);

      const deleting = turn();
      await profile.set(deleting, { installs: ['c'] });
      await users.saveChanges(deleting);
      await users.delete(turn());
      assert.equal(await profile.get(turn()), undefined);
    });
  });
}
