/**
 * Helpdesk records in bot storage (SQLite by default, Blob Storage when scaled out), all scoped by
 * tenant and all written with eTags, so two instances never overwrite each other:
 *   helpdesk/<tenant>/channel    the tenant's helpdesk channel (one per tenant)
 *   helpdesk/<tenant>/counter    the last ticket number handed out, the latest escalation claims and the
 *                                recent tickets (time, number, hashed requester) the limits count
 *   helpdesk/<tenant>/ticket/<n> one ticket
 *   helpdesk/<tenant>/pending    escalations that found no helpdesk able to take them, offered again later
 */
import { z } from 'zod';
import { readItem, updateItem, writeIfMatch } from '../storage/eTagStorage';
import type { StoredConversationReference } from '../proactive/types';
import { KeyedLock, type TurnGate } from '../turn/turnLock';
import { ErrorCodes } from '../core/errors';
import type { Logger } from '../core/logger';
import { CHECK_IDS, SECTION_IDS } from '../troubleshooting/model';
import { ESCALATION_SCOPES } from './actions';
import type { KeyValueStorage } from '../storage/keyValueStorage';
import {
  keepRecent,
  recentSchema,
  refusal,
  type EscalationLimits,
  type OpenTickets,
  type Refusal,
} from './escalationLimits';
import {
  applyOp,
  isOpen,
  PRIORITIES,
  requesterKey,
  type Person,
  type Ticket,
  type TicketOp,
  type Transition,
} from './ticket';
import { UNAVAILABLE_REASONS, type Unavailability } from './lifecycle';

export interface HelpdeskChannel {
  tenantId: string;
  teamId: string;
  channelId: string;
  channelName: string;
  serviceUrl: string;
  /** Where new threads are started: the channel itself (not a reply chain). */
  reference: StoredConversationReference;
  /** Language of ticket cards and thread lines. */
  locale: string;
  /** Time zone of the member who set it up: times in the thread. */
  timeZone?: string;
  setBy: Person;
  setAt: number;
  /** Set while Teams cannot take cases there (channel deleted, team archived, bot removed…). */
  unavailable?: Unavailability;
}

/** An escalation that found the helpdesk unavailable: offered again to the admin once one is set. */
export interface PendingEscalation {
  conversationKey: string;
  locale: string;
  scope: Ticket['scope'];
  /** The summary card's token: the offer sends it back, so only a still-current summary escalates. */
  token: string;
  at: number;
}

/** Tenant ids are GUIDs; anything else is not used in a storage key. */
const SAFE_TENANT = /^[A-Za-z0-9-]{1,64}$/;
export const isSafeTenantId = (tenantId: string | undefined): tenantId is string =>
  typeof tenantId === 'string' && SAFE_TENANT.test(tenantId);

const person = z.object({ id: z.string(), aadObjectId: z.string().optional(), name: z.string() });
const channelSchema = z.object({
  tenantId: z.string(),
  teamId: z.string(),
  channelId: z.string(),
  channelName: z.string(),
  serviceUrl: z.string(),
  reference: z.object({}).passthrough(),
  locale: z.string(),
  timeZone: z.string().optional(),
  setBy: person,
  setAt: z.number(),
  unavailable: z.object({ reason: z.enum(UNAVAILABLE_REASONS), at: z.number() }).optional(),
});
const pendingSchema = z.object({
  items: z.array(
    z.object({
      conversationKey: z.string(),
      locale: z.string(),
      scope: z.enum(ESCALATION_SCOPES),
      token: z.string(),
      at: z.number(),
    }),
  ),
});
/** Pending escalations kept per tenant (the oldest dropped first). */
const PENDING_MAX = 100;
/**
 * What every part of the bot reads of a stored ticket (cards, lists, limits, notices): a record that is
 * not this (an older shape, a hand edit, a damaged file) is logged and skipped, never rendered. Fields
 * other features add are kept as they are (passthrough).
 */
const ticketSchema = z
  .object({
    tenantId: z.string(),
    number: z.number().int().positive(),
    createdAt: z.number().finite(),
    scope: z.enum(ESCALATION_SCOPES),
    status: z.enum(['open', 'assigned', 'resolved']),
    requester: person.extend({ conversationKey: z.string(), locale: z.string() }).passthrough(),
    helpdesk: z.object({ teamId: z.string(), channelId: z.string(), locale: z.string() }).passthrough(),
    checks: z.array(
      z
        .object({
          id: z.enum(CHECK_IDS),
          section: z.enum(SECTION_IDS),
          answer: z.string(),
          detail: z.string().optional(),
        })
        .passthrough(),
    ),
    events: z.array(z.number()),
    evidence: z.array(
      z
        .object({
          checkId: z.enum(CHECK_IDS),
          verdict: z.string(),
          lines: z.array(z.object({ key: z.string() }).passthrough()),
        })
        .passthrough(),
    ),
    description: z.string(),
    descriptionCut: z.number(),
    assignee: person.optional(),
    resolutionNote: z.string().optional(),
    history: z.array(z.object({ at: z.number(), action: z.string(), by: z.string() }).passthrough()),
    thread: z.object({ conversationId: z.string(), activityId: z.string() }).optional(),
    notices: z.array(z.string()).optional(),
    priority: z.enum(PRIORITIES).optional(),
    assignedAt: z.number().finite().optional(),
    resolvedAt: z.number().finite().optional(),
    resolutions: z.number().int().nonnegative().optional(),
    unassignRounds: z.number().int().nonnegative().optional(),
    rating: z
      .object({
        stars: z.number().int().min(1).max(5),
        comment: z.string().optional(),
        at: z.number().finite(),
        resolution: z.number().int().nonnegative(),
      })
      .optional(),
  })
  .passthrough();
const counterSchema = z.object({
  last: z.number().int().nonnegative(),
  claims: z.array(z.object({ claim: z.string(), number: z.number().int() })).optional(),
  recent: z.array(recentSchema).optional(),
});
type Counter = z.infer<typeof counterSchema>;
/** Claims remembered per tenant: enough to catch a double click, small enough to stay one record. */
const CLAIMS_KEPT = 50;

export type CreateOutcome =
  | { kind: 'created'; ticket: Ticket }
  /** The same claim made a ticket before: its number, nothing new. */
  | { kind: 'duplicate'; number: number }
  | Refusal;

const parseWith =
  <T>(schema: z.ZodType) =>
  (raw: unknown): T | undefined => {
    const parsed = schema.safeParse(raw);
    return parsed.success ? (raw as T) : undefined;
  };
const parseChannel = parseWith<HelpdeskChannel>(channelSchema);
const isTicket = parseWith<Ticket>(ticketSchema);
const parseCounter = parseWith<Counter>(counterSchema);
const parsePending = parseWith<{ items: PendingEscalation[] }>(pendingSchema);

/** How many of the newest tickets `tickets` looks at (storage has no query: they are read by key). */
const LIST_WINDOW = 200;
/** Ticket numbers one page of `tickets` looks through at most (then it offers the next page). */
const PAGE_SCAN = 2_000;

export type TicketUpdate = Transition | { ok: false; reason: 'missing' };

/** What a change of the helpdesk channel does, and what the caller gets back. */
export type ChannelDecision<R> =
  { write: HelpdeskChannel; result: R } | { remove: true; result: R } | { keep: true; result: R };

/** Conflicts a channel change re-decides before giving up (each is another writer's change). */
const CHANGE_TRIES = 8;

export class HelpdeskStore {
  constructor(
    private readonly storage: KeyValueStorage,
    private readonly gate: TurnGate = new KeyedLock(),
    private readonly log?: Logger,
  ) {}

  /** A stored ticket as the bot reads it, or undefined (logged with WB-HD-604) when it is not one. */
  private readonly parseTicket = (raw: unknown): Ticket | undefined => {
    const ticket = isTicket(raw);
    if (!ticket && raw !== undefined) {
      const number =
        typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>).number : undefined;
      this.log?.warn(
        { code: ErrorCodes.HELPDESK_BAD_TICKET, ticket: typeof number === 'number' ? number : undefined },
        'helpdesk: a stored ticket is not valid; skipped',
      );
    }
    return ticket;
  };

  private key(tenantId: string, suffix: string): string {
    if (!isSafeTenantId(tenantId)) throw new Error('helpdesk: unsafe tenant id');
    return `helpdesk/${tenantId}/${suffix}`;
  }

  async channel(tenantId: string): Promise<HelpdeskChannel | undefined> {
    return (await readItem(this.storage, this.key(tenantId, 'channel'), parseChannel))?.value;
  }

  /**
   * Sets, moves or removes the tenant's helpdesk channel. `decide` sees the current record (and may ask
   * Teams who the user is) and says what to do; the change is written only if the record is still the
   * one it saw: compare-and-set on the eTag it was read with, and a record changed meanwhile is decided
   * again on its new value, so two `helpdesk here` at once have one effect and a takeover cannot slip in
   * between the check and the write. botbuilder storages cannot create an item only if it is absent (a
   * write without an eTag overwrites) nor delete conditionally, so the changes of one tenant also run
   * one at a time under `gate` (in this process; across instances the app passes its shared turn lease).
   * A first set also creates the ticket counter, so every later increment is a compare-and-set.
   */
  async changeChannel<R>(
    tenantId: string,
    decide: (current: HelpdeskChannel | undefined) => Promise<ChannelDecision<R>>,
  ): Promise<R> {
    const key = this.key(tenantId, 'channel');
    return this.gate.run(key, async () => {
      for (let attempt = 1; attempt <= CHANGE_TRIES; attempt++) {
        const read = await readItem(this.storage, key, parseChannel);
        const decision = await decide(read?.value);
        if ('keep' in decision) return decision.result;
        if ('remove' in decision) {
          // No conditional delete: look once more right before it (the gate keeps this instance's turns out).
          const again = await readItem(this.storage, key, parseChannel);
          if (again?.eTag !== read?.eTag) continue;
          await this.storage.delete([key]);
          return decision.result;
        }
        if (decision.write.tenantId !== tenantId) throw new Error('helpdesk: channel of another tenant');
        if (!(await writeIfMatch(this.storage, key, decision.write, read?.eTag))) continue;
        await updateItem(this.storage, this.key(tenantId, 'counter'), parseCounter, (current) =>
          current ? { keep: true } : { write: { last: 0 } },
        );
        return decision.result;
      }
      throw new Error(`helpdesk: the channel record kept changing (${CHANGE_TRIES} tries)`);
    });
  }

  async setLanguage(tenantId: string, locale: string): Promise<HelpdeskChannel | undefined> {
    const result = await updateItem(this.storage, this.key(tenantId, 'channel'), parseChannel, (current) =>
      current ? { write: { ...current, locale } } : { keep: true },
    );
    return result.value;
  }

  /**
   * Hands out the next ticket number of the tenant (compare-and-set on the counter) and stores the
   * ticket. `claim` identifies one summary card: a second escalation with the same claim (a double
   * click, a retried turn, another instance) gets the first one's number back as `duplicate` and
   * creates nothing. With `limits`, the same compare-and-set refuses a requester at their open-ticket
   * cap and a tenant at its rate of new threads, so two instances at once cannot both slip past them:
   * tickets created after the open ones were read are counted from the counter's recent list.
   */
  async create(
    ticket: Omit<Ticket, 'number'>,
    options: { claim?: string; limits?: EscalationLimits } = {},
  ): Promise<CreateOutcome> {
    const { claim, limits } = options;
    const who = requesterKey(ticket.requester);
    const now = ticket.createdAt;
    const open = limits ? await this.openOf(ticket.tenantId, who) : undefined;
    let outcome: CreateOutcome | undefined;
    const counter = await updateItem(
      this.storage,
      this.key(ticket.tenantId, 'counter'),
      parseCounter,
      (current) => {
        const earlier = claim ? current?.claims?.find((c) => c.claim === claim) : undefined;
        if (earlier) {
          outcome = { kind: 'duplicate', number: earlier.number };
          return { keep: true };
        }
        const recent = current?.recent ?? [];
        if (limits && open) {
          const refused = refusal(current?.last ?? 0, recent, who, open, limits, now);
          if (refused) {
            outcome = refused;
            return { keep: true };
          }
        }
        outcome = undefined;
        const last = (current?.last ?? 0) + 1;
        const claims = [...(current?.claims ?? []), ...(claim ? [{ claim, number: last }] : [])];
        const kept = keepRecent([...recent, { at: now, n: last, by: who }], now, limits?.windowMs ?? 0);
        return { write: { last, claims: claims.slice(-CLAIMS_KEPT), recent: kept } };
      },
      32,
    );
    if (outcome) return outcome;
    const created: Ticket = { ...ticket, number: counter.value?.last ?? 1 };
    // A fresh number is never stored yet: write without an eTag.
    await writeIfMatch(
      this.storage,
      this.key(ticket.tenantId, `ticket/${created.number}`),
      created,
      undefined,
    );
    return { kind: 'created', ticket: created };
  }

  /**
   * Drops a ticket whose card could not be posted (no ticket without a thread), and its claim, so that
   * Send on the same card can try again. It still counts toward the tenant's rate of new threads.
   */
  async remove(tenantId: string, number: number): Promise<void> {
    await this.storage.delete([this.key(tenantId, `ticket/${number}`)]);
    await updateItem(this.storage, this.key(tenantId, 'counter'), parseCounter, (current) =>
      current
        ? {
            write: {
              ...current,
              claims: current.claims?.filter((c) => c.number !== number),
              recent: current.recent?.map((r) => (r.n === number ? { ...r, gone: true } : r)),
            },
          }
        : { keep: true },
    );
  }

  /** The requester's open tickets among the newest, the numbers read and the last number then. */
  private async openOf(tenantId: string, who: string): Promise<OpenTickets> {
    const { last, tickets } = await this.scan(tenantId);
    const count = tickets.filter((t) => isOpen(t) && requesterKey(t.requester) === who).length;
    return { count, last, seen: new Set(tickets.map((t) => t.number)) };
  }

  async get(tenantId: string, number: number): Promise<Ticket | undefined> {
    return (await readItem(this.storage, this.key(tenantId, `ticket/${number}`), this.parseTicket))?.value;
  }

  /** Plain field updates (the thread the card lives in); last writer wins is not allowed here either. */
  async patch(tenantId: string, number: number, change: (t: Ticket) => Ticket): Promise<Ticket | undefined> {
    const result = await updateItem(
      this.storage,
      this.key(tenantId, `ticket/${number}`),
      this.parseTicket,
      (t) => (t ? { write: change(t) } : { keep: true }),
    );
    return result.value;
  }

  /**
   * Applies a helpdesk action with compare-and-set: the write carries the eTag the ticket was read
   * with, and a conflict re-reads and decides again on the new state. Of two agents clicking
   * "Assign to me" at once exactly one wins; the other gets `alreadyAssigned` and the current ticket.
   */
  async apply(
    tenantId: string,
    number: number,
    op: TicketOp,
    by: Person,
    at: number,
    note?: string,
  ): Promise<TicketUpdate> {
    return this.transition(tenantId, number, (current) => applyOp(current, op, by, at, note));
  }

  /** Any pure ticket transition (ticket.ts), with the same compare-and-set as `apply`. */
  async transition(
    tenantId: string,
    number: number,
    decide: (current: Ticket) => Transition,
  ): Promise<TicketUpdate> {
    let outcome: TicketUpdate = { ok: false, reason: 'missing' };
    await updateItem(this.storage, this.key(tenantId, `ticket/${number}`), this.parseTicket, (current) => {
      if (!current) {
        outcome = { ok: false, reason: 'missing' };
        return { keep: true };
      }
      outcome = decide(current);
      return outcome.ok ? { write: outcome.ticket } : { keep: true };
    });
    return outcome;
  }

  /** The newest tickets of a tenant (up to LIST_WINDOW), newest first, optionally filtered. */
  async list(tenantId: string, keep: (t: Ticket) => boolean): Promise<Ticket[]> {
    return (await this.scan(tenantId)).tickets.filter(keep);
  }

  /**
   * One page of `tickets`: up to `size` tickets that `keep` accepts, newest first, numbered below
   * `before` (from the newest without it), read LIST_WINDOW keys at a time and at most PAGE_SCAN keys
   * per page. `next` is where the following page starts, when there may be older ones.
   */
  async page(
    tenantId: string,
    keep: (t: Ticket) => boolean,
    options: { before?: number; size: number },
  ): Promise<{ tickets: Ticket[]; next?: number }> {
    const last = (await readItem(this.storage, this.key(tenantId, 'counter'), parseCounter))?.value.last ?? 0;
    const tickets: Ticket[] = [];
    let top = Math.min(last, (options.before ?? last + 1) - 1);
    const floor = Math.max(0, top - PAGE_SCAN);
    while (top > floor) {
      const keys: string[] = [];
      for (let n = top; n > Math.max(floor, top - LIST_WINDOW); n--)
        keys.push(this.key(tenantId, `ticket/${n}`));
      const items = await this.storage.read(keys);
      for (const k of keys) {
        top--;
        const ticket = this.parseTicket(stripETag(items[k]));
        if (ticket && keep(ticket)) tickets.push(ticket);
        if (tickets.length === options.size) return { tickets, ...(top > 0 ? { next: top + 1 } : {}) };
      }
    }
    return { tickets, ...(top > 0 ? { next: top + 1 } : {}) };
  }

  /** The last number handed out and the newest tickets stored (up to LIST_WINDOW), newest first. */
  private async scan(tenantId: string): Promise<{ last: number; tickets: Ticket[] }> {
    const last = (await readItem(this.storage, this.key(tenantId, 'counter'), parseCounter))?.value.last ?? 0;
    const keys: string[] = [];
    for (let n = last; n > 0 && keys.length < LIST_WINDOW; n--) keys.push(this.key(tenantId, `ticket/${n}`));
    if (keys.length === 0) return { last, tickets: [] };
    const items = await this.storage.read(keys);
    const tickets = keys
      .map((k) => this.parseTicket(stripETag(items[k])))
      .filter((t): t is Ticket => t !== undefined);
    return { last, tickets };
  }

  /**
   * A change of the channel record that is not a set/move/removal (the channel's lifecycle in Teams):
   * `change` returns the new record or undefined for "nothing to do". Compare-and-set, under the same
   * gate as changeChannel; returns the record before and after when this call changed it (so of twin
   * events on two instances exactly one gets it back).
   */
  async updateChannel(
    tenantId: string,
    change: (current: HelpdeskChannel) => HelpdeskChannel | undefined,
  ): Promise<{ before: HelpdeskChannel; after: HelpdeskChannel } | undefined> {
    const key = this.key(tenantId, 'channel');
    return this.gate.run(key, async () => {
      let before: HelpdeskChannel | undefined;
      const result = await updateItem(this.storage, key, parseChannel, (current) => {
        const next = current ? change(current) : undefined;
        before = current;
        return next ? { write: next } : { keep: true };
      });
      return result.changed && before && result.value ? { before, after: result.value } : undefined;
    });
  }

  /** Remembers an escalation that found no helpdesk able to take it (one per summary card). */
  async addPending(tenantId: string, item: PendingEscalation): Promise<void> {
    await updateItem(this.storage, this.key(tenantId, 'pending'), parsePending, (current) => {
      const items = current?.items ?? [];
      if (items.some((i) => i.conversationKey === item.conversationKey && i.token === item.token))
        return { keep: true };
      return { write: { items: [...items, item].slice(-PENDING_MAX) } };
    });
  }

  /** Takes every pending escalation (compare-and-set: of two instances only one gets them). */
  async takePending(tenantId: string): Promise<PendingEscalation[]> {
    let taken: PendingEscalation[] = [];
    await updateItem(this.storage, this.key(tenantId, 'pending'), parsePending, (current) => {
      taken = current?.items ?? [];
      return taken.length > 0 ? { write: { items: [] } } : { keep: true };
    });
    return taken;
  }

  /** Forgets the kept escalations of a conversation the bot was removed from (uninstall). */
  async dropPending(tenantId: string, conversationKey: string): Promise<void> {
    await updateItem(this.storage, this.key(tenantId, 'pending'), parsePending, (current) => {
      const items = current?.items ?? [];
      const rest = items.filter((i) => i.conversationKey !== conversationKey);
      return rest.length === items.length ? { keep: true } : { write: { items: rest } };
    });
  }

  /**
   * Marks that the requester of a ticket was given `notice` (compare-and-set on the ticket): the ticket
   * when this call marked it, undefined when it was already marked (another instance, a twin event).
   */
  async claimNotice(tenantId: string, number: number, notice: string): Promise<Ticket | undefined> {
    let claimed = false;
    const result = await updateItem(
      this.storage,
      this.key(tenantId, `ticket/${number}`),
      this.parseTicket,
      (t) => {
        claimed = t !== undefined && !(t.notices ?? []).includes(notice);
        return t && claimed ? { write: { ...t, notices: [...(t.notices ?? []), notice] } } : { keep: true };
      },
    );
    return claimed ? result.value : undefined;
  }

  /** Every ticket of a tenant that `keep` accepts, newest first, read LIST_WINDOW keys at a time. */
  async allTickets(tenantId: string, keep: (t: Ticket) => boolean): Promise<Ticket[]> {
    const last = (await readItem(this.storage, this.key(tenantId, 'counter'), parseCounter))?.value.last ?? 0;
    const found: Ticket[] = [];
    for (let top = last; top > 0; top -= LIST_WINDOW) {
      const keys: string[] = [];
      for (let n = top; n > Math.max(0, top - LIST_WINDOW); n--) keys.push(this.key(tenantId, `ticket/${n}`));
      const items = await this.storage.read(keys);
      for (const k of keys) {
        const ticket = this.parseTicket(stripETag(items[k]));
        if (ticket && keep(ticket)) found.push(ticket);
      }
    }
    return found;
  }
}

function stripETag(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const copy: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  delete copy.eTag;
  return copy;
}
