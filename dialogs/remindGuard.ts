import type { DialogContext } from './dialogKit';
import { formatTime } from '../src/cards/format';
import { ErrorCodes } from '../src/errors';
import type { ReminderChoice } from '../src/checks/model';
import { CARD_PROMPT, remindTokenOf } from './cardPrompt';
import type { ReminderOps } from './reminderOps';
import { sendNote } from './replies';
import type { CaseFile } from './state';
import { turnServices } from './turnServices';

/**
 * A "Remind me later" click counts only with the token of a card that is current: the step card
 * waiting for an answer (its check offers reminders), or the latest section summary that offered them.
 * Without it, a forged `{"wb":{"a":"remind"}}` post could schedule reminders at will.
 */
export function acceptsRemindToken(innerDc: DialogContext, caseFile: CaseFile, token: string): boolean {
  if (caseFile.remindToken !== undefined && caseFile.remindToken === token) return true;
  let dc: DialogContext = innerDc;
  while (dc.child) dc = dc.child;
  const active = dc.activeDialog;
  return active?.id === CARD_PROMPT && remindTokenOf(active) === token;
}

/** Schedules (or folds, or refuses at the cap) the reminder a current card asked for, and says so. */
export async function askForReminder(
  innerDc: DialogContext,
  caseFile: CaseFile,
  reminders: ReminderOps,
  request: { choice: ReminderChoice; token: string },
): Promise<void> {
  const context = innerDc.context;
  const { t, timeZone, log } = turnServices(context);
  if (!acceptsRemindToken(innerDc, caseFile, request.token)) {
    log.info({ code: ErrorCodes.STALE_CARD }, 'remind request without a current card token');
    await sendNote(context, 'notes.stale');
    return;
  }
  const outcome = await reminders.schedule(context, request.choice);
  if (outcome.kind === 'limit') {
    log.info({ code: ErrorCodes.REMINDER_LIMIT }, 'reminder refused: user at the pending limit');
    await sendNote(context, 'guard.remindLimit', { max: outcome.max });
    return;
  }
  const time = formatTime(new Date(outcome.reminder.dueAt), t.locale, timeZone);
  await sendNote(context, outcome.kind === 'moved' ? 'guard.remindMoved' : 'reminders.scheduled', { time });
}
