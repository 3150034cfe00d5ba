/** A stored row as SQLite holds it: the item's JSON without its eTag, and the eTag. */
export interface CachedRow {
  readonly value: string;
  readonly etag: string;
}

export interface RowCacheLimits {
  /** Rows held at most (a key known to have no row counts as one). */
  readonly rows: number;
  /** Characters of JSON held at most, all rows together. */
  readonly chars: number;
  /** A row longer than this is never held (an installation's member list, a long paste). */
  readonly rowChars: number;
}

const ROW_CACHE_LIMITS: RowCacheLimits = { rows: 4096, chars: 8_000_000, rowChars: 64_000 };

/**
 * The rows SqliteStorage last read or wrote, least recently used first, bounded by rows and by characters.
 * `null` records that a key has no row. It holds only what its owner tells it; the rules that keep it
 * equal to the file are in SqliteStorage.
 */
export class RowCache {
  private readonly rows = new Map<string, CachedRow | null>();
  private chars = 0;

  constructor(private readonly limits: RowCacheLimits = ROW_CACHE_LIMITS) {}

  /** The row (or null: no row) when held, else undefined. A hit makes the row the most recently used. */
  get(key: string): CachedRow | null | undefined {
    const row = this.rows.get(key);
    if (row === undefined) return undefined;
    this.rows.delete(key);
    this.rows.set(key, row);
    return row;
  }

  has(key: string): boolean {
    return this.rows.has(key);
  }

  /** Holds `row` for `key` (null: there is none), unless it is too long to hold; then forgets the key. */
  set(key: string, row: CachedRow | null): void {
    this.drop(key);
    const size = row ? row.value.length : 0;
    if (size > this.limits.rowChars) return;
    this.rows.set(key, row);
    this.chars += size;
    while (this.rows.size > this.limits.rows || this.chars > this.limits.chars) {
      const oldest = this.rows.keys().next().value as string;
      this.drop(oldest);
    }
  }

  drop(key: string): void {
    const row = this.rows.get(key);
    if (row === undefined) return;
    this.rows.delete(key);
    this.chars -= row ? row.value.length : 0;
  }

  clear(): void {
    this.rows.clear();
    this.chars = 0;
  }

  /** What is held: rows and characters (for tests). */
  get size(): { rows: number; chars: number } {
    return { rows: this.rows.size, chars: this.chars };
  }
}
