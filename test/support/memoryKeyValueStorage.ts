import type { KeyValueStorage, StoreItems } from '../../src/storage/keyValueStorage';

/**
 * In-memory storage with BlobsStorage's eTag rules: an item written with a stale eTag, or with an
 * eTag for an item that no longer exists, fails with "eTag conflict"; no eTag or `*` overwrites.
 * Values are JSON-copied, as a real store would. botbuilder's MemoryStorage lets such a write through,
 * and has no `beforeWrite` hook: tests of eTag races use this one.
 */
export class MemoryKeyValueStorage implements KeyValueStorage {
  private readonly items = new Map<string, { json: string; eTag: string }>();
  private nextETag = 1;
  /** Called before each write of a key; a test may throw here to simulate a failing store. */
  beforeWrite: ((key: string) => void | Promise<void>) | undefined;

  read(keys: string[]): Promise<StoreItems> {
    const found: StoreItems = {};
    for (const key of keys) {
      const item = this.items.get(key);
      if (item) found[key] = { ...(JSON.parse(item.json) as object), eTag: item.eTag };
    }
    return Promise.resolve(found);
  }

  async write(changes: StoreItems): Promise<void> {
    for (const [key, change] of Object.entries(changes)) {
      await this.beforeWrite?.(key);
      const { eTag, ...value } = (change ?? {}) as { eTag?: unknown };
      const existing = this.items.get(key);
      if (typeof eTag === 'string' && eTag !== '*' && existing?.eTag !== eTag) {
        throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
      }
      this.items.set(key, { json: JSON.stringify(value), eTag: `"${this.nextETag++}"` });
    }
  }

  delete(keys: string[]): Promise<void> {
    for (const key of keys) this.items.delete(key);
    return Promise.resolve();
  }

  /** Keys currently stored, for assertions. */
  keys(): string[] {
    return [...this.items.keys()];
  }
}
