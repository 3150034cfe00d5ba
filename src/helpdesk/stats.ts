/**
 * The helpdesk summary's figures for one window (the last 7 or 30 days), from the tenant's tickets and
 * the section outcome counter. Pure.
 */
import type { CheckId } from '../troubleshooting/model';
import { dayOf, type DayOutcomes } from './outcomes';
import { breached, type SlaSettings } from './sla';
import type { Ticket } from './ticket';

export interface WindowStats {
  days: number;
  opened: number;
  resolved: number;
  medianAssignMs?: number;
  medianResolveMs?: number;
  /** Targets missed by tickets opened in the window (first response and resolution counted apart). */
  breaches: number;
  averageRating?: number;
  ratings: number;
  /** Sections finished in the window, and escalations sent from a section (or the case) in it. */
  finished: number;
  escalated: number;
}

const DAY_MS = 86_400_000;

function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function windowStats(
  tickets: readonly Ticket[],
  outcomes: readonly DayOutcomes[],
  sla: SlaSettings,
  now: number,
  days: number,
): WindowStats {
  const from = now - days * DAY_MS;
  const opened = tickets.filter((t) => t.createdAt >= from);
  const resolved = tickets.filter((t) => t.status === 'resolved' && (t.resolvedAt ?? 0) >= from);
  const assignTimes = opened.flatMap((t) => (t.assignedAt !== undefined ? [t.assignedAt - t.createdAt] : []));
  const resolveTimes = resolved.map((t) => (t.resolvedAt ?? t.createdAt) - t.createdAt);
  const breaches = opened.reduce(
    (n, t) => n + (breached(sla, t, 'respond', now) ? 1 : 0) + (breached(sla, t, 'resolve', now) ? 1 : 0),
    0,
  );
  const rated = tickets.filter(
    (t) =>
      t.rating &&
      t.rating.at >= from &&
      Number.isInteger(t.rating.stars) &&
      t.rating.stars >= 1 &&
      t.rating.stars <= 5,
  );
  const stars = rated.reduce((n, t) => n + (t.rating?.stars ?? 0), 0);
  const firstDay = dayOf(from);
  const finished = outcomes.filter((d) => d.day > firstDay).reduce((n, d) => n + d.finished, 0);
  return {
    days,
    opened: opened.length,
    resolved: resolved.length,
    medianAssignMs: median(assignTimes),
    medianResolveMs: median(resolveTimes),
    breaches,
    averageRating: rated.length > 0 ? stars / rated.length : undefined,
    ratings: rated.length,
    finished,
    escalated: opened.length,
  };
}

/** The checks answered ✗ most often in the counter's days (newest `days`), most first, at most `top`. */
export function failingChecks(
  outcomes: readonly DayOutcomes[],
  now: number,
  days: number,
  top = 5,
): Array<{ check: CheckId; count: number }> {
  const firstDay = dayOf(now - days * DAY_MS);
  const counts = new Map<CheckId, number>();
  for (const d of outcomes)
    if (d.day > firstDay)
      for (const [id, n] of Object.entries(d.fails))
        counts.set(id as CheckId, (counts.get(id as CheckId) ?? 0) + n);
  return [...counts.entries()]
    .map(([check, count]) => ({ check, count }))
    .filter((c) => c.count > 0)
    .sort((a, b) => b.count - a.count || a.check.localeCompare(b.check))
    .slice(0, top);
}
