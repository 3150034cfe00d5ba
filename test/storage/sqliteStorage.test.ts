import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
});
