/**
 * Helpdesk cards: the ticket card in the helpdesk channel (worked with Action.Execute), the
 * requester's confirmation, the ticket lists. Built from the typed elements; no templating.
 */
import { ticketAction, ticketsPageAction, type TicketVerb } from './actions';
import type { ActionData } from '../cards/actionCodec';
import { caseText } from './caseText';
import { capLength, plainName } from './sanitize';
import { NOTE_MAX, PRIORITIES, priorityOfTicket, type Person, type Ticket, type TicketOp } from './ticket';
import type { Translator } from '../i18n/translator';
import {
  card,
  choiceSet,
  container,
  execute,
  factSet,
  heading,
  inputText,
  openUrl,
  showCard,
  submit,
  subtle,
  text,
  type AdaptiveCard,
  type CardAction,
  type ExecuteAction,
} from '../cards/elements';
import { formatTime } from '../cards/format';
import {
  assigneeName,
  priorityText,
  ratingText,
  requesterButtonName,
  requesterName,
  requesterTicketView,
  ticketStatusText,
  ticketView,
  type RequesterTicketView,
  type SlaContext,
} from './ticketView';

/**
 * Teams refuses messages over ~100 KB and asks cards to stay well under 28 KB: ours stay under 24 KB.
 * @internal Exported for the tests as well.
 */
export const TICKET_CARD_MAX_BYTES = 24 * 1024;

const ticketActionData = (ticket: number, verb: TicketVerb): ActionData =>
  ticketAction.build({ verb, ticket });

/** Teams deep link to a 1:1 chat with the requester (needs their Entra object id). */
function chatLink(ticket: Ticket): string | undefined {
  const id = ticket.requester.aadObjectId;
  return id && /^[0-9a-f-]{36}$/i.test(id)
    ? `https://teams.microsoft.com/l/chat/0/0?users=${encodeURIComponent(id)}`
    : undefined;
}

/**
 * Priority and assignee, behind one button (Teams shows at most five actions): the four priorities with
 * the current one chosen, and Teams' people picker (a directory search as the agent types; Teams sends
 * the Entra object id of the person picked) with the team's roster as its static choices. The picker is
 * left out while the roster is unknown (the card refreshes with it when an agent opens it).
 */
function manageAction(ticket: Ticket, t: Translator, people: readonly Person[]): CardAction {
  const choices = people
    .filter((p) => p.aadObjectId)
    .map((p) => ({ title: plainName(p.name, p.aadObjectId ?? p.id), value: p.aadObjectId ?? '' }));
  const picker =
    choices.length > 0
      ? choiceSet('hdAssignee', t.t('helpdesk.ticket.reassignLabel'), choices, {
          'choices.data': { type: 'Data.Query', dataset: 'graph.microsoft.com/users' },
          style: 'compact',
        })
      : undefined;
  return showCard(
    t.t('helpdesk.ticket.manage'),
    card(
      [
        choiceSet(
          'hdPriority',
          t.t('helpdesk.ticket.priority'),
          PRIORITIES.map((p) => ({ title: t.t(`helpdesk.priority.${p}`), value: p })),
          { value: priorityOfTicket(ticket), style: 'compact' },
        ),
        picker,
      ],
      [
        execute(
          t.t('helpdesk.ticket.priorityConfirm'),
          'priority',
          ticketActionData(ticket.number, 'priority'),
          {
            associatedInputs: 'auto',
          },
        ),
        picker
          ? execute(
              t.t('helpdesk.ticket.reassignConfirm'),
              'reassign',
              ticketActionData(ticket.number, 'reassign'),
              {
                style: 'positive',
                associatedInputs: 'auto',
              },
            )
          : undefined,
      ],
    ),
  );
}

function ticketActions(ticket: Ticket, t: Translator, copy: string, people: readonly Person[]): CardAction[] {
  const act = (op: TicketOp, style?: 'positive' | 'destructive'): CardAction =>
    execute(t.t(`helpdesk.ticket.${op}`), op, ticketActionData(ticket.number, op), {
      style,
      associatedInputs: 'none',
    });
  const actions: CardAction[] = [];
  if (ticket.status === 'open') actions.push(act('assign', 'positive'));
  if (ticket.status === 'assigned') actions.push(act('unassign'));
  if (ticket.status === 'resolved') actions.push(act('reopen'));
  else
    actions.push(
      showCard(
        t.t('helpdesk.ticket.resolve'),
        card(
          [
            inputText('hdNote', t.t('helpdesk.ticket.resolveNoteLabel'), {
              isMultiline: true,
              maxLength: NOTE_MAX,
              placeholder: t.t('helpdesk.ticket.resolveNotePlaceholder'),
            }),
          ],
          [
            execute(
              t.t('helpdesk.ticket.resolveConfirm'),
              'resolve',
              ticketActionData(ticket.number, 'resolve'),
              {
                style: 'positive',
                associatedInputs: 'auto',
              },
            ),
          ],
        ),
      ),
    );
  if (ticket.status !== 'resolved') actions.push(manageAction(ticket, t, people));
  const link = chatLink(ticket);
  if (link) actions.push(openUrl(t.t('helpdesk.ticket.chat', { name: requesterButtonName(ticket) }), link));
  actions.push(
    showCard(
      t.t('helpdesk.ticket.copy'),
      card([inputText('hdCaseText', t.t('helpdesk.ticket.copyLabel'), { isMultiline: true, value: copy })]),
    ),
  );
  return actions;
}

/** What the agent's and the requester's views both show: facts, resolution, description, checks. */
function caseParts(view: RequesterTicketView) {
  return [
    factSet(view.facts.map((f) => ({ title: f.title, value: f.value }))),
    view.resolution ? text(view.resolution) : undefined,
    text(view.descriptionTitle, { weight: 'Bolder', spacing: 'Medium' }),
    text(view.description),
    text(view.checksTitle, { weight: 'Bolder', spacing: 'Medium' }),
    ...view.groups.map((g) =>
      container([
        text(g.heading, { weight: 'Bolder', size: 'Small' }),
        factSet(g.lines.map((l) => ({ title: l.status, value: l.check }))),
      ]),
    ),
  ];
}

/** How a ticket card is drawn: a note for the agent who acted, times, the SLA context, the roster for Reassign. */
export interface TicketCardOptions {
  note?: string;
  timeZone?: string;
  sla?: SlaContext;
  people?: readonly Person[];
}

function buildTicketCard(
  ticket: Ticket,
  t: Translator,
  options: TicketCardOptions,
  limits: { copy: number; evidence: number },
) {
  const { note, timeZone } = options;
  const view = ticketView(ticket, t, timeZone, options.sla);
  const fullCopy = caseText(view);
  const copy = capLength(fullCopy, limits.copy);
  const evidence = view.evidence.slice(0, limits.evidence);
  const shortened = copy.cut > 0 || evidence.length < view.evidence.length;
  const copyText =
    copy.cut > 0 ? `${copy.text}\n${t.t('helpdesk.ticket.truncated', { count: copy.cut })}` : copy.text;
  const body = [
    heading(view.title),
    note ? container([text(note, { weight: 'Bolder' })], { style: 'attention' }) : undefined,
    ...caseParts(view),
    view.events ? text(view.events, { spacing: 'Small' }) : undefined,
    evidence.length > 0
      ? container([
          text(view.evidenceTitle, { weight: 'Bolder', size: 'Small' }),
          ...evidence.map((line) => text(`• ${line}`, { size: 'Small', spacing: 'None' })),
        ])
      : undefined,
    shortened ? subtle(t.t('helpdesk.ticket.cardTruncated')) : undefined,
  ];
  return card(body, ticketActions(ticket, t, copyText, options.people ?? []), {
    refresh: refreshOf(ticket, t),
  });
}

/**
 * Refresh is an invoke Teams makes by itself (clients without Universal Actions ignore it): no
 * Action.Submit fallback here. No userIds: Teams refreshes automatically for up to 60 members, and each
 * viewer gets the view they may see (src/helpdesk/handlers/ticketWork.ts).
 */
function refreshOf(ticket: Ticket, t: Translator): { action: ExecuteAction } {
  return {
    action: {
      type: 'Action.Execute',
      title: t.t('helpdesk.ticket.refresh'),
      verb: 'refresh',
      data: ticketActionData(ticket.number, 'refresh'),
    },
  };
}

const bytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');

/**
 * The ticket card, kept under TICKET_CARD_MAX_BYTES however long the case: the copyable text (the
 * largest part, a second copy of the case) is shortened first, with a note on the card.
 * `note` is shown to the agent who acted (a refusal or a conflict), in the helpdesk language.
 */
export function ticketCard(ticket: Ticket, t: Translator, options: TicketCardOptions = {}): AdaptiveCard {
  const view = ticketView(ticket, t, options.timeZone, options.sla);
  const copyLength = Array.from(caseText(view)).length;
  const limits = { copy: copyLength, evidence: view.evidence.length };
  let built = buildTicketCard(ticket, t, options, limits);
  for (let i = 0; i < 12 && bytes(built) > TICKET_CARD_MAX_BYTES; i++) {
    const over = bytes(built) - TICKET_CARD_MAX_BYTES;
    // The copy first (a character takes up to 3 bytes, a line break 2 in JSON: cut generously),
    // then, should the card body alone be too big, the evidence lines shown on it.
    if (limits.copy > 0) limits.copy = Math.max(0, limits.copy - Math.ceil(over / 2) - 400);
    else limits.evidence = Math.floor(limits.evidence / 2);
    built = buildTicketCard(ticket, t, options, limits);
  }
  return built;
}

/**
 * The requester's view of their own ticket (they are not in the helpdesk team): status, assignee, what they
 * sent. No tenant, no chat link, no case text and no buttons to work it with.
 */
export function requesterTicketCard(
  ticket: Ticket,
  t: Translator,
  options: { note?: string; timeZone?: string } = {},
): AdaptiveCard {
  const view = requesterTicketView(ticket, t, options.timeZone);
  const body = [
    heading(view.title),
    options.note ? container([text(options.note, { weight: 'Bolder' })], { style: 'attention' }) : undefined,
    ...caseParts(view),
    subtle(t.t('helpdesk.ticket.requesterView')),
  ];
  return card(body, [], { refresh: refreshOf(ticket, t) });
}

/**
 * What anyone else gets for a ticket: one sentence, nothing of the ticket (not even its number), the
 * same whether the ticket exists or not.
 */
export function ticketUnavailableCard(t: Translator, note?: string): AdaptiveCard {
  return card([text(note ?? t.t('helpdesk.refusals.unavailable'))]);
}

/** The requester's confirmation in their own chat. */
export function ticketConfirmationCard(ticket: Ticket, t: Translator): AdaptiveCard {
  return card([
    heading(t.t('helpdesk.confirm.title', { number: ticket.number })),
    text(t.t('helpdesk.confirm.body')),
    subtle(t.t('helpdesk.confirm.list')),
  ]);
}

/** `tickets`: open tickets in the helpdesk channel, or the requester's own tickets in their chat. */
export function ticketListCard(
  tickets: readonly Ticket[],
  t: Translator,
  mode: 'open' | 'mine',
  timeZone?: string,
  older?: number,
): AdaptiveCard {
  // "Show older": the next page of `tickets`, numbered below `older`.
  const more = older ? [submit(t.t('helpdesk.list.older'), ticketsPageAction.build({ before: older }))] : [];
  const title = t.t(mode === 'open' ? 'helpdesk.list.openTitle' : 'helpdesk.list.mineTitle');
  if (tickets.length === 0)
    return card(
      [heading(title), text(t.t(mode === 'open' ? 'helpdesk.list.noneOpen' : 'helpdesk.list.noneMine'))],
      more,
    );
  return card(
    [
      heading(title),
      ...tickets.slice(0, 30).map((ticket) =>
        text(
          t.t(ticket.rating ? 'helpdesk.list.itemRated' : 'helpdesk.list.item', {
            number: ticket.number,
            priority: priorityText(t, ticket),
            rating: ratingText(ticket) ?? '',
            status: ticketStatusText(t, ticket),
            who: mode === 'open' ? requesterName(ticket) : assigneeName(t, ticket),
            time: formatTime(new Date(ticket.createdAt), t.locale, timeZone),
          }),
          { spacing: 'Small' },
        ),
      ),
    ],
    more,
  );
}
