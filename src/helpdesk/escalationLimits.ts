/**
 * The escalation limits, decided on the tenant's counter record while it is written (src/helpdesk/store.ts):
 * new threads per tenant in a sliding window, open tickets per requester. Pure functions on plain data.
 */
import { z } from 'zod';

export const recentSchema = z.object({
  at: z.number(),
  n: z.number().int(),
  /** requesterKey() of the requester. */
  by: z.string(),
  /** The ticket was dropped again (its card could not be posted): it still counts toward the rate. */
  gone: z.boolean().optional(),
});
type Recent = z.infer<typeof recentSchema>;

/** Recent tickets always kept, beyond those inside the rate window. */
const RECENT_KEPT = 50;

/** What escalating may do (config: HELPDESK_MAX_OPEN_TICKETS, HELPDESK_NEW_THREADS_*). */
export interface EscalationLimits {
  /** Open (not resolved) tickets one requester may have. */
  openPerRequester: number;
  /** New tickets (each a new thread in the helpdesk channel) per tenant in any window of `windowMs`. */
  threadsPerWindow: number;
  windowMs: number;
}

/** What the requester's tickets looked like before the counter was read: open ones, numbers read, last number. */
export interface OpenTickets {
  count: number;
  last: number;
  seen: ReadonlySet<number>;
}

export type Refusal =
  /** The requester has `max` open tickets already. */
  | { kind: 'openLimit'; max: number }
  /** The tenant had its maximum of new threads in the window. */
  | { kind: 'rateLimited' };

/**
 * Why a new ticket may not be made now, decided on the counter being written: the tenant's new threads
 * inside the window, then the requester's open tickets (those read before, plus their tickets numbered
 * after that read or not stored yet). Should the recent list no longer reach back to that read (more
 * tickets made meanwhile than it keeps), the tenant is too busy to tell: refused as rate limited.
 */
export function refusal(
  last: number,
  recent: readonly Recent[],
  who: string,
  open: OpenTickets,
  limits: EscalationLimits,
  now: number,
): Refusal | undefined {
  const inWindow = recent.filter((r) => r.at > now - limits.windowMs).length;
  if (inWindow >= limits.threadsPerWindow) return { kind: 'rateLimited' };
  const oldest = recent[0]?.n ?? last + 1;
  if (last > open.last && oldest > open.last + 1) return { kind: 'rateLimited' };
  const unseen = recent.filter((r) => r.by === who && !r.gone && !open.seen.has(r.n)).length;
  if (open.count + unseen >= limits.openPerRequester)
    return { kind: 'openLimit', max: limits.openPerRequester };
  return undefined;
}

/** The recent tickets inside the window, and at least the last RECENT_KEPT. */
export function keepRecent(recent: Recent[], now: number, windowMs: number): Recent[] {
  const from = recent.length - RECENT_KEPT;
  return recent.filter((r, i) => i >= from || r.at > now - windowMs);
}
