import type Database from 'better-sqlite3';
import type { Reminder, ReminderKind, ReminderStatus } from './types';

export interface ReminderRow {
  id: string;
  version: number;
  user_key: string;
  conversation_key: string;
  due_at: number;
  kind: string;
  locale: string;
  time_zone: string | null;
  trace_parent?: string | null;
  status: string;
  created_at: number;
  updated_at: number;
  lease_owner: string | null;
  lease_until: number | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS reminders (
  id               TEXT PRIMARY KEY,
  version          INTEGER NOT NULL,
  user_key         TEXT NOT NULL,
  conversation_key TEXT NOT NULL,
  due_at           INTEGER NOT NULL,
  kind             TEXT NOT NULL,
  locale           TEXT NOT NULL,
  time_zone        TEXT,
  status           TEXT NOT NULL,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  lease_owner      TEXT,
  lease_until      INTEGER
);
CREATE INDEX IF NOT EXISTS reminders_pending_due ON reminders (due_at) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS reminders_conversation ON reminders (conversation_key, user_key);
CREATE INDEX IF NOT EXISTS reminders_leased ON reminders (lease_until) WHERE status IN ('claimed', 'delivering');
CREATE INDEX IF NOT EXISTS reminders_finished ON reminders (updated_at) WHERE status IN ('sent', 'cancelled', 'failed');
`;

/** Repeats the partial index's condition verbatim: SQLite only uses a partial index when it does. */
const LEASED = `status IN ('claimed', 'delivering')`;

export function rowToReminder(row: ReminderRow): Reminder {
  const reminder: Reminder = {
    id: row.id,
    version: row.version,
    userKey: row.user_key,
    conversationKey: row.conversation_key,
    dueAt: row.due_at,
    kind: row.kind as ReminderKind,
    locale: row.locale,
    status: row.status as ReminderStatus,
    createdAt: row.created_at,
  };
  if (row.time_zone !== null) reminder.timeZone = row.time_zone;
  if (row.trace_parent) reminder.traceParent = row.trace_parent;
  return reminder;
}

function reminderToRow(r: Reminder): ReminderRow {
  return {
    id: r.id,
    version: r.version,
    user_key: r.userKey,
    conversation_key: r.conversationKey,
    due_at: r.dueAt,
    kind: r.kind,
    locale: r.locale,
    time_zone: r.timeZone ?? null,
    trace_parent: r.traceParent ?? null,
    status: r.status,
    created_at: r.createdAt,
    updated_at: r.createdAt,
    lease_owner: null,
    lease_until: null,
  };
}

/** Prepared statements over the reminders table; every state change is one atomic statement. */
export function openReminderTable(db: Database.Database) {
  db.pragma('journal_mode = WAL');
  // WAL + NORMAL survives a killed process (only an OS crash may lose the last commits).
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  // Deleted reminders are overwritten with zeros (uninstall leaves nothing on disk).
  db.pragma('secure_delete = ON');
  db.exec(SCHEMA);
  // Added with telemetry (issue 17): older tables get the column, empty.
  const columns = db.pragma('table_info(reminders)') as { name: string }[];
  if (!columns.some((c) => c.name === 'trace_parent'))
    db.exec('ALTER TABLE reminders ADD COLUMN trace_parent TEXT');

  const insert = db.prepare<
    [Omit<Reminder, 'timeZone' | 'traceParent'> & { timeZone: string | null; traceParent: string | null }]
  >(
    `INSERT INTO reminders (id, version, user_key, conversation_key, due_at, kind, locale, time_zone, trace_parent, status, created_at, updated_at)
     VALUES (@id, @version, @userKey, @conversationKey, @dueAt, @kind, @locale, @timeZone, @traceParent, @status, @createdAt, @createdAt)
     ON CONFLICT (id) DO NOTHING`,
  );
  const get = db.prepare<[string], ReminderRow>(`SELECT * FROM reminders WHERE id = ?`);
  const cancel = db.prepare<[number, string]>(
    `UPDATE reminders SET status = 'cancelled', version = version + 1, updated_at = ?, lease_owner = NULL, lease_until = NULL
     WHERE id = ? AND status <> 'cancelled'`,
  );
  const snooze = db.prepare<[number, number, string], ReminderRow>(
    `UPDATE reminders SET status = 'pending', version = version + 1, due_at = ?, updated_at = ?, lease_owner = NULL, lease_until = NULL
     WHERE id = ? AND status <> 'cancelled' RETURNING *`,
  );
  const listPending = db.prepare<[string, string], ReminderRow>(
    `SELECT * FROM reminders WHERE conversation_key = ? AND user_key = ? AND status = 'pending' ORDER BY due_at, id`,
  );
  const deleteForConversation = db.prepare<[string]>(`DELETE FROM reminders WHERE conversation_key = ?`);
  const claimDue = db.prepare<[string, number, number, number, number], ReminderRow>(
    `UPDATE reminders SET status = 'claimed', lease_owner = ?, lease_until = ?, updated_at = ?
     WHERE id IN (SELECT id FROM reminders WHERE status = 'pending' AND due_at <= ? ORDER BY due_at LIMIT ?)
     RETURNING *`,
  );
  const beginAttempt = db.prepare<[number, string, number, string]>(
    `UPDATE reminders SET status = 'delivering', updated_at = ?
     WHERE id = ? AND version = ? AND lease_owner = ? AND ${LEASED}`,
  );
  const finish = db.prepare<[string, number, string, number, string]>(
    `UPDATE reminders SET status = ?, updated_at = ?, lease_owner = NULL, lease_until = NULL
     WHERE id = ? AND version = ? AND lease_owner = ? AND ${LEASED}`,
  );
  const requeue = db.prepare<[number, string, number]>(
    `UPDATE reminders SET status = 'pending', updated_at = ?, lease_owner = NULL, lease_until = NULL
     WHERE ${LEASED} AND status = 'claimed' AND lease_owner <> ? AND lease_until < ?`,
  );
  const interrupt = db.prepare<[number, string, number], ReminderRow>(
    `UPDATE reminders SET status = 'failed', updated_at = ?, lease_owner = NULL, lease_until = NULL
     WHERE ${LEASED} AND status = 'delivering' AND lease_owner <> ? AND lease_until < ? RETURNING *`,
  );
  const nextDue = db.prepare<[], { due_at: number | null }>(
    `SELECT MIN(due_at) AS due_at FROM reminders WHERE status = 'pending'`,
  );
  const purge = db.prepare<[number]>(
    `DELETE FROM reminders WHERE status IN ('sent', 'cancelled', 'failed') AND updated_at < ?`,
  );

  /** Inserts in one transaction; a row whose id exists is left as it was and returned as stored. */
  const insertMany = db.transaction((reminders: Reminder[]): ReminderRow[] =>
    reminders.map((reminder) => {
      const row = {
        ...reminder,
        timeZone: reminder.timeZone ?? null,
        traceParent: reminder.traceParent ?? null,
      };
      if (insert.run(row).changes === 1) return reminderToRow(reminder);
      const existing = get.get(reminder.id);
      if (!existing) throw new Error(`reminder ${reminder.id} neither inserted nor found`);
      return existing;
    }),
  );

  return {
    insertMany(reminders: Reminder[]): ReminderRow[] {
      return insertMany(reminders);
    },
    get(id: string): ReminderRow | undefined {
      return get.get(id);
    },
    cancel(id: string, now: number): boolean {
      return cancel.run(now, id).changes === 1;
    },
    snooze(id: string, dueAt: number, now: number): ReminderRow | undefined {
      return snooze.get(dueAt, now, id);
    },
    listPending(userKey: string, conversationKey: string): ReminderRow[] {
      return listPending.all(conversationKey, userKey);
    },
    deleteForConversation(conversationKey: string): number {
      return deleteForConversation.run(conversationKey).changes;
    },
    /** Atomically leases up to `limit` due pending rows to `owner`, earliest first. */
    claimDue(now: number, limit: number, owner: string, leaseUntil: number): ReminderRow[] {
      return claimDue.all(owner, leaseUntil, now, now, limit).sort((a, b) => a.due_at - b.due_at);
    },
    /** True when the row is still this owner's lease on this version (not cancelled, snoozed, deleted). */
    beginAttempt(id: string, version: number, owner: string, now: number): boolean {
      return beginAttempt.run(now, id, version, owner).changes === 1;
    },
    finish(id: string, version: number, owner: string, status: 'sent' | 'failed', now: number): boolean {
      return finish.run(status, now, id, version, owner).changes === 1;
    },
    /**
     * Rows leased by other instances: claimed ones go back to pending, delivering ones become
     * failed. `leaseExpiredBefore` undefined means "all of them" (this process owns the file).
     */
    recover: db.transaction(
      (
        owner: string,
        leaseExpiredBefore: number | undefined,
        now: number,
      ): { requeued: number; interrupted: ReminderRow[] } => {
        const horizon = leaseExpiredBefore ?? Number.MAX_SAFE_INTEGER;
        const requeued = requeue.run(now, owner, horizon).changes;
        const interrupted = interrupt.all(now, owner, horizon);
        return { requeued, interrupted };
      },
    ),
    /** Earliest due time of a pending reminder (served by the partial index). */
    nextDueAt(): number | undefined {
      return nextDue.get()?.due_at ?? undefined;
    },
    purgeFinished(updatedBefore: number): number {
      return purge.run(updatedBefore).changes;
    },
  };
}
