import { REMINDER_CHOICES } from '../troubleshooting/model';
import type { Translator } from '../i18n/translator';
import { remindAction } from './actions';
import type { ReminderCardData, ReminderListCardData, RemindOffer } from '../cards/cardTypes';
import { formatTime } from '../cards/format';

export const NO_REMIND_OFFER: RemindOffer = {
  remindTitle: '',
  remindHint: '',
  remindChoices: [],
  remindToken: '',
};

export function remindOffer(t: Translator, token: string): RemindOffer {
  return {
    remindToken: token,
    remindTitle: t.t('reminders.remindMe'),
    remindHint: t.t('reminders.remindMeHint'),
    remindChoices: REMINDER_CHOICES.map((choice) => ({
      title: t.t(`reminders.choices.${choice}`),
      data: remindAction.build({ choice, token }),
    })),
  };
}

export function reminderCardData(id: string, t: Translator): ReminderCardData {
  return {
    id,
    title: t.t('reminders.title'),
    why: t.t('reminders.why'),
    check: t.t('reminders.check'),
    command: 'Get-ADSyncConnectorRunStatus',
    done: t.t('reminders.done'),
    snooze: t.t('reminders.snooze'),
    stop: t.t('reminders.stop'),
  };
}

export function reminderListCardData(
  reminders: ReadonlyArray<{ id: string; dueAt: number }>,
  t: Translator,
  timeZone?: string,
): ReminderListCardData {
  return {
    title: t.t('reminders.listTitle'),
    items: reminders.map((r) => {
      const time = formatTime(new Date(r.dueAt), t.locale, timeZone);
      return {
        id: r.id,
        line: t.t('reminders.listItem', { time }),
        cancel: t.t('reminders.cancel', { time }),
      };
    }),
  };
}
