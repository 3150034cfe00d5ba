/**
 * Service-level targets per priority: a first response (someone assigned) and a resolution, each
 * counted from when the ticket was sent. Pure: the due times the thread timers use and the state the
 * card and the summary show come from here.
 */
import { priorityOfTicket, type Priority, type Ticket } from './ticket';

export interface SlaSettings {
  /** Minutes to the first response and to the resolution, per priority. */
  readonly targets: Readonly<
    Record<Priority, { readonly respondMinutes: number; readonly resolveMinutes: number }>
  >;
  /** The warning goes out when this share of a target has passed (1-99). */
  readonly warnPercent: number;
}

export const SLA_PHASES = ['respondWarn', 'respondBreach', 'resolveWarn', 'resolveBreach'] as const;
export type SlaPhase = (typeof SLA_PHASES)[number];
export type SlaTarget = 'respond' | 'resolve';

export const targetOf = (phase: SlaPhase): SlaTarget => (phase.startsWith('respond') ? 'respond' : 'resolve');
export const isBreachPhase = (phase: SlaPhase): boolean => phase.endsWith('Breach');

function targetMs(settings: SlaSettings, ticket: Ticket, target: SlaTarget): number {
  const t = settings.targets[priorityOfTicket(ticket)];
  return (target === 'respond' ? t.respondMinutes : t.resolveMinutes) * 60_000;
}

/** When a target is due for this ticket (its current priority). */
export const dueAt = (settings: SlaSettings, ticket: Ticket, target: SlaTarget): number =>
  ticket.createdAt + targetMs(settings, ticket, target);

/** When a phase's thread line is due. */
export function phaseDueAt(settings: SlaSettings, ticket: Ticket, phase: SlaPhase): number {
  const target = targetOf(phase);
  if (isBreachPhase(phase)) return dueAt(settings, ticket, target);
  return ticket.createdAt + Math.floor((targetMs(settings, ticket, target) * settings.warnPercent) / 100);
}

/** Whether a target still runs (nothing met it yet). */
export function running(ticket: Ticket, target: SlaTarget): boolean {
  if (ticket.status === 'resolved') return false;
  return target === 'resolve' || ticket.assignedAt === undefined;
}

/** A target missed: met late, or still running past its due time. */
export function breached(settings: SlaSettings, ticket: Ticket, target: SlaTarget, now: number): boolean {
  const due = dueAt(settings, ticket, target);
  const resolvedAt = ticket.status === 'resolved' ? ticket.resolvedAt : undefined;
  const metAt = target === 'respond' ? (ticket.assignedAt ?? resolvedAt) : resolvedAt;
  return (metAt ?? now) > due;
}
