import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import Database from 'better-sqlite3';
import { RowCache } from '../../src/storage/rowCache';
import { SqliteStorage } from '../../src/storage/sqliteStorage';

describe('SqliteStorage', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wb-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads back what it wrote, with an eTag, across a reopen of the file', async () => {
    const file = join(dir, 'state.db');
    const first = new SqliteStorage(file);
    await first.write({ 'msteams/conversations/a': { step: 3, nested: { ok: true } } });
    first.close();
    const second = new SqliteStorage(file);
    const items = await second.read(['msteams/conversations/a', 'missing']);
    second.close();
    const item = items['msteams/conversations/a'] as { step: number; nested: { ok: boolean }; eTag: string };
    assert.equal(item.step, 3);
    assert.deepEqual(item.nested, { ok: true });
    assert.equal(typeof item.eTag, 'string');
    assert.equal(items.missing, undefined);
  });

  it('refuses a write with a stale eTag and keeps the newer value', async () => {
    const storage = new SqliteStorage(join(dir, 'state.db'));
    await storage.write({ k: { v: 1 } });
    const { k } = (await storage.read(['k'])) as { k: { v: number; eTag: string } };
    await storage.write({ k: { v: 2, eTag: k.eTag } });
    await assert.rejects(storage.write({ k: { v: 3, eTag: k.eTag } }), /eTag conflict/);
    const after = (await storage.read(['k'])) as { k: { v: number } };
    assert.equal(after.k.v, 2);
    storage.close();
  });

  it("'*' and a missing eTag overwrite; a failed batch writes nothing", async () => {
    const storage = new SqliteStorage(join(dir, 'state.db'));
    await storage.write({ a: { v: 1 }, b: { v: 1 } });
    await storage.write({ a: { v: 2, eTag: '*' } });
    const { b } = (await storage.read(['b'])) as { b: { eTag: string } };
    await storage.write({ b: { v: 9, eTag: b.eTag } });
    await assert.rejects(storage.write({ a: { v: 3 }, b: { v: 10, eTag: b.eTag } }), /eTag conflict/);
    const items = (await storage.read(['a', 'b'])) as Record<string, { v: number }>;
    assert.equal(items.a.v, 2, 'the batch is all or nothing');
    assert.equal(items.b.v, 9);
    storage.close();
  });

  it('deletes keys', async () => {
    const storage = new SqliteStorage(join(dir, 'state.db'));
    await storage.write({ a: { v: 1 } });
    await storage.delete(['a', 'never-there']);
    assert.deepEqual(await storage.read(['a']), {});
    storage.close();
  });

  it('always reads what the file holds, through any mix of writes, refused writes and deletes (its row cache)', async () => {
    const file = join(dir, 'state.db');
    const storage = new SqliteStorage(file);
    const keys = ['a', 'b', 'c', 'd'];
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('write' as const),
        items: fc.uniqueArray(fc.constantFrom(...keys), { minLength: 1 }),
        v: fc.integer(),
        stale: fc.boolean(),
      }),
      fc.record({
        kind: fc.constant('delete' as const),
        items: fc.uniqueArray(fc.constantFrom(...keys), { minLength: 1 }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 12 }), async (ops) => {
        await storage.delete(keys);
        for (const o of ops) {
          const current = await storage.read(keys);
          if (o.kind === 'delete') await storage.delete(o.items);
          else {
            const changes = Object.fromEntries(
              o.items.map((key) => {
                const eTag = (current[key] as { eTag?: string } | undefined)?.eTag;
                return [key, { v: o.v, eTag: o.stale && eTag ? `${eTag}-stale` : eTag }];
              }),
            );
            await storage.write(changes).catch((err: Error) => assert.match(err.message, /eTag conflict/));
          }
          const fromFile = new SqliteStorage(file);
          try {
            assert.deepEqual(await storage.read(keys), await fromFile.read(keys));
          } finally {
            fromFile.close();
          }
        }
      }),
      { numRuns: 60 },
    );
    storage.close();
  });

  it('reads back more rows than it keeps in memory', async () => {
    const storage = new SqliteStorage(join(dir, 'state.db'));
    const keys = Array.from({ length: 5000 }, (_, i) => `k${i}`);
    await storage.write(Object.fromEntries(keys.map((key, i) => [key, { i }])));
    const items = (await storage.read(keys)) as Record<string, { i: number }>;
    assert.deepEqual(
      keys.map((key) => items[key].i),
      keys.map((_, i) => i),
    );
    storage.close();
  });

  it('reads a key first written, or written by a scan-sized read, from the file; a refused write and close forget', async () => {
    const db = new Database(':memory:');
    const storage = new SqliteStorage(db);
    const sneak = (key: string, value: object) =>
      db
        .prepare('UPDATE bot_state SET value = ?, etag = ? WHERE key = ?')
        .run(JSON.stringify(value), 'x', key);
    // A key first written is not held: its next read (the health probe's read-back) asks the file.
    await storage.write({ probe: { at: 1 } });
    sneak('probe', { at: 2 });
    assert.equal(((await storage.read(['probe'])).probe as { at: number }).at, 2);
    // A held row whose write is refused is dropped: the next read asks the file again.
    sneak('probe', { at: 3 });
    await assert.rejects(storage.write({ probe: { at: 4, eTag: 'stale' } }), /eTag conflict/);
    assert.equal(((await storage.read(['probe'])).probe as { at: number }).at, 3);
    // A read of many keys (a scan) serves what is held and holds nothing new.
    const many = Array.from({ length: 10 }, (_, i) => `k${i}`);
    await storage.write(Object.fromEntries(many.map((key) => [key, { v: 1 }])));
    await storage.read(many);
    sneak('k0', { v: 2 });
    assert.equal(((await storage.read(['k0'])).k0 as { v: number }).v, 2);
    storage.close();
    await assert.rejects(storage.read(['probe']), /not open/);
  });
});

describe('RowCache', () => {
  it('is bounded by rows, by characters and by the size of one row, least recently used out first', () => {
    const cache = new RowCache({ rows: 3, chars: 10, rowChars: 6 });
    const row = (value: string) => ({ value, etag: 'e' });
    cache.set('a', row('aaaa'));
    cache.set('b', null);
    cache.set('c', row('cccc'));
    assert.deepEqual(cache.size, { rows: 3, chars: 8 });
    cache.get('a'); // a is now the most recently used: b goes first
    cache.set('d', row('dd'));
    assert.deepEqual(
      [cache.has('a'), cache.has('b'), cache.has('c'), cache.has('d')],
      [true, false, true, true],
    );
    cache.set('e', row('eeeee')); // four rows, then 11 characters: c, then a, leave
    assert.deepEqual(
      [cache.has('a'), cache.has('c'), cache.has('d'), cache.has('e')],
      [false, false, true, true],
    );
    assert.deepEqual(cache.size, { rows: 2, chars: 7 });
    cache.set('d', row('toolong')); // longer than one row may be: not held, and the old d forgotten
    assert.equal(cache.has('d'), false);
    assert.deepEqual(cache.size, { rows: 1, chars: 5 });
    cache.drop('e');
    assert.deepEqual(cache.size, { rows: 0, chars: 0 });
  });
});
