import { BotError, ErrorCodes } from '../core/errors';

/** The storage fault codes: each says what is wrong with the disk or the file, not which call failed. */
export type StorageFaultCode =
  | typeof ErrorCodes.STORAGE_DIR_UNUSABLE
  | typeof ErrorCodes.STORAGE_LOCKED
  | typeof ErrorCodes.STORAGE_READ_ONLY
  | typeof ErrorCodes.STORAGE_FULL
  | typeof ErrorCodes.STORAGE_CORRUPT
  | typeof ErrorCodes.STORAGE_UNAVAILABLE;

const WHAT: Record<StorageFaultCode, string> = {
  [ErrorCodes.STORAGE_DIR_UNUSABLE]: 'the data directory cannot be used',
  [ErrorCodes.STORAGE_LOCKED]: 'the data directory is in use by another process',
  [ErrorCodes.STORAGE_READ_ONLY]: 'storage is read-only',
  [ErrorCodes.STORAGE_FULL]: 'storage is full',
  [ErrorCodes.STORAGE_CORRUPT]: 'the database file is corrupt or not a database',
  [ErrorCodes.STORAGE_UNAVAILABLE]: 'storage is unavailable',
};

/**
 * A storage failure with a stable WB-STO code and the path it concerns. Its message is one line:
 * `<ErrorCodes.STORAGE_FULL> storage is full: /data/bot-state.db (SQLITE_FULL: database or disk is full)`.
 */
export class StorageFault extends BotError {
  constructor(
    readonly faultCode: StorageFaultCode,
    readonly path: string,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(faultCode, `${faultCode} ${WHAT[faultCode]}: ${path} (${detail})`, options);
    this.name = 'StorageFault';
  }
}

/** SQLite result codes (better-sqlite3's `err.code`, extended codes included) and Node fs codes. */
function codeFor(raw: string): StorageFaultCode | undefined {
  if (raw.startsWith('SQLITE_READONLY') || raw === 'EROFS') return ErrorCodes.STORAGE_READ_ONLY;
  if (raw === 'SQLITE_FULL' || raw === 'ENOSPC' || raw === 'EDQUOT') return ErrorCodes.STORAGE_FULL;
  if (raw.startsWith('SQLITE_CORRUPT') || raw === 'SQLITE_NOTADB') return ErrorCodes.STORAGE_CORRUPT;
  // EEXIST: mkdir found a file where the directory should be.
  if (raw === 'ENOTDIR' || raw === 'EISDIR' || raw === 'EEXIST') return ErrorCodes.STORAGE_DIR_UNUSABLE;
  if (
    raw.startsWith('SQLITE_CANTOPEN') ||
    raw.startsWith('SQLITE_IOERR') ||
    raw.startsWith('SQLITE_PERM') ||
    raw === 'EACCES' ||
    raw === 'EPERM' ||
    raw === 'EIO'
  )
    return ErrorCodes.STORAGE_UNAVAILABLE;
  return undefined;
}

function rawCodeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The StorageFault for `err` (as thrown by better-sqlite3 or fs), or undefined when it is no storage fault. */
export function storageFaultOf(err: unknown, path: string): StorageFault | undefined {
  if (err instanceof StorageFault) return err;
  const raw = rawCodeOf(err);
  const code = raw ? codeFor(raw) : undefined;
  if (!code || !raw) return undefined;
  const message = err instanceof Error ? err.message : String(err);
  return new StorageFault(code, path, `${raw}: ${message}`, { cause: err });
}

/** Runs `fn`; a storage failure comes out as a StorageFault naming `path`, anything else unchanged. */
export function guardStorage<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw storageFaultOf(err, path) ?? err;
  }
}

/**
 * The storage fault code somewhere in an error's cause chain (the scheduler wraps SQLite errors),
 * or undefined. Bounded: a cause chain is a handful of links, never a cycle walked forever.
 */
export function storageFaultCodeIn(err: unknown): StorageFaultCode | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (current instanceof StorageFault) return current.faultCode;
    const raw = rawCodeOf(current);
    const code = raw ? codeFor(raw) : undefined;
    if (code) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
