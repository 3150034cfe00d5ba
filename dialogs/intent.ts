import type { TurnContext } from 'botbuilder';
import { parseCardValue, type CardAction } from '../src/cards/actions';
import { parseEventId } from '../src/checks/events';
import { parseCommand, type Command } from '../src/commands';
import { parseHelpdeskCommand } from '../src/helpdesk/commands';
import type { HelpdeskRequest } from './helpdeskCommands';
import { turnServices } from './turnServices';

/** What the user's message means, before any dialog looks at it. */
export type Intent =
  | { kind: 'command'; command: Command }
  | { kind: 'helpdesk'; request: HelpdeskRequest }
  | { kind: 'step'; action: CardAction }
  | { kind: 'invalidCard' }
  | { kind: 'badEventInput' }
  | { kind: 'text'; text: string }
  | { kind: 'empty' };

export function readIntent(context: TurnContext): Intent {
  const { t, english } = turnServices(context);
  const activity = context.activity;
  const card = parseCardValue(activity.value);
  if (card.kind === 'invalid') return { kind: 'invalidCard' };
  if (card.kind === 'action') {
    const action = card.action;
    switch (action.a) {
      case 'start':
        return { kind: 'command', command: { kind: 'start', section: action.s } };
      case 'runAll':
        return { kind: 'command', command: { kind: 'runAll' } };
      case 'menu':
        return { kind: 'command', command: { kind: 'menu' } };
      case 'language':
        return action.inputs.language
          ? { kind: 'command', command: { kind: 'language', code: action.inputs.language } }
          : { kind: 'invalidCard' };
      case 'event': {
        const id = parseEventId(action.inputs.eventId ?? '');
        return id === undefined
          ? { kind: 'badEventInput' }
          : { kind: 'command', command: { kind: 'event', id } };
      }
      case 'remind':
        return { kind: 'command', command: { kind: 'remind', choice: action.choice } };
      case 'reminderDone':
      case 'snooze':
      case 'stopReminder':
      case 'cancelReminder': {
        const verbs = {
          reminderDone: 'done',
          snooze: 'snooze',
          stopReminder: 'stop',
          cancelReminder: 'cancel',
        } as const;
        return {
          kind: 'command',
          command: { kind: 'reminderAction', action: verbs[action.a], id: action.id },
        };
      }
      case 'escalate':
        return {
          kind: 'helpdesk',
          request: { kind: 'escalate', scope: action.s, description: action.inputs.hdDescription },
        };
      case 'ticket':
        return {
          kind: 'helpdesk',
          request: { kind: 'ticketAction', number: action.n, verb: action.op, note: action.inputs.hdNote },
        };
      default:
        return { kind: 'step', action };
    }
  }
  const text = typeof activity.text === 'string' ? activity.text.trim() : '';
  if (!text) return { kind: 'empty' };
  const helpdesk = parseHelpdeskCommand(text, t, english);
  if (helpdesk) return { kind: 'helpdesk', request: helpdesk };
  const command = parseCommand(text, t, english);
  return command ? { kind: 'command', command } : { kind: 'text', text };
}
