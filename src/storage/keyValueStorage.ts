/** Items by key, each an object that may carry an `eTag` (structurally botbuilder's StoreItems). */
export interface StoreItems {
  [key: string]: unknown;
}

/**
 * The shape of botbuilder's `Storage` (MemoryStorage, BlobsStorage, SqliteStorage), declared here
 * so the layers below the bot need no botbuilder import. Items carry an `eTag` property: writing an
 * item whose eTag is stale fails with an error whose message says "eTag conflict"; no eTag or `*`
 * writes unconditionally.
 */
export interface KeyValueStorage {
  read(keys: string[]): Promise<StoreItems>;
  write(changes: StoreItems): Promise<void>;
  delete(keys: string[]): Promise<void>;
  /**
   * Leaves nothing of deleted items on disk (SQLite: the write-ahead log checkpointed and truncated;
   * deleted rows are zeroed by `secure_delete`). Storages that delete for good (Blob) have none.
   */
  scrub?(): Promise<void>;
}
