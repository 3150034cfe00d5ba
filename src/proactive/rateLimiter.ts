/** At most `limit` sends in any window of `windowMs`. */
export interface RateWindow {
  limit: number;
  windowMs: number;
}

/** Teams, per bot per conversation (learn: microsoftteams/platform, rate limiting for bots). */
export const TEAMS_CONVERSATION_LIMITS: readonly RateWindow[] = [
  { limit: 7, windowMs: 1_000 },
  { limit: 8, windowMs: 2_000 },
  { limit: 60, windowMs: 30_000 },
  { limit: 1_800, windowMs: 3_600_000 },
];

/** Teams, per app per tenant: about 50 requests per second. */
export const TEAMS_TENANT_LIMITS: readonly RateWindow[] = [{ limit: 50, windowMs: 1_000 }];

export interface PacerLimits {
  conversation: readonly RateWindow[];
  tenant: readonly RateWindow[];
  global: readonly RateWindow[];
}

interface Waiter {
  tenantKey: string;
  requestedAt: number;
  resolve: (waitedMs: number) => void;
}

const GLOBAL = 'global';

/**
 * Releases sends under sliding-window limits per conversation, per tenant and for the whole
 * process. Each conversation has its own FIFO queue; a conversation that is at its limit (or
 * paused by a 429) does not hold up the others. A send is counted at the instant it is released,
 * so the recorded instants are exactly the send times the limits are about.
 * Memory: the release instants inside the longest window per key (≤ 1,800 per busy conversation).
 */
export class SendPacer {
  private readonly queues = new Map<string, Waiter[]>();
  private readonly stamps = new Map<string, number[]>();
  private readonly pausedUntil = new Map<string, number>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private wakeAt = Number.POSITIVE_INFINITY;
  private releasesSinceSweep = 0;

  constructor(
    private readonly limits: PacerLimits,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Resolves, with the milliseconds waited, when a send in this conversation may start. */
  acquire(conversationKey: string, tenantKey: string): Promise<number> {
    return new Promise<number>((resolve) => {
      const now = this.now();
      const queue = this.queues.get(conversationKey);
      if (!queue && this.allowedAt(conversationKey, tenantKey, now) <= now) {
        this.book(conversationKey, tenantKey, now);
        resolve(0);
        return;
      }
      const waiter: Waiter = { tenantKey, requestedAt: now, resolve };
      if (queue) queue.push(waiter);
      else this.queues.set(conversationKey, [waiter]);
      this.armAt(this.allowedAt(conversationKey, tenantKey, now));
    });
  }

  /** Holds the conversation's sends until `until` (the server answered 429 with Retry-After). */
  pause(conversationKey: string, until: number): void {
    this.pausedUntil.set(conversationKey, Math.max(until, this.pausedUntil.get(conversationKey) ?? 0));
  }

  /** Sends waiting for a slot. */
  get waiting(): number {
    let count = 0;
    for (const queue of this.queues.values()) count += queue.length;
    return count;
  }

  private pump(): void {
    this.timer = undefined;
    this.wakeAt = Number.POSITIVE_INFINITY;
    const now = this.now();
    let next = Number.POSITIVE_INFINITY;
    // Oldest conversation first; a conversation with more waiting moves to the back (round robin).
    for (const [conversationKey, queue] of [...this.queues]) {
      let head = queue[0];
      while (head && this.allowedAt(conversationKey, head.tenantKey, now) <= now) {
        queue.shift();
        this.book(conversationKey, head.tenantKey, now);
        head.resolve(now - head.requestedAt);
        head = queue[0];
      }
      this.queues.delete(conversationKey);
      if (head) {
        this.queues.set(conversationKey, queue);
        next = Math.min(next, this.allowedAt(conversationKey, head.tenantKey, now));
      }
    }
    if (next < Number.POSITIVE_INFINITY) this.armAt(next);
  }

  private armAt(at: number): void {
    if (at >= this.wakeAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.wakeAt = at;
    this.timer = setTimeout(() => this.pump(), Math.max(0, at - this.now()));
  }

  /** Earliest instant ≥ now at which one more send fits every limit of the three keys. */
  private allowedAt(conversationKey: string, tenantKey: string, now: number): number {
    let at = Math.max(now, this.pausedUntil.get(conversationKey) ?? 0);
    at = Math.max(at, this.earliest(`conv:${conversationKey}`, this.limits.conversation, now));
    at = Math.max(at, this.earliest(`tenant:${tenantKey}`, this.limits.tenant, now));
    return Math.max(at, this.earliest(GLOBAL, this.limits.global, now));
  }

  private earliest(key: string, windows: readonly RateWindow[], now: number): number {
    const stamps = this.prune(key, windows, now);
    let at = now;
    for (const { limit, windowMs } of windows) {
      if (stamps.length >= limit) at = Math.max(at, stamps[stamps.length - limit] + windowMs);
    }
    return at;
  }

  private book(conversationKey: string, tenantKey: string, now: number): void {
    for (const key of [`conv:${conversationKey}`, `tenant:${tenantKey}`, GLOBAL]) {
      const stamps = this.stamps.get(key);
      if (stamps) stamps.push(now);
      else this.stamps.set(key, [now]);
    }
    if (++this.releasesSinceSweep >= 1_000) this.sweep(now);
  }

  /** Drops instants that left every window of the key; forgets the key when none are left. */
  private prune(key: string, windows: readonly RateWindow[], now: number): number[] {
    const stamps = this.stamps.get(key);
    if (!stamps) return [];
    const horizon = now - Math.max(0, ...windows.map((w) => w.windowMs));
    let drop = 0;
    while (drop < stamps.length && stamps[drop] <= horizon) drop++;
    if (drop > 0) stamps.splice(0, drop);
    if (stamps.length === 0) this.stamps.delete(key);
    return stamps;
  }

  private sweep(now: number): void {
    this.releasesSinceSweep = 0;
    for (const key of [...this.stamps.keys()]) {
      const windows =
        key === GLOBAL
          ? this.limits.global
          : key.startsWith('tenant:')
            ? this.limits.tenant
            : this.limits.conversation;
      this.prune(key, windows, now);
    }
    for (const [key, until] of [...this.pausedUntil]) if (until <= now) this.pausedUntil.delete(key);
  }
}
