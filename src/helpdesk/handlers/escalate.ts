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
import { helpdeskUnavailableCard } from '../unavailableCard';
import { applyLifecycle } from '../lifecycle';
import type { EscalateRequest } from '../requests';
import { ErrorCodes } from '../../core/errors';
import { newTicket, unassignedReminderId } from '../escalation';
import { armSla } from './slaTimers';
import { slaOf } from './ticketFollowUp';
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
  const draft = newTicket({
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
  });
  if (channel.unavailable) {
    await keepPending(context, services, { tenantId, request, conversationKey, channel, draft });
    return;
  }
  const created = await services.store.create(draft, { claim, limits: services.limits });
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
  const card = ticketCard(ticket, ht, { timeZone: channel.timeZone, sla: slaOf(services) });
  const { thread, status } = await startChannelThread(
    services,
    channel,
    MessageFactory.attachment(attachment(card)),
    correlationId,
  );
  if (!thread) {
    await services.store.remove(tenantId, ticket.number);
    if (status === 403 || status === 404) {
      // The channel is gone or the bot is no longer in its team: not a passing fault.
      const at = services.now().getTime();
      const marked = await services.store.updateChannel(tenantId, (current) =>
        current.channelId === channel.channelId
          ? applyLifecycle(current, { kind: 'lost', reason: 'postRejected', scope: 'channel' }, channel, at)
          : undefined,
      );
      log.warn(
        {
          code: ErrorCodes.HELPDESK_UNAVAILABLE,
          reason: 'postRejected',
          status,
          marked: marked !== undefined,
        },
        'helpdesk: Teams refused the post',
      );
      const now = (await services.store.channel(tenantId)) ?? channel;
      await keepPending(context, services, { tenantId, request, conversationKey, channel: now, draft });
      return;
    }
    log.error({ code: ErrorCodes.HELPDESK_POST_FAILED }, 'helpdesk: ticket not posted');
    await sendNote(context, 'helpdesk.failed', { code: ErrorCodes.HELPDESK_POST_FAILED, ref: correlationId });
    return;
  }
  await services.store.patch(tenantId, ticket.number, (current) => ({ ...current, thread }));
  await scheduleUnassignedReminder(services, channel, ticket, thread.conversationId);
  await armSla(services, { ...ticket, thread }, channel.locale, channel.timeZone);
  log.info({ ticket: ticket.number, scope: request.scope }, 'helpdesk: ticket created');
  metrics.ticketOpened();
  metrics.escalated();
  await context.sendActivity(MessageFactory.attachment(attachment(ticketConfirmationCard(ticket, t))));
}

/**
 * The helpdesk cannot take cases: the admin is told why, in their language, and how an IT team sets a
 * channel up again; gets the whole case to copy; and the escalation is kept, to be offered again once a
 * helpdesk channel is available (./lifecycle.ts). No ticket, no number used.
 */
async function keepPending(
  context: TurnContext,
  services: HelpdeskServices,
  kept: {
    tenantId: string;
    request: EscalateRequest;
    conversationKey: string;
    channel: HelpdeskChannel;
    draft: Omit<Ticket, 'number'>;
  },
): Promise<void> {
  const { t, timeZone, log } = turnServices(context);
  const reason = kept.channel.unavailable?.reason ?? 'postRejected';
  await services.store.addPending(kept.tenantId, {
    conversationKey: kept.conversationKey,
    locale: t.locale,
    scope: kept.request.scope,
    token: kept.request.token,
    at: services.now().getTime(),
  });
  log.info({ code: ErrorCodes.HELPDESK_ESCALATION_PENDING, reason }, 'helpdesk unavailable: escalation kept');
  const card = helpdeskUnavailableCard(t, reason, kept.channel.channelName, kept.draft, timeZone);
  await context.sendActivity(MessageFactory.attachment(attachment(card)));
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
