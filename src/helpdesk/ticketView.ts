/**
 * A ticket as the helpdesk reads it, in the helpdesk's language: facts, every check with its
 * answer, Graph evidence, the description. Shared by the ticket card and the text export; every
 * piece of text a person typed (names, description, notes, typed values) is neutralised here.
 */
import { SECTIONS } from '../troubleshooting/catalogue';
import type { SectionId } from '../troubleshooting/model';
import type { CaseTextView } from './caseText';
import { neutralize, plainName, safeName } from './sanitize';
import { priorityOfTicket, type Ticket } from './ticket';
import { breached, dueAt, running, type SlaSettings, type SlaTarget } from './sla';
import { starsText } from './ratingCard';
import { LANGUAGE_NAMES, matchLocale } from '../i18n/locales';
import type { Translator } from '../i18n/translator';
import { formatTime } from '../cards/format';
import { statusText } from '../troubleshooting/cards/views';

const scopeTitle = (t: Translator, scope: SectionId | 'case'): string =>
  scope === 'case' ? t.t('helpdesk.ticket.wholeCase') : t.t(`sections.${scope}.title`);

export const ticketStatusText = (t: Translator, ticket: Ticket): string =>
  t.t(`helpdesk.ticket.statuses.${ticket.status}`);

export function requesterName(ticket: Ticket): string {
  return safeName(ticket.requester.name, ticket.requester.aadObjectId ?? ticket.requester.id);
}

/** The requester's name for a button title (plain text there: markdown escapes would show). */
export function requesterButtonName(ticket: Ticket): string {
  return plainName(ticket.requester.name, ticket.requester.aadObjectId ?? ticket.requester.id);
}

export function assigneeName(t: Translator, ticket: Ticket): string {
  return ticket.assignee ? safeName(ticket.assignee.name, ticket.assignee.id) : t.t('helpdesk.list.nobody');
}

function description(t: Translator, ticket: Ticket): string {
  if (!ticket.description) return t.t('helpdesk.ticket.noDescription');
  const text = neutralize(ticket.description);
  return ticket.descriptionCut > 0
    ? `${text} ${t.t('helpdesk.ticket.truncated', { count: ticket.descriptionCut })}`
    : text;
}

/** The SLA context a card is drawn in: the targets, and now. */
export interface SlaContext {
  settings: SlaSettings;
  now: number;
}

export const priorityText = (t: Translator, ticket: Ticket): string =>
  t.t(`helpdesk.priority.${priorityOfTicket(ticket)}`);

/** "★★★★☆ 4/5: comment" (the comment neutralised), when the requester rated the last resolution. */
export function ratingText(ticket: Ticket): string | undefined {
  const rating = ticket.rating;
  // Only what a rating can be (a damaged record shows none rather than breaking the card).
  if (!rating || !Number.isInteger(rating.stars) || rating.stars < 1 || rating.stars > 5) return undefined;
  return rating.comment
    ? `${starsText(rating.stars)}: ${neutralize(rating.comment)}`
    : starsText(rating.stars);
}

function slaFact(t: Translator, ticket: Ticket, target: SlaTarget, sla: SlaContext, timeZone?: string) {
  const due = formatTime(new Date(dueAt(sla.settings, ticket, target)), t.locale, timeZone);
  const value = breached(sla.settings, ticket, target, sla.now)
    ? t.t('helpdesk.sla.breached', { time: due })
    : running(ticket, target)
      ? t.t('helpdesk.sla.due', { time: due })
      : t.t('helpdesk.sla.met');
  return { title: t.t(`helpdesk.ticket.${target}Target`), value };
}

/** Priority, the two SLA targets (when the card is drawn with them) and the rating. */
function serviceFacts(t: Translator, ticket: Ticket, sla: SlaContext | undefined, timeZone?: string) {
  const rating = ratingText(ticket);
  return [
    { title: t.t('helpdesk.ticket.priority'), value: priorityText(t, ticket) },
    ...(sla
      ? [slaFact(t, ticket, 'respond', sla, timeZone), slaFact(t, ticket, 'resolve', sla, timeZone)]
      : []),
    ...(rating ? [{ title: t.t('helpdesk.ticket.rating'), value: rating }] : []),
  ];
}

export function ticketView(ticket: Ticket, t: Translator, timeZone?: string, sla?: SlaContext): CaseTextView {
  const language = matchLocale(ticket.requester.locale);
  const facts = [
    { title: t.t('helpdesk.ticket.requester'), value: requesterName(ticket) },
    { title: t.t('helpdesk.ticket.tenant'), value: ticket.tenantId },
    { title: t.t('helpdesk.ticket.sent'), value: formatTime(new Date(ticket.createdAt), t.locale, timeZone) },
    {
      title: t.t('helpdesk.ticket.language'),
      value: language ? LANGUAGE_NAMES[language] : neutralize(ticket.requester.locale),
    },
    { title: t.t('helpdesk.ticket.scope'), value: scopeTitle(t, ticket.scope) },
    { title: t.t('helpdesk.ticket.status'), value: ticketStatusText(t, ticket) },
    { title: t.t('helpdesk.ticket.assignee'), value: assigneeName(t, ticket) },
    ...serviceFacts(t, ticket, sla, timeZone),
  ];
  const groups = SECTIONS.filter((s) => ticket.checks.some((c) => c.section === s.id)).map((s) => ({
    heading: t.t(`sections.${s.id}.title`),
    lines: ticket.checks
      .filter((c) => c.section === s.id)
      .map((c) => {
        const title = t.t(`checks.${c.id}.title`);
        return {
          status: statusText(t, c.answer === 'pending' ? undefined : c.answer),
          check: c.detail ? `${title} (${neutralize(c.detail)})` : title,
        };
      }),
  }));
  const evidence = ticket.evidence.flatMap((e) =>
    e.lines.map(
      (line) =>
        `${t.t(`checks.${e.checkId}.title`)}: ${t.t(line.key, {
          ...line.values,
          ...(line.timeIso ? { time: formatTime(new Date(line.timeIso), t.locale, timeZone) } : {}),
        })}`,
    ),
  );
  return {
    title: t.t('helpdesk.ticket.title', { number: ticket.number }),
    facts,
    descriptionTitle: t.t('helpdesk.ticket.descriptionTitle'),
    description: description(t, ticket),
    checksTitle: t.t('helpdesk.ticket.checksTitle'),
    groups,
    events:
      ticket.events.length > 0
        ? t.t('helpdesk.ticket.events', { events: ticket.events.join(', ') })
        : undefined,
    evidenceTitle: t.t('helpdesk.ticket.evidenceTitle'),
    evidence,
    resolution: ticket.resolutionNote
      ? t.t('helpdesk.ticket.resolution', { note: neutralize(ticket.resolutionNote) })
      : undefined,
  };
}

/** What the requester may see of their own ticket: where it stands and what they sent; nothing to work it with. */
export interface RequesterTicketView {
  title: string;
  facts: ReadonlyArray<{ title: string; value: string }>;
  resolution?: string;
  descriptionTitle: string;
  description: string;
  checksTitle: string;
  groups: CaseTextView['groups'];
}

export function requesterTicketView(ticket: Ticket, t: Translator, timeZone?: string): RequesterTicketView {
  const rating = ratingText(ticket);
  const full = ticketView(ticket, t, timeZone);
  return {
    title: full.title,
    facts: [
      {
        title: t.t('helpdesk.ticket.sent'),
        value: formatTime(new Date(ticket.createdAt), t.locale, timeZone),
      },
      { title: t.t('helpdesk.ticket.scope'), value: scopeTitle(t, ticket.scope) },
      { title: t.t('helpdesk.ticket.status'), value: ticketStatusText(t, ticket) },
      { title: t.t('helpdesk.ticket.assignee'), value: assigneeName(t, ticket) },
      ...(rating ? [{ title: t.t('helpdesk.ticket.rating'), value: rating }] : []),
    ],
    resolution: full.resolution,
    descriptionTitle: full.descriptionTitle,
    description: full.description,
    checksTitle: full.checksTitle,
    groups: full.groups,
  };
}
