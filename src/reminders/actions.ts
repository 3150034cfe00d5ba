/** The reminder actions: "Remind me later" on a current card, and the buttons of reminder cards. */
import { z } from 'zod';
import { actionKind, cardToken } from '../cards/actionCodec';
import { REMINDER_CHOICES } from '../troubleshooting/model';

const reminderId = z.string().regex(/^[\w-]{1,64}$/);

/** The card's token is required: a remind without the current card's token is forged or stale. */
export const remindAction = actionKind('remind', {
  choice: ['choice', z.enum(REMINDER_CHOICES)],
  token: ['t', cardToken],
});

export const reminderDoneAction = actionKind('reminderDone', { reminder: ['id', reminderId] });
export const snoozeAction = actionKind('snooze', { reminder: ['id', reminderId] });
export const stopReminderAction = actionKind('stopReminder', { reminder: ['id', reminderId] });
export const cancelReminderAction = actionKind('cancelReminder', { reminder: ['id', reminderId] });

export const REMINDER_ACTIONS = [
  remindAction,
  reminderDoneAction,
  snoozeAction,
  stopReminderAction,
  cancelReminderAction,
] as const;
