import { cancelReminderAction, reminderDoneAction, snoozeAction, stopReminderAction } from './actions';
import type { CardAttachment, ReminderCardData, ReminderListCardData } from '../cards/cardTypes';
import { attachment, card, commandText, executeAction, heading, text } from '../cards/elements';

/** The proactive full-sync reminder: why it came, the command, and done / snooze / stop. */
export function reminderCard(data: ReminderCardData): CardAttachment {
  const body = [heading(data.title), text(data.why), text(data.check), commandText(data.command)];
  const actions = [
    executeAction(data.done, reminderDoneAction.build({ reminder: data.id }), { style: 'positive' }),
    executeAction(data.snooze, snoozeAction.build({ reminder: data.id })),
    executeAction(data.stop, stopReminderAction.build({ reminder: data.id })),
  ];
  return attachment(card(body, actions));
}

/** Pending reminders, each with a cancel button. */
export function reminderListCard(data: ReminderListCardData): CardAttachment {
  const body = [heading(data.title), ...data.items.map((item) => text(item.line))];
  const actions = data.items.map((item) =>
    executeAction(item.cancel, cancelReminderAction.build({ reminder: item.id })),
  );
  return attachment(card(body, actions));
}
