/**
 * Helpdesk turns: setting the channel up (`helpdesk here` / `off` / `language xx`, in helpdeskSetup.ts),
 * `tickets`, "Send to helpdesk" from a summary card, and the Action.Submit fallback of the ticket card.
 */
import { createHash } from 'node:crypto';
import { MessageFactory, type TurnContext } from 'botbuilder';
import { attachment } from '../cards/elements';
import { ticketCard, ticketConfirmationCard, ticketListCard } from '../cards/helpdeskCards';
import type { SectionId } from '../checks/model';
import { ErrorCodes, describeError } from '../errors';
import type { HelpdeskCommand } from '../helpdesk/commands';
import { newTicket, unassignedReminderId } from '../helpdesk/escalation';
import { isSafeTenantId } from '../helpdesk/store';
import { isOpen, type Ticket } from '../helpdesk/ticket';
import type { TicketVerb } from '../helpdesk/actions';
import { updateTicketMessage, workTicket } from '../helpdeskInvoke';
import { startChannelThread, type HelpdeskServices } from '../helpdeskWiring';
import { resolveLocale } from '../i18n/locales';
import { conversationKeyOf, referenceFromActivity } from '../proactive/conversationReference';
import { tenantIdOf } from '../turn/activityFacts';
import type { StoredConversationReference } from '../proactive/types';
import { setHere, setLanguage, setOff } from './helpdeskSetup';
import { sendNote } from './replies';
import { channelIdsOf } from './teamChannel';
import type { CaseFile } from './state';
import { turnServices } from './turnServices';

export type HelpdeskRequest =
  | HelpdeskCommand
  | { kind: 'escalate'; scope: SectionId | 'case'; token?: string; description?: string }
  | { kind: 'ticketAction'; number: number; verb: TicketVerb; note?: string };

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
      return listTickets(context, services, tenantId);
    case 'escalate':
      return escalate(context, services, tenantId, request, caseFile);
    case 'ticketAction': {
      const outcome = await workTicket(context, services, request.number, request.verb, request.note);
      // Older clients: no invoke response to carry the card, so the message itself is updated.
      await updateTicketMessage(context, services, outcome);
      if (outcome.note) await context.sendActivity(MessageFactory.text(outcome.note));
      return;
    }
  }
}

async function listTickets(
  context: TurnContext,
  services: HelpdeskServices,
  tenantId: string,
): Promise<void> {
  const { t, timeZone } = turnServices(context);
  const channel = await services.store.channel(tenantId);
  const inHelpdesk = channel !== undefined && channelIdsOf(context)?.channelId === channel.channelId;
  const from = context.activity.from;
  const mine = (ticket: Ticket): boolean =>
    from.aadObjectId ? ticket.requester.aadObjectId === from.aadObjectId : ticket.requester.id === from.id;
  const tickets = await services.store.list(tenantId, inHelpdesk ? isOpen : mine);
  const card = ticketListCard(tickets, t, inHelpdesk ? 'open' : 'mine', timeZone);
  await context.sendActivity(MessageFactory.attachment(attachment(card)));
}

async function escalate(
  context: TurnContext,
  services: HelpdeskServices,
  tenantId: string,
  request: Extract<HelpdeskRequest, { kind: 'escalate' }>,
  caseFile: CaseFile,
): Promise<void> {
  const { t, timeZone, correlationId, log } = turnServices(context);
  const channel = await services.store.channel(tenantId);
  if (!channel) {
    await sendNote(context, 'helpdesk.setup.notConfigured');
    return;
  }
  const reference = referenceFromActivity(context.activity, services.now().getTime());
  if (!reference) throw new Error('an escalation without a conversation reference');
  const from = context.activity.from;
  const conversationKey = conversationKeyOf(reference);
  const replyToId = context.activity.replyToId;
  const claim = replyToId
    ? createHash('sha256').update(`${conversationKey}\n${replyToId}\n${request.scope}`).digest('hex')
    : undefined;
  const created = await services.store.create(
    newTicket({
      tenantId,
      scope: request.scope,
      requester: {
        id: from.id,
        name: from.name ?? '',
        ...(from.aadObjectId ? { aadObjectId: from.aadObjectId } : {}),
        conversationKey,
        locale: t.locale,
        ...(timeZone ? { timeZone } : {}),
      },
      helpdesk: {
        teamId: channel.teamId,
        channelId: channel.channelId,
        locale: channel.locale,
        ...(channel.timeZone ? { timeZone: channel.timeZone } : {}),
      },
      snapshot: caseFile,
      description: request.description,
      now: services.now().getTime(),
    }),
    claim,
  );
  if (created.duplicate) {
    await sendNote(context, 'helpdesk.confirm.already', { number: created.number });
    return;
  }
  const ticket = created.ticket;
  const ht = services.localizer.for(resolveLocale(undefined, channel.locale));
  const card = ticketCard(ticket, ht, { timeZone: channel.timeZone });
  let thread: { conversationId: string; activityId: string };
  try {
    // In-turn, but into another conversation: a new thread is a createConversation call, which the
    // outbound sender (continueConversation only) does not make. Replies in the thread later go
    // through the sender (reminder) or the thread's own turns (actions).
    thread = await startChannelThread(services, channel, MessageFactory.attachment(attachment(card)));
  } catch (err) {
    await services.store.remove(tenantId, ticket.number);
    log.error(
      { code: ErrorCodes.HELPDESK_POST_FAILED, err: describeError(err) },
      'helpdesk: ticket not posted',
    );
    await sendNote(context, 'helpdesk.failed', { code: ErrorCodes.HELPDESK_POST_FAILED, ref: correlationId });
    return;
  }
  await services.store.patch(tenantId, ticket.number, (current) => ({ ...current, thread }));
  const threadReference: StoredConversationReference = {
    ...channel.reference,
    conversation: { ...channel.reference.conversation, id: thread.conversationId },
    updatedAt: services.now().getTime(),
  };
  const threadKey = await services.references.save(threadReference);
  await services.scheduler.schedule({
    id: unassignedReminderId(tenantId, ticket.number),
    userKey: `helpdesk:${tenantId}`,
    conversationKey: threadKey,
    dueAt: services.now().getTime() + services.reminderMinutes * 60_000,
    kind: 'helpdeskUnassigned',
    locale: channel.locale,
    ...(channel.timeZone ? { timeZone: channel.timeZone } : {}),
  });
  log.info({ ticket: ticket.number, scope: request.scope }, 'helpdesk: ticket created');
  await context.sendActivity(MessageFactory.attachment(attachment(ticketConfirmationCard(ticket, t))));
}
