import type { TurnContext } from 'botbuilder';
import { reminderListCard } from '../reminderCards';
import { formatTime } from '../../cards/format';
import { reminderListCardData } from '../reminderViews';
import { sectionOf } from '../../troubleshooting/catalogue';
import type { CheckId, ReminderChoice, SectionId } from '../../troubleshooting/model';
import type { Command } from '../../troubleshooting/commands';
import { ErrorCodes } from '../../core/errors';
import type { ReminderOps } from './reminderOps';
import { sendCard, sendNote } from '../../turn/replies';
import type { CaseFile } from '../../turn/state';
import { turnServices } from '../../turn/turnServices';

export type ReminderCommand = Extract<Command, { kind: 'reminders' | 'remind' | 'reminderAction' }>;

/** What the dialog does next: stay where it was, or continue a section after a check (a reminder's "Done"). */
export type ReminderNext = { kind: 'stay' } | { kind: 'resume'; section: SectionId; after: CheckId };

export interface ReminderTurn {
  readonly caseFile: CaseFile;
  /** Absent when reminders are not configured. */
  readonly reminders?: ReminderOps;
  /** The "Remind me later" token of the step card waiting for an answer (from the dialog stack), if any. */
  readonly tokenOnScreen?: string;
}

const STAY: ReminderNext = { kind: 'stay' };

/**
 * `reminders`, "Remind me later" and the buttons of reminder cards. A click acts only on the user's own
 * reminders, and only once.
 */
export async function handleReminderCommand(
  context: TurnContext,
  command: ReminderCommand,
  turn: ReminderTurn,
): Promise<ReminderNext> {
  const { reminders } = turn;
  const { t, timeZone } = turnServices(context);
  const time = (at: number): string => formatTime(new Date(at), t.locale, timeZone);
  if (!reminders) {
    await sendNote(context, 'reminders.gone');
    return STAY;
  }
  if (command.kind === 'remind') {
    await askForReminder(context, turn, reminders, command);
    return STAY;
  }
  if (command.kind === 'reminders') {
    const pending = await reminders.listPending(context);
    if (pending.length === 0) await sendNote(context, 'reminders.listEmpty');
    else await sendCard(context, reminderListCard(reminderListCardData(pending, t, timeZone)));
    return STAY;
  }
  const reminder = await reminders.find(context, command.id);
  if (!reminder) {
    await sendNote(context, 'reminders.gone');
    return STAY;
  }
  switch (command.action) {
    case 'done':
      await reminders.cancel(reminder.id);
      return { kind: 'resume', section: sectionOf('fullSync'), after: 'fullSync' };
    case 'snooze': {
      const snoozed = await reminders.snooze(reminder.id);
      if (snoozed) await sendNote(context, 'reminders.snoozed', { time: time(snoozed.dueAt) });
      else await sendNote(context, 'reminders.gone');
      return STAY;
    }
    case 'stop':
    case 'cancel': {
      const cancelled = await reminders.cancel(reminder.id);
      await sendNote(
        context,
        cancelled
          ? command.action === 'stop'
            ? 'reminders.stopped'
            : 'reminders.cancelled'
          : 'reminders.gone',
      );
      return STAY;
    }
  }
}

/**
 * A "Remind me later" click counts only with the token of a card that is current: the step card
 * waiting for an answer (its check offers reminders), or the latest section summary that offered them.
 * Without it, a forged `{"wb":{"a":"remind"}}` post could schedule reminders at will.
 */
function acceptsRemindToken(turn: ReminderTurn, token: string): boolean {
  if (turn.caseFile.remindToken !== undefined && turn.caseFile.remindToken === token) return true;
  return turn.tokenOnScreen !== undefined && turn.tokenOnScreen === token;
}

/** Schedules (or folds, or refuses at the cap) the reminder a current card asked for, and says so. */
async function askForReminder(
  context: TurnContext,
  turn: ReminderTurn,
  reminders: ReminderOps,
  request: { choice: ReminderChoice; token: string },
): Promise<void> {
  const { t, timeZone, log } = turnServices(context);
  if (!acceptsRemindToken(turn, request.token)) {
    log.info({ code: ErrorCodes.STALE_CARD }, 'remind request without a current card token');
    await sendNote(context, 'notes.stale');
    return;
  }
  const outcome = await reminders.schedule(context, request.choice);
  if (outcome.kind === 'limit') {
    log.info({ code: ErrorCodes.REMINDER_LIMIT }, 'reminder refused: user at the pending limit');
    await sendNote(context, 'guard.remindLimit', { count: outcome.max });
    return;
  }
  const time = formatTime(new Date(outcome.reminder.dueAt), t.locale, timeZone);
  await sendNote(context, outcome.kind === 'moved' ? 'guard.remindMoved' : 'reminders.scheduled', { time });
}
