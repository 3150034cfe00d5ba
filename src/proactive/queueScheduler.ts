import { randomUUID } from 'node:crypto';
import { BotError, describeError, ErrorCodes } from '../core/errors';
import type { Logger } from '../core/logger';
import { MAX_VISIBILITY_SECONDS, type QueuedMessage, type ReminderQueue } from './azureReminderQueue';
import { FINISHED_STATUSES, ReminderLeases } from './queueLeases';
import {
  parseMessage,
  ReminderStateStore,
  toReminder,
  withoutLease,
  type ReminderMessage,
  type ReminderState,
} from './queueReminderState';
import {
  createReminder,
  runDelivery,
  settleWithin,
  type DeliveryControl,
  type DueHandler,
  type ReminderScheduler,
} from './scheduler';
import type { KeyValueStorage } from '../storage/keyValueStorage';
import type { NewReminder, Reminder } from './types';

/** A message received this often without being finished is poison: logged and dropped. */
const MAX_DEQUEUE_COUNT = 20;

export interface QueueSchedulerOptions {
  queue: ReminderQueue;
  /** Bot storage with eTag concurrency (BlobsStorage on AZURE_STORAGE_CONTAINER). */
  storage: KeyValueStorage;
  logger: Logger;
  pollMs?: number;
  /** How long a received message stays hidden, and how long a claim is honoured. */
  leaseMs?: number;
  /** The queue's visibility ceiling; longer delays are chained. Lowered only by tests. */
  maxVisibilitySeconds?: number;
  /** A message seen earlier than this before its due time is re-enqueued (clock skew tolerance). */
  earlyToleranceMs?: number;
  /** How long the state of a sent / cancelled / failed reminder is kept (snooze after delivery). */
  retentionMs?: number;
  maxInFlight?: number;
  now?: () => number;
}

/**
 * Scale-out scheduler: one Azure Storage Queue message per reminder version, invisible until the
 * due time (delays beyond the queue's 7-day ceiling are chained), state in eTag-guarded bot
 * storage. Any instance may receive a message; it delivers only after winning an eTag-conditional
 * write of the state from pending to claimed, so two instances never both send, and a message
 * whose version is older than the state's (cancelled or snoozed meanwhile) is dropped.
 * Queue delivery is at least once; this makes reminder delivery at most once, with the same
 * claimed / delivering split as the SQLite scheduler (see sqliteScheduler.ts).
 */
export class QueueReminderScheduler implements ReminderScheduler {
  private readonly state: ReminderStateStore;
  private readonly leases: ReminderLeases;
  private readonly instanceId = randomUUID();
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly maxVisibilitySeconds: number;
  private readonly earlyToleranceMs: number;
  private readonly retentionMs: number;
  private readonly maxInFlight: number;
  private readonly now: () => number;
  private readonly inFlight = new Set<Promise<void>>();
  private queueReady: Promise<void> | undefined;
  private onDue: DueHandler | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private polling: Promise<void> | undefined;

  constructor(private readonly options: QueueSchedulerOptions) {
    this.state = new ReminderStateStore(options.storage);
    this.pollMs = options.pollMs ?? 1_000;
    this.leaseMs = options.leaseMs ?? 15 * 60_000;
    this.maxVisibilitySeconds = options.maxVisibilitySeconds ?? MAX_VISIBILITY_SECONDS;
    this.earlyToleranceMs = options.earlyToleranceMs ?? 2_000;
    this.retentionMs = options.retentionMs ?? 7 * 24 * 60 * 60_000;
    this.maxInFlight = options.maxInFlight ?? 1_000;
    this.now = options.now ?? (() => Date.now());
    this.leases = new ReminderLeases(this.state, this.instanceId, this.leaseMs, this.now, options.logger);
  }

  async schedule(input: NewReminder): Promise<Reminder> {
    const now = this.now();
    const reminder = createReminder(input, now);
    if (input.id !== undefined) {
      const existing = await this.state.read(reminder.id);
      if (existing) return toReminder(existing.value);
    }
    await this.state.create({ ...reminder, updatedAt: now });
    await this.state.addToIndex(reminder.conversationKey, reminder.id, reminder.userKey);
    await this.enqueue({ id: reminder.id, version: reminder.version, dueAt: reminder.dueAt });
    return reminder;
  }

  async cancel(id: string): Promise<boolean> {
    const now = this.now();
    const { value, changed } = await this.state.update(id, (current) =>
      current && current.status !== 'cancelled'
        ? { ...withoutLease(current), status: 'cancelled', version: current.version + 1, updatedAt: now }
        : undefined,
    );
    if (!changed || !value) return false;
    await this.enqueuePurge(value);
    return true;
  }

  async snooze(id: string, newDueAt: number): Promise<Reminder | undefined> {
    const now = this.now();
    const dueAt = Math.trunc(newDueAt);
    const { value, changed } = await this.state.update(id, (current) =>
      current && current.status !== 'cancelled'
        ? { ...withoutLease(current), status: 'pending', version: current.version + 1, dueAt, updatedAt: now }
        : undefined,
    );
    if (!changed || !value) return undefined;
    await this.state.addToIndex(value.conversationKey, id, value.userKey);
    await this.enqueue({ id, version: value.version, dueAt });
    return toReminder(value);
  }

  async get(id: string): Promise<Reminder | undefined> {
    const found = await this.state.read(id);
    return found ? toReminder(found.value) : undefined;
  }

  async listPending(userKey: string, conversationKey: string): Promise<Reminder[]> {
    const ids = Object.entries(await this.state.indexed(conversationKey))
      .filter(([, owner]) => owner === userKey)
      .map(([id]) => id);
    const states = await this.state.readMany(ids);
    const gone = ids.filter((id) => !states.has(id));
    if (gone.length > 0) await this.state.removeFromIndex(conversationKey, gone);
    return [...states.values()]
      .filter((s) => s.status === 'pending')
      .map(toReminder)
      .sort((a, b) => a.dueAt - b.dueAt || a.id.localeCompare(b.id));
  }

  deleteForConversation(conversationKey: string): Promise<number> {
    // Queue messages of deleted reminders find no state when they surface and are dropped then.
    return this.state.deleteConversation(conversationKey);
  }

  start(onDue: DueHandler): void {
    if (this.onDue) throw new BotError(ErrorCodes.SCHEDULER_FAILED, 'scheduler already started');
    this.onDue = onDue;
    this.arm(0);
  }

  /** Stops polling and waits up to `graceMs` for deliveries in flight (their messages reappear later). */
  async stop(graceMs = 10_000): Promise<void> {
    this.onDue = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await settleWithin([...(this.polling ? [this.polling] : []), ...this.inFlight], graceMs);
  }

  /** Stops polling; the queue and storage clients hold no connection of their own to release. */
  close(graceMs?: number): Promise<void> {
    return this.stop(graceMs);
  }

  private arm(delayMs: number): void {
    if (!this.onDue || this.polling) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.polling = this.poll().finally(() => (this.polling = undefined));
    }, delayMs);
  }

  private async poll(): Promise<void> {
    const onDue = this.onDue;
    if (!onDue) return;
    let full = false;
    try {
      await this.ready();
      const room = Math.min(32, this.maxInFlight - this.inFlight.size);
      if (room > 0) {
        const messages = await this.options.queue.receive(room, this.leaseMs / 1000);
        full = messages.length === room;
        for (const message of messages) this.track(this.handle(onDue, message));
      }
    } catch (err) {
      this.options.logger.error(
        { err: describeError(err), code: ErrorCodes.SCHEDULER_FAILED },
        'reminder queue poll failed',
      );
    }
    this.polling = undefined;
    this.arm(full ? 0 : this.pollMs);
  }

  private track(work: Promise<void>): void {
    const guarded = work.catch((err: unknown) => {
      this.options.logger.error(
        { err: describeError(err), code: ErrorCodes.SCHEDULER_FAILED },
        'reminder message failed; it will reappear',
      );
    });
    this.inFlight.add(guarded);
    void guarded.finally(() => this.inFlight.delete(guarded));
  }

  private async handle(onDue: DueHandler, message: QueuedMessage): Promise<void> {
    const parsed = parseMessage(message.body);
    if (parsed && message.dequeueCount > MAX_DEQUEUE_COUNT) {
      this.options.logger.error(
        {
          messageId: message.messageId,
          reminderId: parsed.id,
          dequeueCount: message.dequeueCount,
          code: ErrorCodes.SCHEDULER_FAILED,
        },
        'dropping a reminder message that kept failing',
      );
      return this.options.queue.delete(message.messageId, message.popReceipt);
    }
    if (!parsed) {
      this.options.logger.warn({ messageId: message.messageId }, 'dropping an unreadable reminder message');
      return this.options.queue.delete(message.messageId, message.popReceipt);
    }
    if (parsed.dueAt - this.now() > this.earlyToleranceMs) {
      // Its delay exceeded the queue's visibility ceiling: chain another hop.
      await this.enqueue(parsed);
      return this.options.queue.delete(message.messageId, message.popReceipt);
    }
    if (parsed.purge) {
      await this.purge(parsed);
      return this.options.queue.delete(message.messageId, message.popReceipt);
    }
    const claim = await this.leases.claim(parsed);
    if (claim.kind === 'later') return; // hidden until its visibility lapses, then looked at again
    if (claim.kind === 'claimed') await this.deliver(onDue, claim.reminder);
    if (claim.kind === 'drop' && claim.finished) await this.afterFinish(claim.finished);
    await this.options.queue.delete(message.messageId, message.popReceipt);
  }

  private async deliver(onDue: DueHandler, reminder: Reminder): Promise<void> {
    const control: DeliveryControl = { beginAttempt: () => this.leases.beginAttempt(reminder) };
    const outcome = await runDelivery(onDue, reminder, control, this.options.logger);
    const finished = await this.leases.finish(reminder, outcome);
    if (finished) await this.afterFinish(finished);
  }

  /** Finished reminders stay indexed (uninstall deletes them too) until their clean-up message. */
  private async afterFinish(state: ReminderState): Promise<void> {
    await this.enqueuePurge(state);
  }

  private enqueuePurge(state: ReminderState): Promise<void> {
    return this.enqueue({
      id: state.id,
      version: state.version,
      dueAt: this.now() + this.retentionMs,
      purge: true,
    });
  }

  private async purge(message: ReminderMessage): Promise<void> {
    const found = await this.state.read(message.id);
    if (found && found.value.version === message.version && FINISHED_STATUSES.has(found.value.status)) {
      await this.state.remove(message.id);
      await this.state.removeFromIndex(found.value.conversationKey, [message.id]);
    }
  }

  private async enqueue(message: ReminderMessage): Promise<void> {
    await this.ready();
    const delaySeconds = Math.ceil(Math.max(0, message.dueAt - this.now()) / 1000);
    await this.options.queue.send(JSON.stringify(message), Math.min(delaySeconds, this.maxVisibilitySeconds));
  }

  private ready(): Promise<void> {
    if (!this.queueReady) {
      this.queueReady = this.options.queue.ensure().catch((err: unknown) => {
        this.queueReady = undefined;
        throw err;
      });
    }
    return this.queueReady;
  }
}
