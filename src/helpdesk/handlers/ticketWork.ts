/**
 * Working a ticket from its card: the `adaptiveCard/action` invoke (Action.Execute, Universal
 * Actions) and its Action.Submit fallback for older clients. Both paths decide the same way:
 * tenant scope, who is asking (the helpdesk team's membership, asked of Teams; the requester), no work
 * on one's own ticket, then a compare-and-set on the ticket record. The invoke is answered with the
 * card this person may see.
 */
import { metrics } from '../../telemetry/metrics';
import { MessageFactory, type InvokeResponse, type TurnContext } from 'botbuilder';
import { cardResponse, invokeError, parsedClick, readExecute } from '../../turn/cardInvoke';
import { ticketInputsOf, type TicketInputs, type TicketVerb } from '../actions';
import { attachment, type AdaptiveCard } from '../../cards/elements';
import { formatTime } from '../../cards/format';
import { requesterTicketCard, ticketCard, ticketUnavailableCard } from '../ticketCard';
import { assigneeName } from '../ticketView';
import { describeError, ErrorCodes } from '../../core/errors';
import { teamMembership } from './teamMembership';
import { unassignedReminderId } from '../escalation';
import { safeName, safeText } from '../sanitize';
import { isSafeTenantId, type HelpdeskChannel } from '../store';
import { isRequester, NOTE_MAX, priorityOfTicket, type Person, type Refusal, type Ticket } from '../ticket';
import { armSla, disarmSla, threadKeyOf } from './slaTimers';
import { teamRoster } from './teamPeople';
import {
  decide,
  rateTicket,
  reassignLine,
  rearmUnassigned,
  sendRatingCard,
  slaOf,
  type TicketOutcome,
  type WorkVerb,
} from './ticketFollowUp';
import type { HelpdeskServices } from './wiring';
import { afterTurn } from './afterTurn';
import { sendRequesterNotice } from './requesterNotices';
import { resolveLocale } from '../../i18n/locales';
import type { Translator } from '../../i18n/translator';
import { tenantIdOf } from '../../turn/activityFacts';
import type { Logger } from '../../core/logger';
import { turnServices } from '../../turn/turnServices';

/**
 * Language, time zone and team of a ticket's helpdesk: the current channel's when the ticket lives
 * there (so `helpdesk language` applies at once), else what the ticket recorded when it was sent.
 */
function helpdeskOf(
  services: HelpdeskServices,
  ticket: Ticket,
  channel: HelpdeskChannel | undefined,
): { t: Translator; timeZone?: string; teamId: string; locale: string } {
  const current = channel?.channelId === ticket.helpdesk.channelId ? channel : undefined;
  const locale = current?.locale ?? ticket.helpdesk.locale;
  return {
    t: services.localizer.for(resolveLocale(undefined, locale)),
    timeZone: current?.timeZone ?? ticket.helpdesk.timeZone,
    teamId: ticket.helpdesk.teamId,
    locale,
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
  inputs: TicketInputs,
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
  // A rating is the requester's alone: decided before (and without) asking Teams about the team.
  if (verb === 'rate')
    return ticket && tenantId
      ? rateTicket(context, services, ticket, actor, inputs, viewer.t)
      : hidden('missing', viewer.t.t('helpdesk.refusals.missing'));
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
  const people = await teamRoster(context, helpdesk.teamId, log);
  const view = (shown: Ticket, note?: string): AdaptiveCard =>
    ticketCard(shown, t, { note, timeZone: helpdesk.timeZone, sla: slaOf(services), people });
  const current = (note?: string): TicketOutcome => ({
    card: view(ticket, note),
    ticket,
    changed: false,
    note,
  });
  if (verb === 'refresh') return current();
  if (own) return current(t.t('helpdesk.refusals.ownTicket'));

  const at = services.now().getTime();
  const decided = await decide(context, helpdesk.teamId, verb, inputs, actor, at, log);
  if ('refused' in decided) {
    log.info(
      { code: ErrorCodes.HELPDESK_INPUT_REFUSED, op: verb, reason: decided.refused },
      'helpdesk: input refused',
    );
    return current(decided.note(t));
  }
  const before = ticket;
  const result = await services.store.transition(tenantId, number, decided.transition);
  if (!result.ok) {
    if (result.reason === 'missing') return hidden('missing', t.t('helpdesk.refusals.missing'));
    const fresh = result.ticket;
    const text = refusalNote(t, result.reason, fresh);
    return { card: view(fresh, text), ticket: fresh, changed: false, note: text };
  }
  const updated = result.ticket;
  log.info({ ticket: updated.number, op: verb, status: updated.status }, 'helpdesk: ticket changed');
  if (verb === 'assign') metrics.ticketAssigned((at - updated.createdAt) / 1000);
  if (verb === 'resolve') metrics.ticketResolved((at - updated.createdAt) / 1000);
  await afterChange(context, services, helpdesk, { before, after: updated }, verb, actor, at);
  return { card: view(updated), ticket: updated, changed: true };
}

const THREAD_KEYS: Record<WorkVerb, string> = {
  assign: 'assigned',
  unassign: 'unassigned',
  resolve: 'resolved',
  reopen: 'reopened',
  reassign: 'reassigned',
  priority: 'priority',
};

/** A line in the ticket's thread, the reminders and SLA timers, and the requester's notice. */
async function afterChange(
  context: TurnContext,
  services: HelpdeskServices,
  helpdesk: { t: Translator; timeZone?: string; locale: string },
  change: { before: Ticket; after: Ticket },
  op: WorkVerb,
  actor: Person,
  at: number,
): Promise<void> {
  const { t } = helpdesk;
  const ticket = change.after;
  const name = safeName(actor.name, actor.id);
  const time = formatTime(new Date(at), t.locale, helpdesk.timeZone);
  const note = ticket.resolutionNote
    ? safeText(ticket.resolutionNote, NOTE_MAX, (count) => t.t('helpdesk.ticket.truncated', { count }))
    : undefined;
  const key = op === 'resolve' && note ? 'resolvedWithNote' : THREAD_KEYS[op];
  const values = {
    name,
    number: ticket.number,
    time,
    note: note ?? '',
    priority: t.t(`helpdesk.priority.${priorityOfTicket(ticket)}`),
  };
  if (ticket.thread) {
    // Through the outbound sender (paced per thread and tenant), also when acted on in the thread itself;
    // from elsewhere (a forwarded card) the line still belongs in the ticket's thread.
    const line =
      op === 'reassign'
        ? reassignLine(t, values, change.before.assignee, ticket.assignee)
        : MessageFactory.text(t.t(`helpdesk.thread.${key}`, values));
    await services.sender.send(threadKeyOf(ticket.thread), () => line);
  }
  const round = change.before.unassignRounds ?? 0;
  if (op === 'assign' || op === 'reassign' || op === 'resolve') {
    await services.scheduler.cancel(unassignedReminderId(ticket.tenantId, ticket.number, round));
    await disarmSla(services, ticket, op === 'resolve' ? ['respond', 'resolve'] : ['respond']);
    const agent =
      op === 'reassign' && ticket.assignee ? safeName(ticket.assignee.name, ticket.assignee.id) : name;
    // After the invoke is answered: the agent's card never waits for the requester's chat.
    const log = logOf(context, services);
    afterTurn(context, () =>
      notifyRequester(services, ticket, op === 'resolve' ? 'resolve' : 'assign', agent, log),
    );
  }
  if (op === 'resolve') {
    const log = logOf(context, services);
    afterTurn(context, () => sendRatingCard(services, ticket, log));
  }
  if (op === 'unassign' && ticket.thread) await rearmUnassigned(services, ticket, helpdesk);
  if (op === 'priority') await armSla(services, ticket, helpdesk.locale, helpdesk.timeZone);
}

/** Tells the requester in their language, where it reaches them (./requesterNotices.ts). */
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
  await sendRequesterNotice(
    services,
    ticket,
    message,
    `helpdesk-${ticket.number}-${op}-${ticket.history.length}`,
    log,
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
      attachments: [attachment(ticketCard(ticket, t, { timeZone, sla: slaOf(services) }))],
    });
  } catch (err) {
    logOf(context, services).warn(
      { code: ErrorCodes.HELPDESK_CARD_UPDATE_FAILED, err: describeError(err) },
      'helpdesk: ticket card not updated',
    );
  }
}

/** `adaptiveCard/action`: parse, decide, answer with the refreshed card (statusCode 200). */
export async function handleTicketInvoke(
  context: TurnContext,
  services: HelpdeskServices,
): Promise<InvokeResponse> {
  const action = readExecute(context.activity);
  if (!action) return invokeError('Expected an Action.Execute with a verb.');
  const parsed = parsedClick(context);
  if (parsed.kind !== 'action' || parsed.action.kind !== 'ticket' || parsed.action.verb !== action.verb)
    return invokeError('This card action is not known.');
  const outcome = await workTicket(
    context,
    services,
    parsed.action.ticket,
    parsed.action.verb,
    ticketInputsOf(parsed.inputs, parsed.action.resolution),
  );
  if (outcome.changed) await updateTicketMessage(context, services, outcome);
  return cardResponse(attachment(outcome.card));
}
