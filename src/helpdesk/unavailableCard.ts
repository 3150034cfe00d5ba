/**
 * What the admin gets when the helpdesk cannot take their case (its channel deleted, its team archived
 * or deleted, the bot removed, Teams refusing the post): why, how an IT team sets a channel up again, the
 * whole case to copy, and that it is kept and offered again. And that offer, once a channel is set.
 */
import { caseText } from './caseText';
import { helpdeskOfferAction } from './helpdeskOffer';
import { helpdeskOffer } from './offerView';
import type { UnavailableReason } from './lifecycle';
import type { PendingEscalation } from './store';
import type { Ticket } from './ticket';
import { ticketView } from './ticketView';
import type { Translator } from '../i18n/translator';
import {
  card,
  container,
  heading,
  inputText,
  showCard,
  subtle,
  text,
  type AdaptiveCard,
} from '../cards/elements';

/** The case as the admin would send it, as text (their language; what a ticket's copy holds). */
function draftCaseText(draft: Omit<Ticket, 'number'>, t: Translator, timeZone?: string): string {
  const view = ticketView({ ...draft, number: 0 }, t, timeZone);
  // Not a ticket yet: no number, no status, nobody assigned.
  const notYet = new Set([t.t('helpdesk.ticket.status'), t.t('helpdesk.ticket.assignee')]);
  return caseText({
    ...view,
    title: t.t('helpdesk.unavailable.caseTitle'),
    facts: view.facts.filter((fact) => !notYet.has(fact.title)),
  });
}

export function helpdeskUnavailableCard(
  t: Translator,
  reason: UnavailableReason,
  channelName: string,
  draft: Omit<Ticket, 'number'>,
  timeZone?: string,
): AdaptiveCard {
  return card(
    [
      heading(t.t('helpdesk.unavailable.title')),
      container([text(t.t(`helpdesk.unavailable.reasons.${reason}`, { channel: channelName }))], {
        style: 'attention',
      }),
      text(t.t('helpdesk.unavailable.setup')),
      subtle(t.t('helpdesk.unavailable.kept')),
    ],
    [
      showCard(
        t.t('helpdesk.ticket.copy'),
        card([
          inputText('hdCaseText', t.t('helpdesk.ticket.copyLabel'), {
            isMultiline: true,
            value: draftCaseText(draft, t, timeZone),
          }),
        ]),
      ),
    ],
  );
}

/** A pending escalation offered again: the same Send, with the summary's token, in the admin's chat. */
export function pendingOfferCard(
  t: Translator,
  pending: PendingEscalation,
  channelName: string,
): AdaptiveCard {
  return card(
    [
      heading(t.t('helpdesk.unavailable.backTitle')),
      text(t.t('helpdesk.unavailable.back', { channel: channelName })),
    ],
    [helpdeskOfferAction(helpdeskOffer(t, pending.scope, pending.token))],
  );
}
