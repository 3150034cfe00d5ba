/** Builds a ticket from what the conversation knows about the case (pure: no botbuilder). */
import { createHash } from 'node:crypto';
import { getSection, SECTIONS } from '../troubleshooting/catalogue';
import type { PerCheck, RecordedAnswer, SectionId } from '../troubleshooting/model';
import type { AutoCheck } from '../tenantChecks/autoChecks';
import { priorityOf } from './priority';
import { capLength, neutralize, normalizeTyped } from './sanitize';
import { DESCRIPTION_MAX, type Person, type Ticket, type TicketCheck } from './ticket';

type EvidenceLine = Ticket['evidence'][number]['lines'][number];

/** Longest Graph value a ticket keeps (a role list, a UPN, a failure reason). */
const EVIDENCE_VALUE_MAX = 300;

/**
 * A Graph evidence line as the ticket keeps it. Role display names, UPNs, SKU names and failure reasons
 * are set by the tenant's admins, not by us: like anything typed they are neutralised (and capped) before
 * they enter the ticket, which shows them as they are stored.
 */
function evidenceLine(line: AutoCheck['lines'][number]): EvidenceLine {
  const values = line.values
    ? Object.fromEntries(
        Object.entries(line.values).map(([name, value]) => [
          name,
          typeof value === 'number' ? value : neutralize(capLength(value, EVIDENCE_VALUE_MAX).text),
        ]),
      )
    : undefined;
  const timeIso = line.timeIso && !Number.isNaN(Date.parse(line.timeIso)) ? line.timeIso : undefined;
  return { key: line.key, ...(values ? { values } : {}), ...(timeIso ? { timeIso } : {}) };
}

export interface CaseSnapshot {
  answers: Readonly<PerCheck<RecordedAnswer>>;
  events: readonly number[];
  /** Graph evidence per check id, when automatic checks ran. */
  auto?: Readonly<PerCheck<AutoCheck>>;
}

/**
 * The sections a ticket shows: the one it was sent from (or all three for the case summary), plus
 * any other section the admin answered something in.
 */
function sectionsFor(scope: SectionId | 'case', answers: CaseSnapshot['answers']): SectionId[] {
  return SECTIONS.filter(
    (s) => scope === 'case' || s.id === scope || s.checks.some((c) => answers[c.id] !== undefined),
  ).map((s) => s.id);
}

export function newTicket(input: {
  tenantId: string;
  scope: SectionId | 'case';
  requester: Person & { conversationKey: string; locale: string; timeZone?: string };
  helpdesk: Ticket['helpdesk'];
  snapshot: CaseSnapshot;
  description: string | undefined;
  now: number;
}): Omit<Ticket, 'number'> {
  const checks: TicketCheck[] = sectionsFor(input.scope, input.snapshot.answers).flatMap((sectionId) =>
    getSection(sectionId).checks.map((check) => {
      const recorded = input.snapshot.answers[check.id];
      return {
        id: check.id,
        section: sectionId,
        answer: recorded?.answer ?? 'pending',
        ...(recorded?.detail ? { detail: capLength(recorded.detail, 100).text } : {}),
      };
    }),
  );
  const evidence = checks.flatMap(({ id }) => {
    const auto = input.snapshot.auto?.[id];
    return auto
      ? [{ checkId: id, verdict: auto.verdict, lines: auto.lines.slice(0, 10).map(evidenceLine) }]
      : [];
  });
  const description = capLength(normalizeTyped(input.description ?? ''), DESCRIPTION_MAX);
  return {
    tenantId: input.tenantId,
    createdAt: input.now,
    scope: input.scope,
    requester: input.requester,
    helpdesk: input.helpdesk,
    checks,
    events: input.snapshot.events.slice(-20),
    evidence,
    description: description.text,
    descriptionCut: description.cut,
    status: 'open',
    priority: priorityOf({ checks, evidence }),
    history: [{ at: input.now, action: 'created', by: input.requester.name }],
  };
}

/**
 * The id of a ticket's "still unassigned" reminder: stable (one per ticket and round of being
 * unassigned: after Unassign the reminder is set again under the next round's id), a safe scheduler key.
 */
export function unassignedReminderId(tenantId: string, number: number, round = 0): string {
  const tenant = createHash('sha256').update(tenantId).digest('hex').slice(0, 16);
  return `hd-${number}-${tenant}${round > 0 ? `-${round}` : ''}`;
}

export function ticketNumberOfReminder(id: string): number | undefined {
  const match = /^hd-(\d{1,10})-[0-9a-f]{16}(?:-\d{1,6})?$/.exec(id);
  return match ? Number(match[1]) : undefined;
}
