import Database from 'better-sqlite3';
import type { FinishedConversation } from './walker';

export interface StoredSize {
  conversations: number;
  /** Median bytes per conversation: conversation state + user state + conversation reference. */
  medianBytes: number;
  maxBytes: number;
  /** Median bytes of each part (state properties by name). */
  parts: Record<string, number>;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : Number.NaN;
};

/** What the bot keeps per conversation after a full section, read from its SQLite file (read-only). */
export function storedPerConversation(
  dbFile: string,
  finished: FinishedConversation[],
  sample = 300,
): StoredSize {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  const row = db.prepare<[string], { value: string }>('SELECT value FROM bot_state WHERE key = ?');
  const totals: number[] = [];
  const parts = new Map<string, number[]>();
  const add = (name: string, bytes: number) => parts.set(name, [...(parts.get(name) ?? []), bytes]);
  try {
    for (const done of finished.slice(-sample)) {
      const keys = {
        conversation: `msteams/conversations/${done.conversationId}/`,
        user: `msteams/users/${done.userId}/`,
        reference: `ref/msteams:${done.conversationId}`,
      };
      let total = 0;
      for (const [name, key] of Object.entries(keys)) {
        const value = row.get(key)?.value;
        if (value === undefined) continue;
        const bytes = Buffer.byteLength(key) + Buffer.byteLength(value);
        total += bytes;
        add(name, bytes);
        if (name === 'conversation') {
          for (const [prop, v] of Object.entries(JSON.parse(value) as Record<string, unknown>))
            add(`conversation.${prop}`, Buffer.byteLength(JSON.stringify(v) ?? ''));
        }
      }
      totals.push(total);
    }
  } finally {
    db.close();
  }
  return {
    conversations: totals.length,
    medianBytes: median(totals),
    maxBytes: totals.length ? Math.max(...totals) : Number.NaN,
    parts: Object.fromEntries([...parts].map(([k, v]) => [k, median(v)])),
  };
}
