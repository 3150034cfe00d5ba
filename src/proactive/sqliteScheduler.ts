import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { BotError, describeError, ErrorCodes } from '../core/errors';
import type { Logger } from '../core/logger';
import {
  createReminder,
  runDelivery,
  settleWithin,
  type DeliveryControl,
  type DueHandler,
  type ReminderScheduler,
} from './scheduler';
import { openReminderTable, rowToReminder } from './sqliteReminderTable';
import type { NewReminder, Reminder } from './types';

export interface SqliteSchedulerOptions {
  /** Path of the SQLite file (e.g. `<DATA_DIR>/reminders.sqlite`) or an open better-sqlite3 database. */
  database: string | Database.Database;
  logger: Logger;
  /** How often due reminders are looked for (REMINDER_POLL_MS). */
  pollMs?: number;
  /** How long a claim is honoured before another process may take the reminder over. */
  leaseMs?: number;
  /** Rows claimed per poll; a full batch triggers another poll right away. */
  batchSize?: number;
  /** Deliveries waiting in the sender at once; beyond it due rows stay pending in the table. */
  maxInFlight?: number;
  /** Sent / cancelled / failed rows are deleted after this long. */
  retentionMs?: number;
  now?: () => number;
}

const PURGE_EVERY_MS = 60 * 60 * 1000;

/**
 * Embedded scheduler: one SQLite table (WAL) with a partial index on the due time of pending
 * rows, polled every `pollMs`; no timer per reminder, so 100,000 reminders cost a table, not
 * 100,000 timers.
 *
 * Delivery guarantee — at most once, by design: a reminder goes pending → claimed (leased by this
 * instance, nothing sent) → delivering (recorded by DeliveryControl.beginAttempt just before the
 * first send attempt) → sent. After a crash, claimed rows of the dead instance return to pending
 * (nothing was sent, so they fire after the restart) and delivering rows become failed with a
 * logged warning: Teams may or may not have shown that message, and a duplicate reminder is the
 * worse outcome for a busy admin than one missing card they can ask for again with "reminders".
 *
 * One process per database file: recovery on start() takes over every row leased by another
 * instance id. A second process on the same file is tolerated (claims are atomic) but its
 * in-flight rows are only taken over when their lease has expired.
 */
export class SqliteReminderScheduler implements ReminderScheduler {
  private readonly db: Database.Database;
  private readonly ownsDatabase: boolean;
  private readonly instanceId = randomUUID();
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly maxInFlight: number;
  private readonly retentionMs: number;
  private readonly now: () => number;
  private readonly table: ReturnType<typeof openReminderTable>;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly pendingInserts: Array<{
    reminder: Reminder;
    resolve: (r: Reminder) => void;
    reject: (err: Error) => void;
  }> = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private armedFor = Number.POSITIVE_INFINITY;
  private onDue: DueHandler | undefined;
  private lastPurge = 0;

  constructor(private readonly options: SqliteSchedulerOptions) {
    this.ownsDatabase = typeof options.database === 'string';
    this.db = typeof options.database === 'string' ? new Database(options.database) : options.database;
    this.pollMs = options.pollMs ?? 1_000;
    this.leaseMs = options.leaseMs ?? 15 * 60_000;
    this.batchSize = options.batchSize ?? 500;
    this.maxInFlight = options.maxInFlight ?? 10_000;
    this.retentionMs = options.retentionMs ?? 30 * 24 * 60 * 60_000;
    this.now = options.now ?? (() => Date.now());
    this.table = openReminderTable(this.db);
  }

  /**
   * Inserts are group-committed: every schedule() call made in the same tick shares one
   * transaction, so a burst of reminders costs one commit instead of one per row.
   */
  schedule(input: NewReminder): Promise<Reminder> {
    let reminder: Reminder;
    try {
      reminder = createReminder(input, this.now());
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    return new Promise<Reminder>((resolve, reject) => {
      this.pendingInserts.push({ reminder, resolve, reject });
      if (this.pendingInserts.length === 1) queueMicrotask(() => this.flushInserts());
    });
  }

  private flushInserts(): void {
    const batch = this.pendingInserts.splice(0);
    try {
      const stored = this.table.insertMany(batch.map((b) => b.reminder));
      batch.forEach((b, i) => b.resolve(rowToReminder(stored[i])));
      // A reminder due before the next poll moves the poll forward (one timer, never one per reminder).
      const earliest = stored.reduce((min, row) => Math.min(min, row.due_at), Number.POSITIVE_INFINITY);
      if (this.onDue && this.timer && earliest < this.armedFor) this.arm(Math.max(0, earliest - this.now()));
    } catch (err) {
      const failure = new BotError(ErrorCodes.SCHEDULER_FAILED, 'reminder schedule failed', { cause: err });
      for (const b of batch) b.reject(failure);
    }
  }

  cancel(id: string): Promise<boolean> {
    return this.guard('cancel', () => this.table.cancel(id, this.now()));
  }

  snooze(id: string, newDueAt: number): Promise<Reminder | undefined> {
    return this.guard('snooze', () => {
      const row = this.table.snooze(id, Math.trunc(newDueAt), this.now());
      return row ? rowToReminder(row) : undefined;
    });
  }

  get(id: string): Promise<Reminder | undefined> {
    return this.guard('get', () => {
      const row = this.table.get(id);
      return row ? rowToReminder(row) : undefined;
    });
  }

  listPending(userKey: string, conversationKey: string): Promise<Reminder[]> {
    return this.guard('listPending', () =>
      this.table.listPending(userKey, conversationKey).map(rowToReminder),
    );
  }

  deleteForConversation(conversationKey: string): Promise<number> {
    return this.guard('deleteForConversation', () => this.table.deleteForConversation(conversationKey));
  }

  /** Checkpoints and truncates the write-ahead log (deleted rows are zeroed by secure_delete). */
  scrub(): Promise<void> {
    return this.guard('scrub', () => {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    });
  }

  start(onDue: DueHandler): void {
    if (this.onDue) throw new BotError(ErrorCodes.SCHEDULER_FAILED, 'scheduler already started');
    this.onDue = onDue;
    this.recover(true);
    this.arm(0);
  }

  /**
   * Stops polling and waits up to `graceMs` for deliveries in flight. Ones still running after
   * that stay claimed / delivering and are recovered by the next start (see the class comment).
   */
  async stop(graceMs = 10_000): Promise<void> {
    this.onDue = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await settleWithin([...this.inFlight], graceMs);
  }

  /** Stops, writes reminders still waiting for their group commit, then closes the database if this scheduler opened it. */
  async close(graceMs?: number): Promise<void> {
    await this.stop(graceMs);
    if (!this.db.open) return;
    if (this.pendingInserts.length > 0) this.flushInserts();
    if (this.ownsDatabase) this.db.close();
  }

  private arm(delayMs: number): void {
    if (!this.onDue) return;
    if (this.timer) clearTimeout(this.timer);
    this.armedFor = this.now() + delayMs;
    this.timer = setTimeout(() => this.poll(), delayMs);
  }

  /** Delay of the next poll: the earliest due time if that comes before the regular interval. */
  private untilNextDue(now: number): number {
    const nextDue = this.table.nextDueAt();
    return nextDue === undefined ? this.pollMs : Math.min(this.pollMs, Math.max(0, nextDue - now));
  }

  private poll(): void {
    this.timer = undefined;
    const onDue = this.onDue;
    if (!onDue) return;
    let nextPollMs = this.pollMs;
    try {
      const now = this.now();
      this.recover(false);
      if (now - this.lastPurge >= PURGE_EVERY_MS) {
        this.lastPurge = now;
        this.table.purgeFinished(now - this.retentionMs);
      }
      // With every in-flight slot taken, the next finished delivery re-arms the poll.
      const room = Math.min(this.batchSize, this.maxInFlight - this.inFlight.size);
      if (room > 0) {
        const claimed = this.table.claimDue(now, room, this.instanceId, now + this.leaseMs);
        for (const row of claimed) this.dispatch(onDue, rowToReminder(row));
        nextPollMs = claimed.length === room ? 0 : this.untilNextDue(this.now());
      }
    } catch (err) {
      this.options.logger.error(
        { err: describeError(err), code: ErrorCodes.SCHEDULER_FAILED },
        'reminder poll failed',
      );
    }
    this.arm(nextPollMs);
  }

  private dispatch(onDue: DueHandler, reminder: Reminder): void {
    const control: DeliveryControl = {
      beginAttempt: () =>
        Promise.resolve(this.table.beginAttempt(reminder.id, reminder.version, this.instanceId, this.now())),
    };
    const delivery = (async () => {
      const outcome = await runDelivery(onDue, reminder, control, this.options.logger);
      try {
        this.table.finish(reminder.id, reminder.version, this.instanceId, outcome, this.now());
      } catch (err) {
        this.options.logger.error(
          { err: describeError(err), reminderId: reminder.id },
          'recording a reminder delivery failed',
        );
      }
    })();
    this.inFlight.add(delivery);
    void delivery.finally(() => {
      const wasFull = this.inFlight.size >= this.maxInFlight;
      this.inFlight.delete(delivery);
      if (wasFull) this.arm(0);
    });
  }

  /** Takes over rows leased by other (dead) instances: all of them on start, expired ones later. */
  private recover(onStart: boolean): void {
    const { requeued, interrupted } = this.table.recover(
      this.instanceId,
      onStart ? undefined : this.now(),
      this.now(),
    );
    if (requeued > 0) {
      this.options.logger.info({ requeued }, 'reminders claimed by a stopped instance are pending again');
    }
    for (const row of interrupted) {
      this.options.logger.warn(
        {
          reminderId: row.id,
          version: row.version,
          conversationKey: row.conversation_key,
          code: ErrorCodes.SCHEDULER_FAILED,
        },
        'reminder delivery was interrupted after sending began; marked failed, not resent (at-most-once)',
      );
    }
  }

  private guard<T>(operation: string, work: () => T): Promise<T> {
    try {
      return Promise.resolve(work());
    } catch (err) {
      if (err instanceof BotError) return Promise.reject(err);
      return Promise.reject(
        new BotError(ErrorCodes.SCHEDULER_FAILED, `reminder ${operation} failed`, { cause: err }),
      );
    }
  }
}
