/**
 * "Send to helpdesk" on a summary card. Accepted only with the token of the latest summary of its scope,
 * and in group chats and channels only from the member who ran the section. Then, in one compare-and-set
 * on the tenant's counter: one ticket per summary card (a double click gets the first one's number), at
 * most HELPDESK_MAX_OPEN_TICKETS open tickets per requester, at most HELPDESK_NEW_THREADS_MAX new threads
 * per tenant in HELPDESK_NEW_THREADS_WINDOW_MINUTES. Whatever is refused posts nothing and schedules
 * nothing. The new thread goes through the outbound sender's pacing.
 */
import { metrics } from '../../telemetry/metrics';
import { createHash } from 'node:crypto';
import { MessageFactory, type TurnContext } from 'botbuilder';
import { attachment } from '../../cards/elements';
import { ticketCard, ticketConfirmationCard } from '../ticketCard';
import type { EscalateRequest } from '../requests';
import { ErrorCodes } from '../../core/errors';
import { newTicket, unassignedReminderId } from '../escalation';
import type { HelpdeskChannel } from '../store';
import type { Ticket } from '../ticket';
import { startChannelThread, type HelpdeskServices } from './wiring';
import { resolveLocale } from '../../i18n/locales';
import { conversationKeyOf, referenceFromActivity } from '../../proactive/conversationReference';
import type { StoredConversationReference } from '../../proactive/types';
import { isSomeoneElsesSummary } from '../../troubleshooting/handlers/ownership';
import { sendNote } from '../../turn/replies';
import type { CaseFile } from '../../turn/state';
import { turnServices } from '../../turn/turnServices';

export async function escalate(
  context: TurnContext,
  services: HelpdeskServices,
  tenantId: string,
  request: EscalateRequest,
  caseFile: CaseFile,
): Promise<void> {
  const { t, timeZone, correlationId, log } = turnServices(context);
  const summary = caseFile.summaries?.[request.scope];
  if (!summary || summary.token !== request.token) {
    log.info({ code: ErrorCodes.STALE_CARD }, 'escalation without the current summary token');
    await sendNote(context, 'notes.stale');
    return;
  }
  if (isSomeoneElsesSummary(summary.owner, context.activity)) {
    log.info({ code: ErrorCodes.NOT_SECTION_OWNER }, "escalation of another member's summary refused");
    await sendNote(context, 'helpdesk.limits.notYours');
    return;
  }
  const channel = await services.store.channel(tenantId);
  if (!channel) {
    await sendNote(context, 'helpdesk.setup.notConfigured');
    return;
  }
  const reference = referenceFromActivity(context.activity, services.now().getTime());
  if (!reference) throw new Error('an escalation without a conversation reference');
  const from = context.activity.from;
  const conversationKey = conversationKeyOf(reference);
  // One ticket per summary card: its token names it (a replyToId is not always there).
  const claim = createHash('sha256').update(`${conversationKey}\n${request.token}`).digest('hex');
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
    { claim, limits: services.limits },
  );
  switch (created.kind) {
    case 'duplicate':
      await sendNote(context, 'helpdesk.confirm.already', { number: created.number });
      return;
    case 'openLimit':
      log.info(
        { code: ErrorCodes.HELPDESK_OPEN_LIMIT, max: created.max },
        'escalation refused: open tickets',
      );
      await sendNote(context, 'helpdesk.limits.open', { max: created.max });
      return;
    case 'rateLimited':
      log.warn({ code: ErrorCodes.HELPDESK_RATE_LIMIT }, 'escalation refused: new threads of the tenant');
      await sendNote(context, 'helpdesk.limits.busy');
      return;
    case 'created':
      break;
  }
  const ticket = created.ticket;
  const ht = services.localizer.for(resolveLocale(undefined, channel.locale));
  const card = ticketCard(ticket, ht, { timeZone: channel.timeZone });
  const thread = await startChannelThread(
    services,
    channel,
    MessageFactory.attachment(attachment(card)),
    correlationId,
  );
  if (!thread) {
    await services.store.remove(tenantId, ticket.number);
    log.error({ code: ErrorCodes.HELPDESK_POST_FAILED }, 'helpdesk: ticket not posted');
    await sendNote(context, 'helpdesk.failed', { code: ErrorCodes.HELPDESK_POST_FAILED, ref: correlationId });
    return;
  }
  await services.store.patch(tenantId, ticket.number, (current) => ({ ...current, thread }));
  await scheduleUnassignedReminder(services, channel, ticket, thread.conversationId);
  log.info({ ticket: ticket.number, scope: request.scope }, 'helpdesk: ticket created');
  metrics.ticketOpened();
  metrics.escalated();
  await context.sendActivity(MessageFactory.attachment(attachment(ticketConfirmationCard(ticket, t))));
}

/** Remembers the thread (the sender reaches it by its key) and schedules its "nobody took it" line. */
async function scheduleUnassignedReminder(
  services: HelpdeskServices,
  channel: HelpdeskChannel,
  ticket: Ticket,
  threadId: string,
): Promise<void> {
  const threadReference: StoredConversationReference = {
    ...channel.reference,
    conversation: { ...channel.reference.conversation, id: threadId },
    updatedAt: services.now().getTime(),
  };
  const threadKey = await services.references.save(threadReference);
  await services.scheduler.schedule({
    id: unassignedReminderId(ticket.tenantId, ticket.number),
    userKey: `helpdesk:${ticket.tenantId}`,
    conversationKey: threadKey,
    dueAt: services.now().getTime() + services.reminderMinutes * 60_000,
    kind: 'helpdeskUnassigned',
    locale: channel.locale,
    ...(channel.timeZone ? { timeZone: channel.timeZone } : {}),
  });
  metrics.reminderScheduled('helpdeskUnassigned');
}
