import { ErrorCodes } from '../core/errors';
import type { Logger } from '../core/logger';
import {
  toReminder,
  withoutLease,
  type ReminderMessage,
  type ReminderState,
  type ReminderStateStore,
} from './queueReminderState';
import type { Reminder } from './types';

export type Claim =
  | { kind: 'claimed'; reminder: Reminder }
  /** Nothing to deliver: the message is stale, or the reminder ended; `finished` when this call ended it. */
  | { kind: 'drop'; reason: string; finished?: ReminderState }
  /** Another delivery holds the lease: look again when the message reappears. */
  | { kind: 'later' };

export const FINISHED_STATUSES: ReadonlySet<string> = new Set(['sent', 'cancelled', 'failed']);

/**
 * The eTag-guarded state transitions of one scheduler instance: pending → claimed (lease) →
 * delivering (sending has begun) → sent / failed. Every write is conditional on the eTag read just
 * before it, so of two instances racing for a reminder exactly one wins.
 */
export class ReminderLeases {
  constructor(
    private readonly state: ReminderStateStore,
    private readonly instanceId: string,
    private readonly leaseMs: number,
    private readonly now: () => number,
    private readonly logger: Logger,
  ) {}

  /** Wins the reminder of `message`, or says why not. */
  async claim(message: ReminderMessage): Promise<Claim> {
    for (let attempt = 0; attempt < 4; attempt++) {
      const now = this.now();
      const found = await this.state.read(message.id);
      if (!found) return { kind: 'drop', reason: 'deleted' };
      const current = found.value;
      if (current.version !== message.version) return { kind: 'drop', reason: 'stale version' };
      if (FINISHED_STATUSES.has(current.status)) return { kind: 'drop', reason: current.status };
      const leaseHeld = current.leaseOwner === this.instanceId || (current.leaseUntil ?? 0) > now;
      if (current.status !== 'pending' && leaseHeld) return { kind: 'later' };
      if (current.status === 'delivering') {
        // Its deliverer died after sending began: at-most-once, so never send it again.
        const failed: ReminderState = { ...withoutLease(current), status: 'failed', updatedAt: now };
        if (!(await this.state.replace(failed, found.eTag))) continue;
        this.logger.warn(
          { reminderId: current.id, version: current.version, code: ErrorCodes.SCHEDULER_FAILED },
          'reminder delivery was interrupted after sending began; marked failed, not resent (at-most-once)',
        );
        return { kind: 'drop', reason: 'interrupted', finished: failed };
      }
      const claimed: ReminderState = {
        ...current,
        status: 'claimed',
        leaseOwner: this.instanceId,
        leaseUntil: now + this.leaseMs,
        updatedAt: now,
      };
      if (await this.state.replace(claimed, found.eTag))
        return { kind: 'claimed', reminder: toReminder(claimed) };
    }
    return { kind: 'later' };
  }

  /** Before each send attempt: true while this instance still holds this version's lease. */
  async beginAttempt(reminder: Reminder): Promise<boolean> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const found = await this.state.read(reminder.id);
      if (!found || !this.holds(found.value, reminder)) return false;
      if (found.value.status === 'delivering') return true;
      const delivering: ReminderState = { ...found.value, status: 'delivering', updatedAt: this.now() };
      if (await this.state.replace(delivering, found.eTag)) return true;
    }
    return false;
  }

  /** Records the outcome unless the reminder moved on (cancelled, snoozed, deleted) meanwhile. */
  async finish(reminder: Reminder, outcome: 'sent' | 'failed'): Promise<ReminderState | undefined> {
    const now = this.now();
    const { value, changed } = await this.state.update(reminder.id, (current) =>
      current && this.holds(current, reminder)
        ? { ...withoutLease(current), status: outcome, updatedAt: now }
        : undefined,
    );
    return changed ? value : undefined;
  }

  private holds(current: ReminderState, reminder: Reminder): boolean {
    return (
      current.version === reminder.version &&
      current.leaseOwner === this.instanceId &&
      (current.status === 'claimed' || current.status === 'delivering')
    );
  }
}
