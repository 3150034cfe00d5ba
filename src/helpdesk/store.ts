/**
 * Helpdesk records in bot storage (SQLite by default, Blob Storage when scaled out), all scoped by
 * tenant and all written with eTags, so two instances never overwrite each other:
 *   helpdesk/<tenant>/channel    the tenant's helpdesk channel (one per tenant)
 *   helpdesk/<tenant>/counter    the last ticket number handed out, the latest escalation claims and the
 *                                recent tickets (time, number, hashed requester) the limits count
 *   helpdesk/<tenant>/ticket/<n> one ticket
 */
import { z } from 'zod';
import { readItem, updateItem, writeIfMatch } from '../storage/eTagStorage';
import type { StoredConversationReference } from '../proactive/types';
import { KeyedLock, type TurnGate } from '../turn/turnLock';
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
  requesterKey,
  type Person,
  type Ticket,
  type TicketOp,
  type Transition,
} from './ticket';

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
});
const ticketSchema = z
  .object({
    tenantId: z.string(),
    number: z.number().int().positive(),
    status: z.enum(['open', 'assigned', 'resolved']),
    requester: person.extend({ conversationKey: z.string(), locale: z.string() }).passthrough(),
    helpdesk: z.object({ teamId: z.string(), channelId: z.string(), locale: z.string() }).passthrough(),
    checks: z.array(z.object({}).passthrough()),
    history: z.array(z.object({}).passthrough()),
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
const parseTicket = parseWith<Ticket>(ticketSchema);
const parseCounter = parseWith<Counter>(counterSchema);

/** How many of the newest tickets `tickets` looks at (storage has no query: they are read by key). */
const LIST_WINDOW = 200;

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
  ) {}

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
    return (await readItem(this.storage, this.key(tenantId, `ticket/${number}`), parseTicket))?.value;
  }

  /** Plain field updates (the thread the card lives in); last writer wins is not allowed here either. */
  async patch(tenantId: string, number: number, change: (t: Ticket) => Ticket): Promise<Ticket | undefined> {
    const result = await updateItem(this.storage, this.key(tenantId, `ticket/${number}`), parseTicket, (t) =>
      t ? { write: change(t) } : { keep: true },
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
    await updateItem(this.storage, this.key(tenantId, `ticket/${number}`), parseTicket, (current) => {
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

  /** The last number handed out and the newest tickets stored (up to LIST_WINDOW), newest first. */
  private async scan(tenantId: string): Promise<{ last: number; tickets: Ticket[] }> {
    const last = (await readItem(this.storage, this.key(tenantId, 'counter'), parseCounter))?.value.last ?? 0;
    const keys: string[] = [];
    for (let n = last; n > 0 && keys.length < LIST_WINDOW; n--) keys.push(this.key(tenantId, `ticket/${n}`));
    if (keys.length === 0) return { last, tickets: [] };
    const items = await this.storage.read(keys);
    const tickets = keys
      .map((k) => parseTicket(stripETag(items[k])))
      .filter((t): t is Ticket => t !== undefined);
    return { last, tickets };
  }

  /** The bot left `teamId`: the channel record goes if the helpdesk is in that team (one moved elsewhere stays). */
  async removeChannelOfTeam(tenantId: string, teamId: string): Promise<HelpdeskChannel | undefined> {
    let removed: HelpdeskChannel | undefined;
    await updateItem(this.storage, this.key(tenantId, 'channel'), parseChannel, (current) => {
      removed = current?.teamId === teamId ? current : undefined;
      return removed ? { delete: true } : { keep: true };
    });
    return removed;
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
        const ticket = parseTicket(stripETag(items[k]));
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
