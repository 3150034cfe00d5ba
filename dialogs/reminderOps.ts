import type { TurnContext } from 'botbuilder';
import { conversationKeyOf, referenceFromActivity, userKeyOf } from '../src/proactive/conversationReference';
import { dueAtFor, type ReminderChoice } from '../src/proactive/dueTimes';
import type { ReminderScheduler } from '../src/proactive/scheduler';
import type { Reminder } from '../src/proactive/types';
import { turnServices } from './turnServices';

const SNOOZE_MS = 60 * 60 * 1000;

/** Reminders as a turn sees them: always for the user and conversation of this turn. */
export interface ReminderOps {
  schedule(context: TurnContext, choice: ReminderChoice): Promise<Reminder>;
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

export function createReminderOps(scheduler: ReminderScheduler, now: () => Date): ReminderOps {
  return {
    async schedule(context, choice) {
      const owner = keys(context);
      if (!owner) throw new Error('this activity cannot be continued later (no conversation reference)');
      const { t, timeZone } = turnServices(context);
      return scheduler.schedule({
        ...owner,
        kind: 'fullSync',
        locale: t.locale,
        timeZone,
        dueAt: dueAtFor(choice, now().getTime(), timeZone),
      });
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
