import { randomUUID } from 'node:crypto';
import { BotError, describeError, ErrorCodes } from '../core/errors';
import type { Logger } from '../core/logger';
import { currentTraceParent } from '../telemetry/tracing';
import type { NewReminder, Reminder } from './types';

/**
 * Handed to the due handler with each reminder. `beginAttempt` must be called right before every
 * send attempt (createReminderDelivery passes it to the sender as `stillWanted`): the first call
 * records that sending has begun, and every call answers false once the reminder was cancelled,
 * snoozed or deleted meanwhile, so a stale reminder is never sent.
 */
export interface DeliveryControl {
  beginAttempt(): Promise<boolean>;
}

/**
 * Called once per due reminder. Resolving marks it sent (if still current); throwing marks it
 * failed (the sender already retried).
 */
export type DueHandler = (reminder: Reminder, control: DeliveryControl) => Promise<void>;

/**
 * Reminders behind one small interface: SqliteReminderScheduler (embedded, default) and
 * QueueReminderScheduler (Azure Storage, for several bot instances).
 */
export interface ReminderScheduler {
  /** Stores a pending reminder (version 1). With a known id, returns the existing reminder unchanged. */
  schedule(reminder: NewReminder): Promise<Reminder>;
  /** Cancels a pending (or just-delivered) reminder; false when unknown or already cancelled. */
  cancel(id: string): Promise<boolean>;
  /**
   * Moves the reminder to a new due time with a new version, so a delivery of the old slot is
   * dropped. Also re-arms a reminder that was already sent (the card's "Snooze 1 hour" button).
   * Undefined when unknown or cancelled.
   */
  snooze(id: string, newDueAt: number): Promise<Reminder | undefined>;
  get(id: string): Promise<Reminder | undefined>;
  /** Pending reminders of one user in one conversation, earliest first. */
  listPending(userKey: string, conversationKey: string): Promise<Reminder[]>;
  /** Deletes every reminder of the conversation (uninstall, 403); returns how many. */
  deleteForConversation(conversationKey: string): Promise<number>;
  /** Starts polling; `onDue` runs for each reminder whose due time has come. */
  start(onDue: DueHandler): void;
  /** Stops polling and waits (at most `graceMs`) for deliveries in flight. */
  stop(graceMs?: number): Promise<void>;
  /** Stops, then releases what the scheduler opened (database handle, timers). Safe to call twice. */
  close(graceMs?: number): Promise<void>;
  /** Leaves nothing of deleted reminders on disk (see KeyValueStorage.scrub); absent when deletes are final. */
  scrub?(): Promise<void>;
}

/** Longest delay a reminder may have: far beyond any "remind me" choice, short of nonsense. */
const MAX_REMINDER_DELAY_MS = 366 * 24 * 60 * 60 * 1000;

/** Validates a new reminder and fills in id, version, status and createdAt. */
export function createReminder(input: NewReminder, now: number): Reminder {
  const problems: string[] = [];
  if (!input.userKey) problems.push('userKey is empty');
  if (!input.conversationKey) problems.push('conversationKey is empty');
  if (!input.locale) problems.push('locale is empty');
  if (!Number.isFinite(input.dueAt)) problems.push('dueAt is not a number');
  else if (input.dueAt - now > MAX_REMINDER_DELAY_MS) problems.push('dueAt is more than a year away');
  if (input.id !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(input.id))
    problems.push('id is not a safe key');
  if (problems.length > 0) {
    throw new BotError(ErrorCodes.SCHEDULER_FAILED, `invalid reminder: ${problems.join(', ')}`);
  }
  const reminder: Reminder = {
    id: input.id ?? randomUUID(),
    version: 1,
    userKey: input.userKey,
    conversationKey: input.conversationKey,
    dueAt: Math.trunc(input.dueAt),
    kind: input.kind,
    locale: input.locale,
    status: 'pending',
    createdAt: now,
  };
  if (input.timeZone) reminder.timeZone = input.timeZone;
  // The scheduling turn's span, so that the delivery's own trace links back to it (telemetry on only).
  const traceParent = input.traceParent ?? currentTraceParent();
  if (traceParent && /^[0-9a-f-]{55}$/.test(traceParent)) reminder.traceParent = traceParent;
  return reminder;
}

/** Waits for `work` to settle, but no longer than `ms`. */
export async function settleWithin(work: Promise<unknown>[], ms: number): Promise<void> {
  if (work.length === 0 || ms <= 0) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  await Promise.race([Promise.allSettled(work), timeout]);
  clearTimeout(timer);
}

/** Runs the due handler for one reminder; a failure is logged (the sender already retried) and reported. */
export async function runDelivery(
  onDue: DueHandler,
  reminder: Reminder,
  control: DeliveryControl,
  logger: Logger,
): Promise<'sent' | 'failed'> {
  try {
    await onDue(reminder, control);
    return 'sent';
  } catch (err) {
    logger.warn(
      {
        err: describeError(err),
        reminderId: reminder.id,
        version: reminder.version,
        code: ErrorCodes.SCHEDULER_FAILED,
      },
      'reminder delivery failed',
    );
    return 'failed';
  }
}
