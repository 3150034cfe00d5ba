import type { TurnContext } from 'botbuilder';
import { metrics } from '../../telemetry/metrics';
import { conversationKeyOf, referenceFromActivity, userKeyOf } from '../../proactive/conversationReference';
import type { ReminderChoice } from '../../troubleshooting/model';
import { dueAtFor } from '../dueTimes';
import type { ReminderQuota } from '../reminderQuota';
import type { ReminderScheduler } from '../../proactive/scheduler';
import type { Reminder } from '../../proactive/types';
import { turnServices } from '../../turn/turnServices';

const SNOOZE_MS = 60 * 60 * 1000;

/**
 * What asking for a reminder did. `moved`: the user already had one of this kind in this conversation,
 * and the new choice replaced its time (duplicates fold into one). `limit`: the user is at the cap.
 */
type ScheduleOutcome =
  | { kind: 'scheduled'; reminder: Reminder }
  | { kind: 'moved'; reminder: Reminder }
  | { kind: 'limit'; max: number };

/** Reminders as a turn sees them: always for the user and conversation of this turn. */
export interface ReminderOps {
  schedule(context: TurnContext, choice: ReminderChoice): Promise<ScheduleOutcome>;
  listPending(context: TurnContext): Promise<Reminder[]>;
  /** The reminder if it belongs to this user in this conversation. */
  find(context: TurnContext, id: string): Promise<Reminder | undefined>;
  cancel(id: string): Promise<boolean>;
  snooze(id: string): Promise<Reminder | undefined>;
}

function keys(context: TurnContext): { userKey: string; conversationKey: string } | undefined {
  const reference = referenceFromActivity(context.activity);
  return reference
    ? { userKey: userKeyOf(reference), conversationKey: conversationKeyOf(reference) }
    : undefined;
}

export function createReminderOps(
  scheduler: ReminderScheduler,
  now: () => Date,
  /** One per app: uninstall releases the same records (src/proactive/uninstall.ts). */
  quota: ReminderQuota,
): ReminderOps {
  return {
    async schedule(context, choice) {
      const owner = keys(context);
      if (!owner) throw new Error('this activity cannot be continued later (no conversation reference)');
      const { t, timeZone } = turnServices(context);
      const dueAt = dueAtFor(choice, now().getTime(), timeZone);
      const pending = await scheduler.listPending(owner.userKey, owner.conversationKey);
      const same = pending.find((r) => r.kind === 'fullSync');
      if (same) {
        const moved = await scheduler.snooze(same.id, dueAt);
        if (moved) return { kind: 'moved', reminder: moved };
      }
      const id = await quota.reserve(owner.userKey);
      if (!id) return { kind: 'limit', max: quota.max };
      const reminder = await scheduler.schedule({
        ...owner,
        id,
        kind: 'fullSync',
        locale: t.locale,
        timeZone,
        dueAt,
      });
      metrics.reminderScheduled(reminder.kind);
      return { kind: 'scheduled', reminder };
    },
    async listPending(context) {
      const owner = keys(context);
      return owner ? scheduler.listPending(owner.userKey, owner.conversationKey) : [];
    },
    async find(context, id) {
      const owner = keys(context);
      const reminder = await scheduler.get(id);
      const mine =
        reminder &&
        owner &&
        reminder.userKey === owner.userKey &&
        reminder.conversationKey === owner.conversationKey;
      return mine ? reminder : undefined;
    },
    cancel: (id) => scheduler.cancel(id),
    snooze: (id) => scheduler.snooze(id, now().getTime() + SNOOZE_MS),
  };
}
