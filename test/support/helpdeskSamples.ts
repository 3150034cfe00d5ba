import type { CardAttachment } from '../../src/cards/cardTypes';
import { attachment } from '../../src/cards/elements';
import {
  requesterTicketCard,
  ticketCard,
  ticketConfirmationCard,
  ticketListCard,
  ticketUnavailableCard,
} from '../../src/helpdesk/ticketCard';
import { newTicket } from '../../src/helpdesk/escalation';
import { applyOp, rate, type Ticket } from '../../src/helpdesk/ticket';
import { ratingCard, ratingNoteCard } from '../../src/helpdesk/ratingCard';
import { statsCard } from '../../src/helpdesk/statsCard';
import { windowStats } from '../../src/helpdesk/stats';
import type { SlaSettings } from '../../src/helpdesk/sla';
import type { Translator } from '../../src/i18n/translator';

const AT = Date.parse('2026-11-23T09:30:00Z');
const AGENT = { id: '29:agent', aadObjectId: '00000000-0000-4000-8000-00000000a9e1', name: 'Alex' };

/** A ticket as escalated from a Latvian chat, with answers, typed values, events and Graph evidence. */
export function sampleTicket(description = 'Microsoft Entra Connect 2.4.18.0'): Ticket {
  return {
    ...newTicket({
      tenantId: '72f988bf-0000-0000-0000-000000000001',
      scope: 'case',
      requester: {
        id: '29:admin',
        aadObjectId: '00000000-0000-4000-8000-0000000ad1a1',
        name: 'Ilze',
        conversationKey: 'msteams:a:1',
        locale: 'lv-LV',
      },
      helpdesk: { teamId: '19:team', channelId: '19:channel', locale: 'en' },
      snapshot: {
        answers: {
          licensing: { answer: 'ok', at: '2026-11-23T09:00:00Z' },
          connectVersion: { answer: 'notOk', at: '2026-11-23T09:05:00Z', detail: '2.4.18.0' },
          firewall: { answer: 'skip', at: '2026-11-23T09:06:00Z' },
        },
        events: [33004, 6329],
        auto: {
          licensing: {
            verdict: 'pass',
            lines: [{ key: 'autoCheck.licences.found', values: { skus: 'AAD_PREMIUM (P1, 5)' } }],
          },
        },
      },
      description,
      now: AT,
    }),
    number: 7,
  };
}

function step(ticket: Ticket, op: 'assign' | 'resolve', note?: string): Ticket {
  const result = applyOp(ticket, op, AGENT, AT + 60_000, note);
  if (!result.ok) throw new Error(result.reason);
  return result.ticket;
}

const SLA: SlaSettings = {
  targets: {
    low: { respondMinutes: 480, resolveMinutes: 4320 },
    normal: { respondMinutes: 240, resolveMinutes: 1440 },
    high: { respondMinutes: 60, resolveMinutes: 480 },
    urgent: { respondMinutes: 15, resolveMinutes: 240 },
  },
  warnPercent: 75,
};
/** The roster the people picker lists (names without Latin words: the untranslated-text check reads choices). */
const ROSTER = [
  { id: '29:li', aadObjectId: '00000000-0000-4000-8000-00000000b0b0', name: '李娜' },
  { id: '29:wang', aadObjectId: '00000000-0000-4000-8000-00000000b0b1', name: '王伟 <*>' },
];

function rated(ticket: Ticket): Ticket {
  const result = rate(
    ticket,
    { stars: 4, comment: '**fast** [x](https://evil.example)', resolution: ticket.resolutions ?? 0 },
    ticket.requester,
    AT + 120_000,
  );
  if (!result.ok) throw new Error(result.reason);
  return result.ticket;
}

/** Every helpdesk card, in one language. */
export function helpdeskCards(t: Translator): Array<[string, CardAttachment]> {
  const open = sampleTicket();
  const assigned = step(open, 'assign');
  const resolved = step(assigned, 'resolve', 'TLS 1.2');
  return [
    ['ticket open', attachment(ticketCard(open, t, { timeZone: 'Europe/Riga' }))],
    ['ticket assigned', attachment(ticketCard(assigned, t))],
    ['ticket resolved', attachment(ticketCard(resolved, t))],
    [
      'ticket with a note',
      attachment(
        ticketCard(assigned, t, { note: t.t('helpdesk.refusals.alreadyAssigned', { name: 'Alex' }) }),
      ),
    ],
    ['ticket confirmation', attachment(ticketConfirmationCard(open, t))],
    ['ticket, requester view', attachment(requesterTicketCard(open, t, { timeZone: 'Europe/Riga' }))],
    [
      'ticket, requester view resolved with a note',
      attachment(requesterTicketCard(resolved, t, { note: t.t('helpdesk.refusals.ownTicket') })),
    ],
    ['ticket not available', attachment(ticketUnavailableCard(t))],
    ['tickets open', attachment(ticketListCard([open, assigned], t, 'open', 'Europe/Riga'))],
    ['tickets mine', attachment(ticketListCard([resolved], t, 'mine'))],
    ['tickets none open', attachment(ticketListCard([], t, 'open'))],
    ['tickets none mine', attachment(ticketListCard([], t, 'mine'))],
    [
      'ticket with SLA (one breached) and the people picker',
      attachment(ticketCard(open, t, { sla: { settings: SLA, now: AT + 300 * 60_000 }, people: ROSTER })),
    ],
    [
      'ticket resolved and rated, with SLA',
      attachment(ticketCard(rated(resolved), t, { sla: { settings: SLA, now: AT + 600_000 } })),
    ],
    ['ticket, requester view rated', attachment(requesterTicketCard(rated(resolved), t))],
    ['tickets mine rated', attachment(ticketListCard([rated(resolved)], t, 'mine'))],
    ['rating card', attachment(ratingCard(resolved, t))],
    [
      'rating card with a note',
      attachment(ratingCard(resolved, t, { note: t.t('helpdesk.rating.invalid') })),
    ],
    ['rating thanks', attachment(ratingNoteCard(t.t('helpdesk.rating.thanks', { number: 7, stars: 4 })))],
    [
      'helpdesk stats',
      attachment(
        statsCard(
          t,
          [7, 30].map((days) =>
            windowStats(
              [rated(resolved), assigned],
              [{ day: Math.floor(AT / 86_400_000), finished: 5, fails: { firewall: 2 } }],
              SLA,
              AT + 86_400_000,
              days,
            ),
          ),
          [
            { check: 'firewall', count: 2 },
            { check: 'tls12', count: 1 },
          ],
        ),
      ),
    ],
    ['helpdesk stats empty', attachment(statsCard(t, [windowStats([], [], SLA, AT, 7)], []))],
  ];
}
