import type { TurnContext } from 'botbuilder';
import type { CardAction, CardInputs } from './cardActions';
import { parseEventId } from '../troubleshooting/events';
import type { Catalogue } from '../troubleshooting/model';
import { readPaste, type PasteReading } from '../paste/readers';
import { parseCommand, type Command } from '../troubleshooting/commands';
import { parseHelpdeskCommand } from '../helpdesk/commands';
import { ticketInputsOf } from '../helpdesk/actions';
import type { HelpdeskRequest } from '../helpdesk/requests';
import { turnServices } from './turnServices';
import { parsedClick } from './cardInvoke';

/** A click the running check card answers (the dialogs compare its check and token with the card's). */
type StepAction = Extract<CardAction, { kind: 'answer' | 'fix' | 'version' }>;

/** What the user's message means, before any dialog looks at it. */
export type Intent =
  | { kind: 'command'; command: Command }
  | { kind: 'helpdesk'; request: HelpdeskRequest }
  | { kind: 'step'; action: StepAction; inputs: CardInputs }
  | { kind: 'invalidCard' }
  | { kind: 'badEventInput' }
  | { kind: 'paste'; reading: PasteReading }
  | { kind: 'text'; text: string }
  | { kind: 'empty' };

export function readIntent(context: TurnContext, catalogue?: Catalogue): Intent {
  const { t, english } = turnServices(context);
  const activity = context.activity;
  const card = parsedClick(context);
  if (card.kind === 'invalid') return { kind: 'invalidCard' };
  if (card.kind === 'action') return cardIntent(card.action, card.inputs);
  const text = typeof activity.text === 'string' ? activity.text.trim() : '';
  // Pasted command output is read before anything else, so that no command or prompt mistakes it for text.
  const paste = pastedOutput(context);
  if (paste) return { kind: 'paste', reading: paste };
  if (!text) return { kind: 'empty' };
  const helpdesk = parseHelpdeskCommand(text, t, english);
  if (helpdesk) return { kind: 'helpdesk', request: helpdesk };
  const command = parseCommand(text, t, english, catalogue);
  return command ? { kind: 'command', command } : { kind: 'text', text };
}

const PASTE = Symbol('writeback.paste');

/**
 * What the message's output reads as (cached for the turn: the dialogs ask more than once). Teams sends rich
 * text as a text/html attachment next to `text`; the HTML keeps the pasted line breaks, so it is preferred.
 */
function pastedOutput(context: TurnContext): PasteReading | undefined {
  const cached = context.turnState.get<{ reading?: PasteReading } | undefined>(PASTE);
  if (cached) return cached.reading;
  const activity = context.activity;
  const html = activity.attachments?.find(
    (a) => a.contentType === 'text/html' && typeof a.content === 'string',
  )?.content as string | undefined;
  const raw = html ?? (typeof activity.text === 'string' ? activity.text : '');
  const reading = raw.trim() ? readPaste(raw) : undefined;
  context.turnState.set(PASTE, { reading });
  return reading;
}

const REMINDER_VERBS = {
  reminderDone: 'done',
  snooze: 'snooze',
  stopReminder: 'stop',
  cancelReminder: 'cancel',
} as const;

/** What a card click asks for; every action kind is named here, so a new one does not compile unhandled. */
function cardIntent(action: CardAction, inputs: CardInputs): Intent {
  switch (action.kind) {
    case 'answer':
    case 'fix':
    case 'version':
      return { kind: 'step', action, inputs };
    case 'start':
      return { kind: 'command', command: { kind: 'start', section: action.section } };
    case 'runAll':
      return { kind: 'command', command: { kind: 'runAll' } };
    case 'menu':
      return { kind: 'command', command: { kind: 'menu' } };
    case 'refresh':
    case 'summaryRefresh':
      // Answered before the dialogs run (a refresh only reads); anywhere else it is not a click.
      return { kind: 'invalidCard' };
    case 'language':
      return inputs.language
        ? { kind: 'command', command: { kind: 'language', code: inputs.language } }
        : { kind: 'invalidCard' };
    case 'event': {
      const id = parseEventId(inputs.eventId ?? '');
      return id === undefined
        ? { kind: 'badEventInput' }
        : { kind: 'command', command: { kind: 'event', id } };
    }
    case 'remind':
      return { kind: 'command', command: { kind: 'remind', choice: action.choice, token: action.token } };
    case 'reminderDone':
    case 'snooze':
    case 'stopReminder':
    case 'cancelReminder':
      return {
        kind: 'command',
        command: { kind: 'reminderAction', action: REMINDER_VERBS[action.kind], id: action.reminder },
      };
    case 'escalate':
      return {
        kind: 'helpdesk',
        request: {
          kind: 'escalate',
          scope: action.scope,
          token: action.token,
          description: inputs.hdDescription,
        },
      };
    case 'ticket':
      return {
        kind: 'helpdesk',
        request: {
          kind: 'ticketAction',
          number: action.ticket,
          verb: action.verb,
          inputs: ticketInputsOf(inputs, action.resolution),
        },
      };
    case 'ticketsPage':
      return { kind: 'helpdesk', request: { kind: 'tickets', before: action.before } };
  }
}
