import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { BotError, ErrorCodes } from '../core/errors';
import { DIR_MODE, ensurePrivateFile } from './dataDir';
import { jsonWithoutETag, rememberReadJson } from './knownJson';
import { RowCache, type CachedRow } from './rowCache';
import { guardStorage } from './storageFaults';
import type { KeyValueStorage, StoreItems } from './keyValueStorage';

interface Row {
  key: string;
  value: string;
  etag: string;
}

/** A read of more keys than this (a scan) reads through the cache without filling it. */
const TURN_READ_KEYS = 4;

/**
 * Bot state on embedded SQLite (WAL). Optimistic concurrency as botbuilder's stores do it: a write whose
 * item carries an eTag other than '*' succeeds only if the stored eTag is the same; a conflict throws an
 * error whose message says "eTag conflict" (as MemoryStorage and BlobsStorage do).
 *
 * Reads are served from a bounded cache of rows (src/storage/rowCache.ts; a turn reads three: its
 * conversation state, user state and conversation reference). That is sound because this object is the
 * file's only writer: the data directory's lock (src/storage/dataDir.ts) keeps other bot processes out,
 * and nothing else in the process writes the table. The rules:
 * - a read of a few keys fills the cache with what the file held (a scan of many keys does not);
 * - a committed write updates the rows the cache holds, and only those: a key first written is read
 *   from the file the next time (so the health probe's read-back reads the file);
 * - a write that throws (a conflict, a fault) drops its keys, and so does a delete; close empties it.
 */
export class SqliteStorage implements KeyValueStorage {
  private readonly db: Database.Database;
  /** Named in every storage fault (WB-STO-…) this store reports. */
  readonly path: string;
  private selectOne!: Database.Statement<[string], Row>;
  private upsert!: Database.Statement<[string, string, string]>;
  private updateIfMatch!: Database.Statement<[string, string, string, string]>;
  private insertNew!: Database.Statement<[string, string, string]>;
  private remove!: Database.Statement<[string]>;
  private etagCounter = 0;
  private readonly rows = new RowCache();
  /** Made once: better-sqlite3 builds a new wrapper function on every `db.transaction()` call. */
  private writeAll!: (changes: StoreItems) => Row[];
  private deleteAll!: (keys: string[]) => void;

  /** A file path (created 0600, WAL), or an open better-sqlite3 database (tests inject faults this way). */
  constructor(file: string | Database.Database) {
    this.path = typeof file === 'string' ? file : file.name;
    this.db = guardStorage(this.path, () => {
      if (typeof file !== 'string') return file;
      if (file !== ':memory:') {
        mkdirSync(dirname(file), { recursive: true, mode: DIR_MODE });
        ensurePrivateFile(file);
      }
      return new Database(file);
    });
    try {
      guardStorage(this.path, () => this.init());
    } catch (err) {
      if (typeof file === 'string') this.db.close();
      throw err;
    }
  }

  private init(): void {
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    // Deleted rows are overwritten with zeros, not left in free pages (uninstall leaves nothing on disk).
    this.db.pragma('secure_delete = ON');
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS bot_state (key TEXT PRIMARY KEY, value TEXT NOT NULL, etag TEXT NOT NULL)',
    );
    this.selectOne = this.db.prepare('SELECT key, value, etag FROM bot_state WHERE key = ?');
    this.upsert = this.db.prepare(
      'INSERT INTO bot_state (key, value, etag) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, etag = excluded.etag',
    );
    this.updateIfMatch = this.db.prepare(
      'UPDATE bot_state SET value = ?, etag = ? WHERE key = ? AND etag = ?',
    );
    this.insertNew = this.db.prepare('INSERT OR IGNORE INTO bot_state (key, value, etag) VALUES (?, ?, ?)');
    this.remove = this.db.prepare('DELETE FROM bot_state WHERE key = ?');
    this.writeAll = this.db.transaction((changes: StoreItems) =>
      Object.entries(changes).map(([key, item]) => this.writeOne(key, item)),
    );
    this.deleteAll = this.db.transaction((keys: string[]) => {
      for (const key of keys) this.remove.run(key);
    });
  }

  read(keys: string[]): Promise<StoreItems> {
    return this.settle(() => {
      const items: StoreItems = {};
      const fill = keys.length <= TURN_READ_KEYS;
      for (const key of keys) {
        const row = this.rowOf(key, fill);
        if (!row) continue;
        // JSON.parse makes a fresh object; writeOne stores an object's JSON, so `parsed` is one.
        const parsed = JSON.parse(row.value) as unknown;
        const item: Record<string, unknown> =
          parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
            ? (parsed as Record<string, unknown>)
            : { ...(parsed as object) };
        // Only a state's load takes the text back, and states are read a key at a time, never by a scan.
        if (fill) rememberReadJson(item, row.value);
        item.eTag = row.etag;
        items[key] = item;
      }
      return items;
    });
  }

  /** All changes in one transaction: either every item is written or none is. */
  write(changes: StoreItems): Promise<void> {
    return this.settle(() => {
      let written: Row[];
      try {
        written = this.writeAll(changes);
      } catch (err) {
        for (const key of Object.keys(changes)) this.rows.drop(key);
        throw err;
      }
      // Committed: the rows the cache holds show what was written.
      for (const row of written) if (this.rows.has(row.key)) this.rows.set(row.key, row);
    });
  }

  delete(keys: string[]): Promise<void> {
    return this.settle(() => {
      try {
        this.deleteAll(keys);
      } finally {
        // Even when the delete failed part-way, the next read asks the file.
        for (const key of keys) this.rows.drop(key);
      }
    });
  }

  /** Copies the write-ahead log into the database and truncates it: no earlier page images stay in `-wal`. */
  scrub(): Promise<void> {
    return this.settle(() => {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    });
  }

  /** Closes the database; SQLite checkpoints the WAL into the main file and removes `-wal`/`-shm`. */
  close(): void {
    this.rows.clear();
    if (this.db.open) this.db.close();
  }

  /** Runs a synchronous SQLite call as a promise; storage faults become WB-STO errors naming the file. */
  private settle<T>(fn: () => T): Promise<T> {
    try {
      return Promise.resolve(guardStorage(this.path, fn));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  private rowOf(key: string, fill: boolean): CachedRow | undefined {
    const cached = this.rows.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const row = this.selectOne.get(key);
    if (fill) this.rows.set(key, row ?? null);
    return row;
  }

  private writeOne(key: string, item: unknown): Row {
    if (item === null || typeof item !== 'object') {
      throw new BotError(ErrorCodes.STORAGE_FAILED, `Storage: item "${key}" is not an object`);
    }
    const eTag = (item as { eTag?: string | null }).eTag;
    const value = jsonWithoutETag(item);
    const next = this.nextEtag();
    if (eTag === undefined || eTag === null || eTag === '*' || eTag === '') {
      this.upsert.run(key, value, next);
      return { key, value, etag: next };
    }
    // Update if the stored eTag matches; nothing updated: create it if absent (no row), else a conflict.
    const changed =
      this.updateIfMatch.run(value, next, key, eTag).changes || this.insertNew.run(key, value, next).changes;
    if (changed === 0) {
      throw new BotError(
        ErrorCodes.STORAGE_CONFLICT,
        `Storage: error writing "${key}" due to eTag conflict.`,
      );
    }
    return { key, value, etag: next };
  }

  private nextEtag(): string {
    this.etagCounter = (this.etagCounter + 1) % Number.MAX_SAFE_INTEGER;
    return `${Date.now().toString(36)}-${process.pid.toString(36)}-${this.etagCounter.toString(36)}`;
  }
}
