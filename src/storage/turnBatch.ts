import { AsyncLocalStorage } from 'node:async_hooks';
import type { KeyValueStorage, StoreItems } from './keyValueStorage';

/** Writes collected per storage while `writeTogether` runs; one map per call, so turns never mix. */
const batches = new AsyncLocalStorage<Map<BatchingStorage, StoreItems>>();

/**
 * Passes every call through to `inner`, except writes made inside `writeTogether`: those are
 * collected and handed to `inner` as ONE write when the callback is done. On the SQLite store one
 * write is one transaction, so a turn's conversation state and user state are saved together or
 * not at all (a full disk or a read-only file never leaves one written and the other not).
 * Blob Storage has no multi-blob transaction: there the items are written one after another.
 */
export class BatchingStorage implements KeyValueStorage {
  constructor(readonly inner: KeyValueStorage) {}

  read(keys: string[]): Promise<StoreItems> {
    return this.inner.read(keys);
  }

  write(changes: StoreItems): Promise<void> {
    const batch = batches.getStore();
    if (!batch) return this.inner.write(changes);
    batch.set(this, { ...batch.get(this), ...changes });
    return Promise.resolve();
  }

  delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }

  async scrub(): Promise<void> {
    await this.inner.scrub?.();
  }
}

/** Runs `saves` (e.g. both BotState.saveChanges of a turn) and commits what they wrote as one write per storage. */
export async function writeTogether(saves: () => Promise<void>): Promise<void> {
  const batch = new Map<BatchingStorage, StoreItems>();
  await batches.run(batch, saves);
  for (const [storage, changes] of batch) await storage.inner.write(changes);
}
