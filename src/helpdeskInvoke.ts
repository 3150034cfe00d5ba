/**
 * Working a ticket from its card: the `adaptiveCard/action` invoke (Action.Execute, Universal
 * Actions) and its Action.Submit fallback for older clients. Both paths decide the same way:
 * tenant scope, the helpdesk team's membership (asked of Teams), no work on one's own ticket, then
 * a compare-and-set on the ticket record. The invoke is answered with the refreshed card.
 */
import { MessageFactory, TeamsInfo, type InvokeResponse, type TurnContext } from 'botbuilder';
import { parseCardValue } from './cards/actions';
import { attachment, card, text, type AdaptiveCard } from './cards/elements';
import { formatTime } from './cards/format';
import { ticketCard } from './cards/helpdeskCards';
import { assigneeName } from './cards/helpdeskView';
import { describeError, ErrorCodes } from './errors';
import { unassignedReminderId } from './helpdesk/escalation';
import { capLength, normalizeTyped, safeName, safeText } from './helpdesk/sanitize';
import { isSafeTenantId, type HelpdeskChannel } from './helpdesk/store';
import {
  isRequester,
  NOTE_MAX,
  type Person,
  type Refusal,
  type Ticket,
  type TicketOp,
} from './helpdesk/ticket';
import type { HelpdeskServices } from './helpdeskWiring';
import { resolveLocale } from './i18n/locales';
import type { Translator } from './i18n/translator';
import { conversationKeyOf, tenantIdOf } from './proactive/conversationReference';
import type { Logger } from './logger';
import { turnServices } from './bot/turnServices';

export type TicketVerb = TicketOp | 'refresh';

export interface TicketOutcome {
  /** The card to show (the current ticket, with a note for this agent when nothing changed). */
  card: AdaptiveCard;
  /** The ticket after the action, when there is one. */
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

const messageCard = (note: string): AdaptiveCard => card([text(note)]);

type Membership = 'member' | 'notMember' | 'unknown';

/** Asks Teams whether the clicking user belongs to the helpdesk channel's team (404: not a member). */
async function membership(
  context: TurnContext,
  services: HelpdeskServices,
  teamId: string,
): Promise<Membership> {
  const userId = context.activity.from?.id;
  if (!userId) return 'notMember';
  try {
    await TeamsInfo.getTeamMember(context, teamId, userId);
    return 'member';
  } catch (err) {
    const status = (err as { statusCode?: unknown }).statusCode;
    if (status === 404 || status === 403) return 'notMember';
    logOf(context, services).warn(
      { code: ErrorCodes.HELPDESK_MEMBER_CHECK_FAILED, err: describeError(err), status },
      'helpdesk: team member lookup failed',
    );
    return 'unknown';
  }
}

function refusalNote(t: Translator, reason: Refusal, ticket: Ticket): string {
  return t.t(`helpdesk.refusals.${reason}`, { name: assigneeName(t, ticket) });
}

/** The shared decision of both paths. */
export async function workTicket(
  context: TurnContext,
  services: HelpdeskServices,
  number: number,
  verb: TicketVerb,
  rawNote: string | undefined,
): Promise<TicketOutcome> {
  const tenantId = tenantIdOf(context.activity);
  const channel = isSafeTenantId(tenantId) ? await services.store.channel(tenantId) : undefined;
  const ticket = isSafeTenantId(tenantId) ? await services.store.get(tenantId, number) : undefined;
  if (!ticket || !tenantId) {
    const locale = resolveLocale(undefined, channel?.locale);
    const note = services.localizer.for(locale).t('helpdesk.refusals.missing');
    return { card: messageCard(note), changed: false, note };
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

  const from = context.activity.from;
  const actor: Person = {
    id: from?.id ?? '',
    name: from?.name ?? '',
    ...(from?.aadObjectId ? { aadObjectId: from.aadObjectId } : {}),
  };
  if (isRequester(ticket, actor)) return current(t.t('helpdesk.refusals.ownTicket'));
  const member = await membership(context, services, helpdesk.teamId);
  if (member === 'notMember') return current(t.t('helpdesk.refusals.notMember'));
  if (member === 'unknown') return current(t.t('helpdesk.refusals.memberCheckFailed'));

  const note = capLength(normalizeTyped(rawNote ?? ''), NOTE_MAX).text || undefined;
  const at = services.now().getTime();
  const result = await services.store.apply(tenantId, number, verb, actor, at, note);
  if (!result.ok) {
    if (result.reason === 'missing') return current(t.t('helpdesk.refusals.missing'));
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
  logOf(context, services).info(
    { ticket: updated.number, op: verb, status: updated.status },
    'helpdesk: ticket changed',
  );
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
  if (parsed.kind !== 'action' || parsed.action.a !== 'ticket' || parsed.action.op !== action.verb)
    return invokeError(400, 'This card action is not known.');
  const outcome = await workTicket(
    context,
    services,
    parsed.action.n,
    parsed.action.op,
    parsed.action.inputs.hdNote,
  );
  if (outcome.changed) await updateTicketMessage(context, services, outcome);
  return {
    status: 200,
    body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: outcome.card },
  };
}
