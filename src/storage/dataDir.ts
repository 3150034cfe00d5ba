import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { ErrorCodes } from '../core/errors';
import { StorageFault, storageFaultOf } from './storageFaults';

export const DIR_MODE = 0o700;
const FILE_MODE = 0o600;
/** @internal Exported for the tests as well. */
export const LOCK_FILE = 'writeback-bot.lock';

/** Creates DATA_DIR (0700) or checks the existing one is a directory, and tightens its mode. */
export function prepareDataDir(dir: string): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) {
    throw new StorageFault(ErrorCodes.STORAGE_DIR_UNUSABLE, dir, 'DATA_DIR exists and is not a directory');
  }
  try {
    mkdirSync(dir, { recursive: true, mode: DIR_MODE });
    chmodSync(dir, DIR_MODE);
  } catch (err) {
    throw (
      storageFaultOf(err, dir) ??
      new StorageFault(ErrorCodes.STORAGE_DIR_UNUSABLE, dir, String(err), { cause: err })
    );
  }
}

/**
 * Creates `file` with mode 0600 if it does not exist yet, and sets 0600 on it and on SQLite's
 * companions. SQLite creates `-wal`/`-shm` with the mode of the database file, so a database file
 * made here first keeps its companions private too; the chmod covers files made by older versions.
 */
export function ensurePrivateFile(file: string): void {
  try {
    closeSync(openSync(file, 'a', FILE_MODE));
    for (const path of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
      if (existsSync(path)) chmodSync(path, FILE_MODE);
    }
  } catch (err) {
    throw storageFaultOf(err, file) ?? err;
  }
}

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as { code?: string }).code === 'EPERM';
  }
}

function readPid(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined; // vanished or unreadable between the failed create and this read
  }
}

function tryCreate(path: string): boolean {
  try {
    const fd = openSync(path, 'wx', FILE_MODE);
    try {
      writeSync(fd, `${process.pid}\n`);
    } finally {
      closeSync(fd);
    }
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === 'EEXIST') return false;
    throw storageFaultOf(err, path) ?? err;
  }
}

/**
 * One process per DATA_DIR: its start-up recovery takes over every reminder another instance had
 * claimed, so a second process on the same files would steal the first one's deliveries. The lock
 * file holds the owner's pid; a lock whose pid is gone (a crash, kill -9) is stale and taken over.
 */
export function acquireDataDirLock(dir: string): DataDirLock {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    if (tryCreate(path)) {
      return {
        path,
        release: () => {
          if (readPid(path) === process.pid) unlinkSync(path);
        },
      };
    }
    const owner = readPid(path);
    if (owner !== undefined && owner !== process.pid && pidAlive(owner)) {
      throw new StorageFault(
        ErrorCodes.STORAGE_LOCKED,
        dir,
        `another writeback-bot (pid ${owner}) uses it; stop that one, or delete ${path} if no bot runs`,
      );
    }
    // Stale (dead pid, empty or garbled file): remove it and try once more; a racing starter
    // that wins the create makes our second attempt see a live pid and refuse.
    try {
      unlinkSync(path);
    } catch (err) {
      if ((err as { code?: string }).code !== 'ENOENT') throw storageFaultOf(err, path) ?? err;
    }
  }
  throw new StorageFault(ErrorCodes.STORAGE_LOCKED, dir, `could not take the lock file ${path}`);
}
