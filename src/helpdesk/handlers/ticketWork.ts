/**
 * Working a ticket from its card: the `adaptiveCard/action` invoke (Action.Execute, Universal
 * Actions) and its Action.Submit fallback for older clients. Both paths decide the same way:
 * tenant scope, who is asking (the helpdesk team's membership, asked of Teams; the requester), no work
 * on one's own ticket, then a compare-and-set on the ticket record. The invoke is answered with the
 * card this person may see.
 */
import { metrics } from '../../telemetry/metrics';
import { MessageFactory, type InvokeResponse, type TurnContext } from 'botbuilder';
import { parseCardValue } from '../../turn/cardActions';
import type { TicketVerb } from '../actions';
import { attachment, type AdaptiveCard } from '../../cards/elements';
import { formatTime } from '../../cards/format';
import { requesterTicketCard, ticketCard, ticketUnavailableCard } from '../ticketCard';
import { assigneeName } from '../ticketView';
import { describeError, ErrorCodes } from '../../core/errors';
import { teamMembership } from './teamMembership';
import { unassignedReminderId } from '../escalation';
import { capLength, normalizeTyped, safeName, safeText } from '../sanitize';
import { isSafeTenantId, type HelpdeskChannel } from '../store';
import { isRequester, NOTE_MAX, type Person, type Refusal, type Ticket, type TicketOp } from '../ticket';
import type { HelpdeskServices } from './wiring';
import { resolveLocale } from '../../i18n/locales';
import type { Translator } from '../../i18n/translator';
import { conversationKeyOf } from '../../proactive/conversationReference';
import { tenantIdOf } from '../../turn/activityFacts';
import type { Logger } from '../../core/logger';
import { turnServices } from '../../turn/turnServices';

export interface TicketOutcome {
  /** The card this person may see (for an agent: the current ticket, with a note when nothing changed). */
  card: AdaptiveCard;
  /** The ticket after the action, for an agent only (the ticket message is updated only then). */
  ticket?: Ticket;
  changed: boolean;
  note?: string;
}

/**
 * Language, time zone and team of a ticket's helpdesk: the current channel's when the ticket lives
 * there (so `helpdesk language` applies at once), else what the ticket recorded when it was sent.
 */
function helpdeskOf(
  services: HelpdeskServices,
  ticket: Ticket,
  channel: HelpdeskChannel | undefined,
): { t: Translator; timeZone?: string; teamId: string } {
  const current = channel?.channelId === ticket.helpdesk.channelId ? channel : undefined;
  return {
    t: services.localizer.for(resolveLocale(undefined, current?.locale ?? ticket.helpdesk.locale)),
    timeZone: current?.timeZone ?? ticket.helpdesk.timeZone,
    teamId: ticket.helpdesk.teamId,
  };
}

/** The turn's logger (with its correlation id) when the turn was set up, else the service's. */
function logOf(context: TurnContext, services: HelpdeskServices): Logger {
  try {
    return turnServices(context).log;
  } catch {
    return services.logger;
  }
}

/** The viewer's own language and time zone (an outsider or the requester), else the helpdesk's. */
function viewerOf(
  context: TurnContext,
  services: HelpdeskServices,
  fallbackLocale: string | undefined,
): { t: Translator; timeZone?: string } {
  try {
    const { t, timeZone } = turnServices(context);
    return { t, timeZone };
  } catch {
    return { t: services.localizer.for(resolveLocale(undefined, fallbackLocale)) };
  }
}

function refusalNote(t: Translator, reason: Refusal, ticket: Ticket): string {
  return t.t(`helpdesk.refusals.${reason}`, { name: assigneeName(t, ticket) });
}

/**
 * The shared decision of both paths. Who is asking decides what they get, for every verb, refresh
 * included: a member of the ticket's helpdesk team gets the ticket card (and may work it, unless it is
 * their own); the requester gets their own view (status, what they sent, no controls); anyone else gets
 * one sentence with nothing of the ticket, the same as for a ticket that does not exist, so numbers
 * cannot be tried one after another. Membership is asked of Teams even when there is no such ticket
 * (against the current helpdesk team), so both answers also cost the same.
 */
export async function workTicket(
  context: TurnContext,
  services: HelpdeskServices,
  number: number,
  verb: TicketVerb,
  rawNote: string | undefined,
): Promise<TicketOutcome> {
  const tenantId = tenantIdOf(context.activity);
  const safe = isSafeTenantId(tenantId);
  const channel = safe ? await services.store.channel(tenantId) : undefined;
  const ticket = safe ? await services.store.get(tenantId, number) : undefined;
  const log = logOf(context, services);
  const viewer = viewerOf(context, services, channel?.locale);
  const hidden = (reason: string, note?: string): TicketOutcome => {
    log.info({ code: ErrorCodes.HELPDESK_TICKET_HIDDEN, op: verb, reason }, 'helpdesk: ticket not shown');
    const text = note ?? viewer.t.t('helpdesk.refusals.unavailable');
    return { card: ticketUnavailableCard(viewer.t, text), changed: false, note: text };
  };
  const from = context.activity.from;
  const actor: Person = {
    id: from?.id ?? '',
    name: from?.name ?? '',
    ...(from?.aadObjectId ? { aadObjectId: from.aadObjectId } : {}),
  };
  const teamId = ticket?.helpdesk.teamId ?? channel?.teamId;
  const member = teamId ? await teamMembership(context, teamId, log) : 'notMember';
  // A Teams failure says so (an agent should try again), the same whether the ticket exists or not.
  const checkFailed = (): TicketOutcome =>
    hidden('memberCheckFailed', viewer.t.t('helpdesk.refusals.memberCheckFailed'));
  if (!ticket || !tenantId) {
    if (member === 'member') return hidden('missing', viewer.t.t('helpdesk.refusals.missing'));
    return member === 'unknown' ? checkFailed() : hidden('missing');
  }
  const own = isRequester(ticket, actor);
  if (member !== 'member') {
    if (own) {
      const note = verb === 'refresh' ? undefined : viewer.t.t('helpdesk.refusals.ownTicket');
      const zone = viewer.timeZone ?? ticket.requester.timeZone;
      return { card: requesterTicketCard(ticket, viewer.t, { note, timeZone: zone }), changed: false, note };
    }
    return member === 'unknown' ? checkFailed() : hidden('notMember');
  }

  const helpdesk = helpdeskOf(services, ticket, channel);
  const { t } = helpdesk;
  const zone = helpdesk.timeZone;
  const current = (note?: string): TicketOutcome => ({
    card: ticketCard(ticket, t, { note, timeZone: zone }),
    ticket,
    changed: false,
    note,
  });
  if (verb === 'refresh') return current();
  if (own) return current(t.t('helpdesk.refusals.ownTicket'));

  const note = capLength(normalizeTyped(rawNote ?? ''), NOTE_MAX).text || undefined;
  const at = services.now().getTime();
  const result = await services.store.apply(tenantId, number, verb, actor, at, note);
  if (!result.ok) {
    if (result.reason === 'missing') return hidden('missing', t.t('helpdesk.refusals.missing'));
    const fresh = result.ticket;
    const text = refusalNote(t, result.reason, fresh);
    return {
      card: ticketCard(fresh, t, { note: text, timeZone: zone }),
      ticket: fresh,
      changed: false,
      note: text,
    };
  }
  const updated = result.ticket;
  log.info({ ticket: updated.number, op: verb, status: updated.status }, 'helpdesk: ticket changed');
  if (verb === 'assign') metrics.ticketAssigned((at - updated.createdAt) / 1000);
  if (verb === 'resolve') metrics.ticketResolved((at - updated.createdAt) / 1000);
  await afterChange(context, services, helpdesk, updated, verb, actor, at);
  return { card: ticketCard(updated, t, { timeZone: zone }), ticket: updated, changed: true };
}

const THREAD_KEYS: Record<TicketOp, string> = {
  assign: 'assigned',
  unassign: 'unassigned',
  resolve: 'resolved',
  reopen: 'reopened',
};

/** A line in the ticket's thread, the reminder, and the requester's notice. */
async function afterChange(
  context: TurnContext,
  services: HelpdeskServices,
  helpdesk: { t: Translator; timeZone?: string },
  ticket: Ticket,
  op: TicketOp,
  actor: Person,
  at: number,
): Promise<void> {
  const { t } = helpdesk;
  const name = safeName(actor.name, actor.id);
  const time = formatTime(new Date(at), t.locale, helpdesk.timeZone);
  const note = ticket.resolutionNote
    ? safeText(ticket.resolutionNote, NOTE_MAX, (count) => t.t('helpdesk.ticket.truncated', { count }))
    : undefined;
  const key = op === 'resolve' && note ? 'resolvedWithNote' : THREAD_KEYS[op];
  const line = MessageFactory.text(
    t.t(`helpdesk.thread.${key}`, { name, number: ticket.number, time, note: note ?? '' }),
  );
  if (ticket.thread) {
    // Through the outbound sender (paced per thread and tenant), also when acted on in the thread itself;
    // from elsewhere (a forwarded card) the line still belongs in the ticket's thread.
    const threadKey = conversationKeyOf({
      channelId: 'msteams',
      conversation: { id: ticket.thread.conversationId },
    });
    await services.sender.send(threadKey, () => line);
  }
  if (op === 'assign' || op === 'resolve') {
    await services.scheduler.cancel(unassignedReminderId(ticket.tenantId, ticket.number));
    await notifyRequester(services, ticket, op, name, logOf(context, services));
  }
}

/** Tells the requester in their own chat and language, through the one outbound sender. */
async function notifyRequester(
  services: HelpdeskServices,
  ticket: Ticket,
  op: 'assign' | 'resolve',
  agent: string,
  log: Logger,
): Promise<void> {
  const rt = services.localizer.for(resolveLocale(undefined, ticket.requester.locale));
  const note = ticket.resolutionNote
    ? safeText(ticket.resolutionNote, NOTE_MAX, (count) => rt.t('helpdesk.ticket.truncated', { count }))
    : undefined;
  const message =
    op === 'assign'
      ? rt.t('helpdesk.notify.assigned', { name: agent, number: ticket.number })
      : note
        ? rt.t('helpdesk.notify.resolvedWithNote', { number: ticket.number, note })
        : rt.t('helpdesk.notify.resolved', { number: ticket.number });
  const result = await services.sender.send(
    ticket.requester.conversationKey,
    () => MessageFactory.text(message),
    {
      correlationId: `helpdesk-${ticket.number}-${op}-${ticket.history.length}`,
    },
  );
  if (result.outcome !== 'sent')
    log.warn(
      {
        code: ErrorCodes.HELPDESK_NOTIFY_FAILED,
        outcome: result.outcome,
        correlationId: result.correlationId,
      },
      'helpdesk: requester not notified',
    );
}

/** Whether this turn comes from the ticket's own thread (where its card can be updated in-turn). */
const inThread = (context: TurnContext, ticket: Ticket): boolean =>
  ticket.thread !== undefined && context.activity.conversation?.id === ticket.thread.conversationId;

/** Keeps the one ticket card current for everyone (clients without refresh, the fallback path). */
export async function updateTicketMessage(
  context: TurnContext,
  services: HelpdeskServices,
  outcome: TicketOutcome,
): Promise<void> {
  const ticket = outcome.ticket;
  if (!ticket?.thread || !inThread(context, ticket)) return;
  const { t, timeZone } = helpdeskOf(services, ticket, await services.store.channel(ticket.tenantId));
  try {
    await context.updateActivity({
      type: 'message',
      id: ticket.thread.activityId,
      attachments: [attachment(ticketCard(ticket, t, { timeZone }))],
    });
  } catch (err) {
    logOf(context, services).warn(
      { code: ErrorCodes.HELPDESK_CARD_UPDATE_FAILED, err: describeError(err) },
      'helpdesk: ticket card not updated',
    );
  }
}

const invokeError = (status: number, message: string): InvokeResponse => ({
  status,
  body: {
    statusCode: status,
    type: 'application/vnd.microsoft.error',
    value: { code: 'BadRequest', message },
  },
});

/** `adaptiveCard/action`: parse, decide, answer with the refreshed card (statusCode 200). */
export async function handleTicketInvoke(
  context: TurnContext,
  services: HelpdeskServices,
): Promise<InvokeResponse> {
  const value = context.activity.value as
    { action?: { type?: unknown; verb?: unknown; data?: unknown } } | undefined;
  const action = value?.action;
  if (!action || action.type !== 'Action.Execute' || typeof action.verb !== 'string')
    return invokeError(400, 'Expected an Action.Execute with a verb.');
  const parsed = parseCardValue(action.data);
  if (parsed.kind !== 'action' || parsed.action.kind !== 'ticket' || parsed.action.verb !== action.verb)
    return invokeError(400, 'This card action is not known.');
  const outcome = await workTicket(
    context,
    services,
    parsed.action.ticket,
    parsed.action.verb,
    parsed.inputs.hdNote,
  );
  if (outcome.changed) await updateTicketMessage(context, services, outcome);
  return {
    status: 200,
    body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: outcome.card },
  };
}
