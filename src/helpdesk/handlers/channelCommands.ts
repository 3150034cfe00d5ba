/**
 * Helpdesk turns: setting the channel up (`helpdesk here` / `off` / `language xx`, in helpdeskSetup.ts),
 * `tickets`, "Send to helpdesk" from a summary card (./escalate.ts), and the Action.Submit fallback of the
 * ticket card.
 */
import { MessageFactory, type TurnContext } from 'botbuilder';
import { attachment } from '../../cards/elements';
import { ticketListCard } from '../ticketCard';
import { isSafeTenantId } from '../store';
import { isOpen, type Ticket } from '../ticket';
import { updateTicketMessage, workTicket } from './ticketWork';
import type { HelpdeskServices } from './wiring';
import { tenantIdOf } from '../../turn/activityFacts';
import type { HelpdeskRequest } from '../requests';
import { escalate } from './escalate';
import { showStats } from './helpdeskStats';
import { setHere, setLanguage, setOff } from './helpdeskSetup';
import { sendNote } from '../../turn/replies';
import { channelIdsOf } from './teamChannel';
import type { CaseFile } from '../../turn/state';
import { turnServices } from '../../turn/turnServices';

export async function handleHelpdesk(
  context: TurnContext,
  services: HelpdeskServices,
  request: HelpdeskRequest,
  caseFile: CaseFile,
): Promise<void> {
  const tenantId = tenantIdOf(context.activity);
  if (!isSafeTenantId(tenantId)) {
    await sendNote(context, 'helpdesk.setup.noTenant');
    return;
  }
  switch (request.kind) {
    case 'here':
      return setHere(context, services, tenantId);
    case 'off':
      return setOff(context, services, tenantId);
    case 'language':
      return setLanguage(context, services, tenantId, request.code);
    case 'tickets':
      return listTickets(context, services, tenantId, request.before);
    case 'stats':
      return showStats(context, services, tenantId);
    case 'escalate':
      return escalate(context, services, tenantId, request, caseFile);
    case 'ticketAction': {
      const outcome = await workTicket(context, services, request.number, request.verb, request.inputs);
      // Older clients: no invoke response to carry the card, so the message itself is updated.
      await updateTicketMessage(context, services, outcome);
      if (outcome.note) await context.sendActivity(MessageFactory.text(outcome.note));
      return;
    }
  }
}

/** Tickets one `tickets` card lists; "Show older" gives the next page. */
const PAGE_SIZE = 30;

async function listTickets(
  context: TurnContext,
  services: HelpdeskServices,
  tenantId: string,
  before?: number,
): Promise<void> {
  const { t, timeZone } = turnServices(context);
  const channel = await services.store.channel(tenantId);
  const inHelpdesk = channel !== undefined && channelIdsOf(context)?.channelId === channel.channelId;
  const from = context.activity.from;
  const mine = (ticket: Ticket): boolean =>
    from.aadObjectId ? ticket.requester.aadObjectId === from.aadObjectId : ticket.requester.id === from.id;
  const page = await services.store.page(tenantId, inHelpdesk ? isOpen : mine, { before, size: PAGE_SIZE });
  const card = ticketListCard(page.tickets, t, inHelpdesk ? 'open' : 'mine', timeZone, page.next);
  await context.sendActivity(MessageFactory.attachment(attachment(card)));
}
