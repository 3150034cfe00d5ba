import { ATTRIBUTES, SPANS } from './names';
import { telemetryEnabled } from './port';
import { withSpan } from './tracing';

/** botbuilder's Storage, structurally (src/telemetry stays free of botbuilder). */
interface StorageLike {
  read(keys: string[]): Promise<Record<string, unknown>>;
  write(changes: Record<string, unknown>): Promise<void>;
  delete(keys: string[]): Promise<void>;
}

/**
 * Storage whose reads, writes and deletes are spans (with how many keys, never the keys: they name
 * conversations and users). The storage itself is returned unchanged when telemetry is off.
 */
export function tracedStorage<S extends StorageLike>(storage: S): S {
  if (!telemetryEnabled()) return storage;
  const keys = (n: number) => ({ [ATTRIBUTES.storageKeys]: n });
  const traced: StorageLike = {
    read: (k) => withSpan(SPANS.storageRead, keys(k.length), () => storage.read(k), 'client'),
    write: (c) => withSpan(SPANS.storageWrite, keys(Object.keys(c).length), () => storage.write(c), 'client'),
    delete: (k) => withSpan(SPANS.storageDelete, keys(k.length), () => storage.delete(k), 'client'),
  };
  return Object.assign(Object.create(storage) as S, traced);
}
