import type { KeyValueStorage, StoreItems } from './keyValueStorage';

/** One state's item for this turn's save: `conditional` when it carries the eTag it was read with. */
export interface PendingWrite {
  readonly key: string;
  readonly item: Record<string, unknown>;
  /** The item's JSON without its eTag: the state's next change check once written. */
  readonly json: string;
  readonly conditional: boolean;
}

/** A bot state that can hand its turn's changes over, so that several states are saved in one write. */
export interface TurnStateWriter<Context> {
  readonly store: KeyValueStorage;
  /** The item a save would write now, or undefined when nothing changed. */
  pendingWrite(context: Context): PendingWrite | undefined;
  /** Called once the store took the item. */
  markWritten(context: Context, pending: PendingWrite): void;
}

/**
 * Saves the turn's changes of `states` (the conversation state and the user state) as ONE write per
 * store. On the SQLite store one write is one transaction, so they are saved together or not at all
 * (a full disk or a read-only file never leaves one written and the other not). Blob Storage has no
 * multi-blob transaction: there BlobsStorage writes the items separately (at the same time), so a conflict
 * of the conversation state does not hold back the user state's write. States on different stores (the app
 * has one) are written store after store, none marked written until all are: they are not atomic either.
 *
 * The store's own refusal (an eTag conflict, Azure's 404 for a deleted blob) is thrown as it came:
 * `saveConversationState` (src/storage/eTagConversationState.ts) turns it into a conflict.
 */
export async function saveTogether<Context>(
  context: Context,
  states: readonly TurnStateWriter<Context>[],
): Promise<void> {
  const pending = states.map((state) => state.pendingWrite(context));
  const writes = new Map<KeyValueStorage, StoreItems>();
  states.forEach((state, i) => {
    const item = pending[i];
    if (!item) return;
    const changes = writes.get(state.store) ?? {};
    changes[item.key] = item.item;
    writes.set(state.store, changes);
  });
  for (const [store, changes] of writes) await store.write(changes);
  states.forEach((state, i) => {
    const item = pending[i];
    if (item) state.markWritten(context, item);
  });
}
