/**
 * The priority a new ticket starts with, from what the admin found (the one place these rules live;
 * the README's Helpdesk section lists them). Agents change it on the ticket card.
 *   high    a ✗ on a Connectivity check, or on the writeback flag (reenableWriteback)
 *   normal  any other ✗, or a Microsoft Graph check that failed or could not tell (⚠)
 *   low     nothing failed: every check OK, skipped or not answered
 * `urgent` is never picked by a rule: only an agent sets it.
 */
import type { CheckId, SectionId } from '../troubleshooting/model';
import type { Priority, Ticket } from './ticket';

const HIGH_SECTIONS: readonly SectionId[] = ['connectivity'];
const HIGH_CHECKS: readonly CheckId[] = ['reenableWriteback'];

export function priorityOf(ticket: Pick<Ticket, 'checks' | 'evidence'>): Priority {
  const failed = new Set(ticket.checks.filter((c) => c.answer === 'notOk').map((c) => c.id));
  for (const e of ticket.evidence) if (e.verdict === 'fail') failed.add(e.checkId);
  const high = ticket.checks.some(
    (c) => failed.has(c.id) && (HIGH_SECTIONS.includes(c.section) || HIGH_CHECKS.includes(c.id)),
  );
  if (high) return 'high';
  if (failed.size > 0 || ticket.evidence.some((e) => e.verdict === 'unknown')) return 'normal';
  return 'low';
}
