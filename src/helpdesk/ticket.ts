/**
 * The helpdesk ticket: what the admin escalated (every check, typed values, Graph evidence, their
 * description) and what the helpdesk did with it. Plain JSON, no botbuilder; transitions are pure.
 */
import { createHash } from 'node:crypto';
import type { Answer, CheckId, SectionId } from '../troubleshooting/model';

type TicketStatus = 'open' | 'assigned' | 'resolved';
export const TICKET_OPS = ['assign', 'unassign', 'resolve', 'reopen'] as const;
export type TicketOp = (typeof TICKET_OPS)[number];
type HistoryAction = 'created' | 'assigned' | 'unassigned' | 'resolved' | 'reopened';

/** A person as Teams names them: channel user id, Entra object id when known, display name. */
export interface Person {
  id: string;
  aadObjectId?: string;
  name: string;
}

export interface TicketCheck {
  id: CheckId;
  section: SectionId;
  answer: Answer | 'pending';
  /** What the admin typed on that check (a Connect version, an event ID). */
  detail?: string;
}

/** One automatic (Graph) check: its verdict and evidence lines as locale keys with values. */
interface TicketEvidence {
  checkId: CheckId;
  verdict: 'pass' | 'fail' | 'unknown';
  lines: Array<{ key: string; values?: Record<string, string | number>; timeIso?: string }>;
}

interface HistoryEntry {
  at: number;
  action: HistoryAction;
  by: string;
  note?: string;
}

export interface Ticket {
  tenantId: string;
  number: number;
  createdAt: number;
  /** Which summary it was sent from: a section, or the whole case. */
  scope: SectionId | 'case';
  requester: Person & { conversationKey: string; locale: string; timeZone?: string };
  checks: TicketCheck[];
  events: number[];
  evidence: TicketEvidence[];
  /** As typed (normalised and capped); neutralised whenever shown. */
  description: string;
  /** Characters cut from an over-long description. */
  descriptionCut: number;
  status: TicketStatus;
  assignee?: Person;
  resolutionNote?: string;
  history: HistoryEntry[];
  /** The helpdesk the ticket was sent to: its team decides who may act, even after the channel moves. */
  helpdesk: { teamId: string; channelId: string; locale: string; timeZone?: string };
  /** Where the ticket card lives: the thread's conversation id and the card's activity id. */
  thread?: { conversationId: string; activityId: string };
  /** Lifecycle notices the requester was given (each once: src/helpdesk/handlers/lifecycle.ts). */
  notices?: string[];
}

export const DESCRIPTION_MAX = 1000;
export const NOTE_MAX = 500;
/** The history kept on a ticket (oldest dropped first); the thread keeps every line anyway. */
const HISTORY_MAX = 30;

/** Why an action changed nothing: the card shows the current state with this note. */
export type Refusal = 'alreadyAssigned' | 'notAssigned' | 'alreadyResolved' | 'notResolved' | 'unchanged';

export type Transition = { ok: true; ticket: Ticket } | { ok: false; reason: Refusal; ticket: Ticket };

function entry(ticket: Ticket, action: HistoryAction, by: Person, at: number, note?: string): HistoryEntry[] {
  const next: HistoryEntry = { at, action, by: by.name, ...(note ? { note } : {}) };
  return [...ticket.history, next].slice(-HISTORY_MAX);
}

const samePerson = (a: Person | undefined, b: Person): boolean =>
  a !== undefined && (a.aadObjectId && b.aadObjectId ? a.aadObjectId === b.aadObjectId : a.id === b.id);

/**
 * Applies one helpdesk action. Stale clicks are decided on the current ticket, not on the card the
 * agent saw: a second "Assign to me" finds the ticket already assigned and changes nothing.
 */
export function applyOp(ticket: Ticket, op: TicketOp, by: Person, at: number, note?: string): Transition {
  const refuse = (reason: Refusal): Transition => ({ ok: false, reason, ticket });
  switch (op) {
    case 'assign':
      if (ticket.status === 'resolved') return refuse('alreadyResolved');
      if (ticket.assignee) return refuse(samePerson(ticket.assignee, by) ? 'unchanged' : 'alreadyAssigned');
      return {
        ok: true,
        ticket: { ...ticket, status: 'assigned', assignee: by, history: entry(ticket, 'assigned', by, at) },
      };
    case 'unassign': {
      if (ticket.status === 'resolved') return refuse('alreadyResolved');
      if (!ticket.assignee) return refuse('notAssigned');
      const next: Ticket = { ...ticket, status: 'open', history: entry(ticket, 'unassigned', by, at) };
      delete next.assignee;
      return { ok: true, ticket: next };
    }
    case 'resolve':
      if (ticket.status === 'resolved') return refuse('alreadyResolved');
      return {
        ok: true,
        ticket: {
          ...ticket,
          status: 'resolved',
          ...(note ? { resolutionNote: note } : {}),
          history: entry(ticket, 'resolved', by, at, note),
        },
      };
    case 'reopen': {
      if (ticket.status !== 'resolved') return refuse('notResolved');
      const next: Ticket = {
        ...ticket,
        status: ticket.assignee ? 'assigned' : 'open',
        history: entry(ticket, 'reopened', by, at),
      };
      delete next.resolutionNote;
      return { ok: true, ticket: next };
    }
  }
}

/** The requester of a ticket may not work on it (no approving one's own escalation). */
export const isRequester = (ticket: Ticket, person: Person): boolean => samePerson(ticket.requester, person);

export const isOpen = (ticket: Ticket): boolean => ticket.status !== 'resolved';

/** A person's stable key for counting their tickets (hashed: the counter record holds no ids in clear). */
export function requesterKey(person: Person): string {
  const id = person.aadObjectId ? `aad:${person.aadObjectId}` : `id:${person.id}`;
  return createHash('sha256').update(id).digest('hex').slice(0, 24);
}
