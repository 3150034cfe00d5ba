/** The helpdesk actions: "Send to helpdesk" on a summary, and the ticket card's verbs. */
import { z } from 'zod';
import { actionKind, cardToken } from '../cards/actionCodec';
import { SECTION_IDS } from '../troubleshooting/model';
import { TICKET_OPS } from './ticket';

/** A ticket card's verbs: the operations, and `refresh` (Universal Actions' automatic refresh). */
/** @internal Exported for the codec's property test. */
export const TICKET_VERBS = [...TICKET_OPS, 'refresh'] as const;
export type TicketVerb = (typeof TICKET_VERBS)[number];

/** What an escalation covers: one section, or the whole case. */
export const ESCALATION_SCOPES = [...SECTION_IDS, 'case'] as const;

export const escalateAction = actionKind('escalate', {
  scope: ['s', z.enum(ESCALATION_SCOPES)],
  /** The summary card's token: a post without the current one is forged or stale. */
  token: ['t', cardToken],
});

export const ticketAction = actionKind('ticket', {
  verb: ['op', z.enum(TICKET_VERBS)],
  ticket: ['n', z.number().int().positive().max(1_000_000_000)],
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
} as const;
