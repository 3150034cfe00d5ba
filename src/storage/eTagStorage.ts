import type { KeyValueStorage } from './keyValueStorage';

/** A stored item and the eTag it was read with. */
export interface Versioned<T> {
  value: T;
  eTag?: string;
}

/** botbuilder storages report a stale eTag as a plain Error that says "eTag conflict". */
export function isETagConflict(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { message, statusCode } = err as { message?: unknown; statusCode?: unknown };
  return statusCode === 412 || (typeof message === 'string' && /etag conflict/i.test(message));
}

/** Reads one item; `parse` turns the stored JSON into T or undefined when it is not a T. */
export async function readItem<T>(
  storage: KeyValueStorage,
  key: string,
  parse: (raw: unknown) => T | undefined,
): Promise<Versioned<T> | undefined> {
  const items = await storage.read([key]);
  const raw = items[key];
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { eTag, ...rest } = raw as { eTag?: unknown };
  const value = parse(rest);
  if (value === undefined) return undefined;
  return typeof eTag === 'string' && eTag !== '*' ? { value, eTag } : { value };
}

/**
 * Writes `value` only if the stored item still has `eTag` (no eTag: unconditional). Returns false
 * on a conflict, so callers decide whether to re-read and retry.
 */
export async function writeIfMatch<T extends object>(
  storage: KeyValueStorage,
  key: string,
  value: T,
  eTag: string | undefined,
): Promise<boolean> {
  try {
    await storage.write({ [key]: eTag ? { ...value, eTag } : { ...value } });
    return true;
  } catch (err) {
    if (isETagConflict(err)) return false;
    // A conditional write to an item deleted meanwhile: Azure answers 404 rather than 412.
    if (eTag && (err as { statusCode?: unknown }).statusCode === 404) return false;
    throw err;
  }
}

export type UpdateDecision<T> = { write: T } | { delete: true } | { keep: true };

/**
 * Optimistic read-modify-write: re-reads and re-applies `decide` after each eTag conflict.
 * Returns the value that ended up stored (or undefined when deleted / absent).
 */
export async function updateItem<T extends object>(
  storage: KeyValueStorage,
  key: string,
  parse: (raw: unknown) => T | undefined,
  decide: (current: T | undefined) => UpdateDecision<T>,
  maxTries = 8,
): Promise<{ value: T | undefined; changed: boolean }> {
  for (let attempt = 1; attempt <= maxTries; attempt++) {
    const current = await readItem(storage, key, parse);
    const decision = decide(current?.value);
    if ('keep' in decision) return { value: current?.value, changed: false };
    if ('delete' in decision) {
      await storage.delete([key]);
      return { value: undefined, changed: current !== undefined };
    }
    if (await writeIfMatch(storage, key, decision.write, current?.eTag)) {
      return { value: decision.write, changed: true };
    }
  }
  throw new Error(`Storage: gave up updating "${key}" after ${maxTries} eTag conflicts`);
}
