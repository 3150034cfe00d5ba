/**
 * The helpdesk ticket: what the admin escalated (every check, typed values, Graph evidence, their
 * description) and what the helpdesk did with it. Plain JSON, no botbuilder; transitions are pure.
 */
import { createHash } from 'node:crypto';
import type { Answer, CheckId, SectionId } from '../troubleshooting/model';

type TicketStatus = 'open' | 'assigned' | 'resolved';
export const TICKET_OPS = ['assign', 'unassign', 'resolve', 'reopen'] as const;
export type TicketOp = (typeof TICKET_OPS)[number];
type HistoryAction =
  'created' | 'assigned' | 'unassigned' | 'resolved' | 'reopened' | 'reassigned' | 'priority' | 'rated';

/** A ticket's priority, lowest first (the rules that pick one from the case are in priority.ts). */
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const isPriority = (value: unknown): value is Priority =>
  typeof value === 'string' && (PRIORITIES as readonly string[]).includes(value);

/** The requester's rating of one resolution. */
interface TicketRating {
  stars: number;
  /** As typed (normalised and capped); neutralised whenever shown. */
  comment?: string;
  at: number;
  /** The resolution it rates (`Ticket.resolutions` when it was given). */
  resolution: number;
}
export const RATING_COMMENT_MAX = 300;

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
  /** Absent on tickets stored before priorities: they read as `normal`. */
  priority?: Priority;
  /** First time anyone was assigned (the first response, for the SLA). */
  assignedAt?: number;
  /** Last time the ticket was resolved. */
  resolvedAt?: number;
  /** How many times the ticket was resolved: a rating belongs to one resolution. */
  resolutions?: number;
  /** How many times it was unassigned: the "nobody took it" reminder of each round has its own id. */
  unassignRounds?: number;
  rating?: TicketRating;
}

/** A stored value that is not a priority (an old or damaged record) reads as `normal` too. */
export const priorityOfTicket = (ticket: Ticket): Priority =>
  isPriority(ticket.priority) ? ticket.priority : 'normal';

export const DESCRIPTION_MAX = 1000;
export const NOTE_MAX = 500;
/** The history kept on a ticket (oldest dropped first); the thread keeps every line anyway. */
const HISTORY_MAX = 30;

/** Why an action changed nothing: the card shows the current state with this note. */
export type Refusal =
  | 'alreadyAssigned'
  | 'notAssigned'
  | 'alreadyResolved'
  | 'notResolved'
  | 'unchanged'
  | 'alreadyRated'
  | 'staleRating';

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
        ticket: {
          ...ticket,
          status: 'assigned',
          assignee: by,
          assignedAt: ticket.assignedAt ?? at,
          history: entry(ticket, 'assigned', by, at),
        },
      };
    case 'unassign': {
      if (ticket.status === 'resolved') return refuse('alreadyResolved');
      if (!ticket.assignee) return refuse('notAssigned');
      const next: Ticket = {
        ...ticket,
        status: 'open',
        unassignRounds: (ticket.unassignRounds ?? 0) + 1,
        history: entry(ticket, 'unassigned', by, at),
      };
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
          resolvedAt: at,
          resolutions: (ticket.resolutions ?? 0) + 1,
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

/** An agent hands the ticket to another member of the helpdesk team (`to`, checked with Teams). */
export function reassign(ticket: Ticket, to: Person, by: Person, at: number): Transition {
  if (ticket.status === 'resolved') return { ok: false, reason: 'alreadyResolved', ticket };
  if (samePerson(ticket.assignee, to)) return { ok: false, reason: 'unchanged', ticket };
  const history = entry(ticket, 'reassigned', by, at, to.name);
  return {
    ok: true,
    ticket: { ...ticket, status: 'assigned', assignee: to, assignedAt: ticket.assignedAt ?? at, history },
  };
}

export function setPriority(ticket: Ticket, priority: Priority, by: Person, at: number): Transition {
  if (ticket.status === 'resolved') return { ok: false, reason: 'alreadyResolved', ticket };
  if (priorityOfTicket(ticket) === priority) return { ok: false, reason: 'unchanged', ticket };
  return { ok: true, ticket: { ...ticket, priority, history: entry(ticket, 'priority', by, at, priority) } };
}

/**
 * The requester rates the resolution their card was sent for (`resolution`): once, and only while the
 * ticket is still resolved by it (a reopened or resolved-again ticket makes the old card stale).
 */
export function rate(
  ticket: Ticket,
  rating: { stars: number; comment?: string; resolution: number },
  by: Person,
  at: number,
): Transition {
  if (ticket.status !== 'resolved' || rating.resolution !== (ticket.resolutions ?? 0))
    return { ok: false, reason: 'staleRating', ticket };
  if (ticket.rating?.resolution === rating.resolution) return { ok: false, reason: 'alreadyRated', ticket };
  const given: TicketRating = {
    stars: rating.stars,
    ...(rating.comment ? { comment: rating.comment } : {}),
    at,
    resolution: rating.resolution,
  };
  return {
    ok: true,
    ticket: { ...ticket, rating: given, history: entry(ticket, 'rated', by, at, String(rating.stars)) },
  };
}

/** The requester of a ticket may not work on it (no approving one's own escalation). */
export const isRequester = (ticket: Ticket, person: Person): boolean => samePerson(ticket.requester, person);

export const isOpen = (ticket: Ticket): boolean => ticket.status !== 'resolved';

/** A person's stable key for counting their tickets (hashed: the counter record holds no ids in clear). */
export function requesterKey(person: Person): string {
  const id = person.aadObjectId ? `aad:${person.aadObjectId}` : `id:${person.id}`;
  return createHash('sha256').update(id).digest('hex').slice(0, 24);
}
