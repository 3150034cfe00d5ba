/**
 * The ticket verbs beside the card's own: the requester's rating (from their chat), the reassignment's
 * thread line with both people mentioned, and the SLA context cards are drawn with.
 */
import { MessageFactory, type Activity, type TurnContext } from 'botbuilder';
import { attachment, type AdaptiveCard } from '../../cards/elements';
import type { Logger } from '../../core/logger';
import { unassignedReminderId } from '../escalation';
import type { TicketInputs, TicketVerb } from '../actions';
import { teamPerson } from './teamPeople';
import { ErrorCodes } from '../../core/errors';
import { resolveLocale } from '../../i18n/locales';
import type { Translator } from '../../i18n/translator';
import { turnServices } from '../../turn/turnServices';
import { ratingCard, ratingNoteCard, starsText } from '../ratingCard';
import { capLength, normalizeTyped, plainName, safeName, safeText } from '../sanitize';
import type { SlaSettings } from '../sla';
import {
  applyOp,
  isPriority,
  isRequester,
  NOTE_MAX,
  rate,
  RATING_COMMENT_MAX,
  reassign,
  setPriority,
  type Person,
  type Ticket,
  type Transition,
} from '../ticket';
import { threadKeyOf } from './slaTimers';
import { ticketCard } from '../ticketCard';
import { updateThreadCard, type HelpdeskServices } from './wiring';
import { sendToRequester } from './requesterNotices';

export interface TicketOutcome {
  /** The card this person may see (for an agent: the current ticket, with a note when nothing changed). */
  card: AdaptiveCard;
  /** The ticket after the action, for an agent only (the ticket message is updated only then). */
  ticket?: Ticket;
  changed: boolean;
  note?: string;
}

/** What a ticket card needs to show its SLA: the targets and the time now. */
export const slaOf = (services: HelpdeskServices): { settings: SlaSettings; now: number } => ({
  settings: services.sla,
  now: services.now().getTime(),
});

/**
 * A rating from the requester's card: only the requester, only 1 to 5, once per resolution (a second
 * click, or a card of an earlier resolution, gets a note and changes nothing). The comment is capped
 * when stored and neutralised whenever shown.
 */
export async function rateTicket(
  context: TurnContext,
  services: HelpdeskServices,
  ticket: Ticket,
  actor: Person,
  inputs: TicketInputs,
  viewer: Translator,
): Promise<TicketOutcome> {
  const note = (text: string): TicketOutcome => ({ card: ratingNoteCard(text), changed: false, note: text });
  const log = (reason: string): void => {
    try {
      turnServices(context).log.info(
        { code: ErrorCodes.HELPDESK_INPUT_REFUSED, op: 'rate', reason },
        'helpdesk: rating refused',
      );
    } catch {
      services.logger.info(
        { code: ErrorCodes.HELPDESK_INPUT_REFUSED, op: 'rate', reason },
        'helpdesk: rating refused',
      );
    }
  };
  if (!isRequester(ticket, actor)) {
    log('notRequester');
    return note(viewer.t('helpdesk.rating.notRequester'));
  }
  const rt = services.localizer.for(resolveLocale(undefined, ticket.requester.locale));
  const said = inputs.rating?.trim() ?? '';
  if (!/^[1-5]$/.test(said)) {
    log('badRating');
    const text = rt.t('helpdesk.rating.invalid');
    return {
      card: ratingCard(ticket, rt, { note: text, resolution: inputs.resolution }),
      changed: false,
      note: text,
    };
  }
  const stars = Number(said);
  const comment =
    capLength(normalizeTyped(inputs.comment ?? ''), RATING_COMMENT_MAX).text.trim() || undefined;
  const at = services.now().getTime();
  const result = await services.store.transition(ticket.tenantId, ticket.number, (current) =>
    rate(current, { stars, comment, resolution: inputs.resolution ?? -1 }, actor, at),
  );
  if (!result.ok) {
    log(result.reason);
    return note(
      rt.t(result.reason === 'missing' ? 'helpdesk.refusals.missing' : `helpdesk.rating.${result.reason}`),
    );
  }
  const rated = result.ticket;
  if (rated.thread) {
    const channel = await services.store.channel(rated.tenantId);
    const locale = channel?.channelId === rated.helpdesk.channelId ? channel.locale : rated.helpdesk.locale;
    const ht = services.localizer.for(resolveLocale(undefined, locale));
    const shown = comment
      ? safeText(comment, RATING_COMMENT_MAX, (count) => ht.t('helpdesk.ticket.truncated', { count }))
      : undefined;
    const line = ht.t(shown ? 'helpdesk.thread.ratedWithComment' : 'helpdesk.thread.rated', {
      name: safeName(actor.name, actor.id),
      number: rated.number,
      stars: starsText(stars),
      comment: shown ?? '',
    });
    await services.sender.send(threadKeyOf(rated.thread), () => MessageFactory.text(line));
    const timeZone =
      channel?.channelId === rated.helpdesk.channelId ? channel.timeZone : rated.helpdesk.timeZone;
    await updateThreadCard(services, rated, ticketCard(rated, ht, { timeZone, sla: slaOf(services) }));
  }
  const thanks = rt.t('helpdesk.rating.thanks', { number: rated.number, stars });
  return { card: ratingNoteCard(thanks), changed: true, note: thanks };
}

/** "A handed ticket #n from B to C": both mentioned, so both are told. */
export function reassignLine(
  t: Translator,
  values: Record<string, string | number>,
  from: Person | undefined,
  to: Person | undefined,
): Partial<Activity> {
  const mention = (p: Person) => {
    const name = plainName(p.name, p.aadObjectId ?? p.id);
    const text = `<at>${name}</at>`;
    return { text, entity: { type: 'mention', text, mentioned: { id: p.id, name } } };
  };
  const toM = to ? mention(to) : undefined;
  const fromM = from && from.id !== to?.id ? mention(from) : undefined;
  const line = MessageFactory.text(
    t.t(fromM ? 'helpdesk.thread.reassignedFrom' : 'helpdesk.thread.reassigned', {
      ...values,
      to: toM?.text ?? '',
      from: fromM?.text ?? '',
    }),
  );
  line.entities = [toM?.entity, fromM?.entity].filter((e) => e !== undefined);
  return line;
}

/** After Unassign: the "nobody took it" line again, under the next round's id. */
export async function rearmUnassigned(
  services: HelpdeskServices,
  ticket: Ticket,
  helpdesk: { timeZone?: string; locale: string },
): Promise<void> {
  if (!ticket.thread) return;
  await services.scheduler.schedule({
    id: unassignedReminderId(ticket.tenantId, ticket.number, ticket.unassignRounds ?? 0),
    userKey: `helpdesk:${ticket.tenantId}`,
    conversationKey: threadKeyOf(ticket.thread),
    dueAt: services.now().getTime() + services.reminderMinutes * 60_000,
    kind: 'helpdeskUnassigned',
    locale: helpdesk.locale,
    ...(helpdesk.timeZone ? { timeZone: helpdesk.timeZone } : {}),
  });
}

/** After a resolution: the requester's rating card, in their language (one per resolution, by its number). */
export async function sendRatingCard(services: HelpdeskServices, ticket: Ticket, log: Logger): Promise<void> {
  const rt = services.localizer.for(resolveLocale(undefined, ticket.requester.locale));
  // Where the requester's notices go: their personal chat when the bot has one, else the chat of the case.
  await sendToRequester(
    services,
    ticket,
    () => MessageFactory.attachment(attachment(ratingCard(ticket, rt))),
    `helpdesk-${ticket.number}-rating-${ticket.resolutions ?? 0}`,
    log,
    'helpdesk: rating card not sent',
  );
}

export type WorkVerb = Exclude<TicketVerb, 'refresh' | 'rate'>;
type Decision =
  { transition: (current: Ticket) => Transition } | { refused: string; note: (t: Translator) => string };

/** What a verb does, once its inputs are checked: a forged priority or a person outside the team changes nothing. */
export async function decide(
  context: TurnContext,
  teamId: string,
  verb: WorkVerb,
  inputs: TicketInputs,
  actor: Person,
  at: number,
  log: Logger,
): Promise<Decision> {
  switch (verb) {
    case 'priority': {
      const priority = inputs.priority?.trim();
      if (!isPriority(priority))
        return { refused: 'badPriority', note: (t) => t.t('helpdesk.refusals.badPriority') };
      return { transition: (current) => setPriority(current, priority, actor, at) };
    }
    case 'reassign': {
      const found = await teamPerson(context, teamId, inputs.assignee, log);
      if (found.kind === 'unknown')
        return { refused: 'memberCheckFailed', note: (t) => t.t('helpdesk.refusals.memberCheckFailed') };
      if (found.kind === 'notMember')
        return { refused: 'notTeamMember', note: (t) => t.t('helpdesk.refusals.notTeamMember') };
      return { transition: (current) => reassign(current, found.person, actor, at) };
    }
    default: {
      const note = capLength(normalizeTyped(inputs.note ?? ''), NOTE_MAX).text || undefined;
      return { transition: (current) => applyOp(current, verb, actor, at, note) };
    }
  }
}
