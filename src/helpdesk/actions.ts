/** The helpdesk actions: "Send to helpdesk" on a summary, and the ticket card's verbs. */
import { z } from 'zod';
import { actionKind, cardToken } from '../cards/actionCodec';
import { SUMMARY_SCOPES } from '../troubleshooting/model';
import { TICKET_OPS } from './ticket';

/** A ticket card's verbs: the operations, and `refresh` (Universal Actions' automatic refresh). */
/** @internal Exported for the codec's property test. */
export const TICKET_VERBS = [...TICKET_OPS, 'refresh', 'reassign', 'priority', 'rate'] as const;
export type TicketVerb = (typeof TICKET_VERBS)[number];

/** What an escalation covers: one section, or the whole case. */
export const ESCALATION_SCOPES = SUMMARY_SCOPES;

export const escalateAction = actionKind('escalate', {
  scope: ['s', z.enum(ESCALATION_SCOPES)],
  /** The summary card's token: a post without the current one is forged or stale. */
  token: ['t', cardToken],
});

export const ticketAction = actionKind('ticket', {
  verb: ['op', z.enum(TICKET_VERBS)],
  ticket: ['n', z.number().int().positive().max(1_000_000_000)],
  /** `rate`: the resolution the rating card was sent for. */
  resolution: ['r', z.number().int().nonnegative().max(100_000).optional()],
});

/** "Show older" under `tickets`: the next page, numbered below `before`. */
export const ticketsPageAction = actionKind('ticketsPage', {
  before: ['b', z.number().int().positive().max(1_000_000_001)],
});

export const HELPDESK_ACTIONS = [escalateAction, ticketAction, ticketsPageAction] as const;

/** Helpdesk texts: capped when stored; the limit here only refuses what no card could send. */
export const HELPDESK_INPUTS = {
  hdDescription: z.string().max(100_000),
  hdNote: z.string().max(100_000),
  /** Checked against the priorities, the team and 1-5 by the ticket verbs (a forged value gets a note). */
  hdPriority: z.string().max(100),
  hdAssignee: z.string().max(200),
  hdRating: z.string().max(100),
  hdComment: z.string().max(100_000),
} as const;

/** A ticket click's inputs by name (the card input ids stay in this file and the cards). */
export function ticketInputsOf(
  inputs: Partial<Record<keyof typeof HELPDESK_INPUTS, string>>,
  resolution: number | undefined,
): TicketInputs {
  return {
    note: inputs.hdNote,
    priority: inputs.hdPriority,
    assignee: inputs.hdAssignee,
    rating: inputs.hdRating,
    comment: inputs.hdComment,
    ...(resolution !== undefined ? { resolution } : {}),
  };
}

/** What a ticket click carries besides its verb: card inputs as typed (checked by the verbs) and the rated resolution. */
export interface TicketInputs {
  note?: string;
  priority?: string;
  assignee?: string;
  rating?: string;
  comment?: string;
  resolution?: number;
}
