import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { BotError, ErrorCodes } from '../errors';

/** Structurally botbuilder's Storage and StoreItems, so this module needs no botbuilder import. */
export interface StoreItems {
  [key: string]: unknown;
}
export interface KeyValueStorage {
  read(keys: string[]): Promise<StoreItems>;
  write(changes: StoreItems): Promise<void>;
  delete(keys: string[]): Promise<void>;
}

interface Row {
  key: string;
  value: string;
  etag: string;
}

/**
 * Bot state on embedded SQLite (WAL). Optimistic concurrency as botbuilder's stores do it: a write whose
 * item carries an eTag other than '*' succeeds only if the stored eTag is the same; a conflict throws an
 * error whose message says "eTag conflict" (as MemoryStorage and BlobsStorage do).
 */
export class SqliteStorage implements KeyValueStorage {
  private readonly db: Database.Database;
  private readonly selectOne: Database.Statement<[string], Row>;
  private readonly upsert: Database.Statement<[string, string, string]>;
  private readonly updateIfMatch: Database.Statement<[string, string, string, string]>;
  private readonly insertNew: Database.Statement<[string, string, string]>;
  private readonly remove: Database.Statement<[string]>;
  private etagCounter = 0;
  /** Made once: better-sqlite3 builds a new wrapper function on every `db.transaction()` call. */
  private readonly writeAll: (changes: StoreItems) => void;
  private readonly deleteAll: (keys: string[]) => void;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
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
    this.writeAll = this.db.transaction((changes: StoreItems) => {
      for (const [key, item] of Object.entries(changes)) this.writeOne(key, item);
    });
    this.deleteAll = this.db.transaction((keys: string[]) => {
      for (const key of keys) this.remove.run(key);
    });
  }

  read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    for (const key of keys) {
      const row = this.selectOne.get(key);
      if (row) items[key] = { ...(JSON.parse(row.value) as Record<string, unknown>), eTag: row.etag };
    }
    return Promise.resolve(items);
  }

  write(changes: StoreItems): Promise<void> {
    try {
      this.writeAll(changes);
      return Promise.resolve();
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  delete(keys: string[]): Promise<void> {
    this.deleteAll(keys);
    return Promise.resolve();
  }

  close(): void {
    this.db.close();
  }

  private writeOne(key: string, item: unknown): void {
    if (item === null || typeof item !== 'object') {
      throw new BotError(ErrorCodes.STORAGE_FAILED, `Storage: item "${key}" is not an object`);
    }
    const { eTag, ...rest } = item as { eTag?: string } & Record<string, unknown>;
    const value = JSON.stringify(rest);
    const next = this.nextEtag();
    if (eTag === undefined || eTag === null || eTag === '*' || eTag === '') {
      this.upsert.run(key, value, next);
      return;
    }
    const existing = this.selectOne.get(key);
    const changed = existing
      ? this.updateIfMatch.run(value, next, key, eTag).changes
      : this.insertNew.run(key, value, next).changes;
    if (changed === 0) {
      throw new BotError(
        ErrorCodes.STORAGE_CONFLICT,
        `Storage: error writing "${key}" due to eTag conflict.`,
      );
    }
  }

  private nextEtag(): string {
    this.etagCounter = (this.etagCounter + 1) % Number.MAX_SAFE_INTEGER;
    return `${Date.now().toString(36)}-${process.pid.toString(36)}-${this.etagCounter.toString(36)}`;
  }
}
