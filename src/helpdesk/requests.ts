/** What a turn asks of the helpdesk: a typed command, "Send to helpdesk" from a summary, a ticket card click. */
import type { SectionId } from '../troubleshooting/model';
import type { TicketInputs, TicketVerb } from './actions';
import type { HelpdeskCommand } from './commands';

export interface EscalateRequest {
  scope: SectionId | 'case';
  /** The token of the summary card the click came from. */
  token: string;
  description?: string;
}

export type HelpdeskRequest =
  | HelpdeskCommand
  | ({ kind: 'escalate' } & EscalateRequest)
  | { kind: 'ticketAction'; number: number; verb: TicketVerb; inputs: TicketInputs };
