import { z } from 'zod';
import { readItem, updateItem, writeIfMatch, type Versioned } from '../storage/eTagStorage';
import type { KeyValueStorage } from '../storage/keyValueStorage';
import type { Reminder } from './types';

/** A reminder as stored in bot storage, plus the lease of the instance delivering it. */
export interface ReminderState extends Reminder {
  leaseOwner?: string;
  leaseUntil?: number;
  updatedAt: number;
}

const stateSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  userKey: z.string(),
  conversationKey: z.string(),
  dueAt: z.number(),
  kind: z.enum(['fullSync', 'helpdeskUnassigned', 'helpdeskSla']),
  locale: z.string(),
  timeZone: z.string().optional(),
  traceParent: z.string().max(55).optional(),
  status: z.enum(['pending', 'claimed', 'delivering', 'sent', 'cancelled', 'failed']),
  createdAt: z.number(),
  leaseOwner: z.string().optional(),
  leaseUntil: z.number().optional(),
  updatedAt: z.number(),
});

const indexSchema = z.object({ reminders: z.record(z.string(), z.string()) });
type ConversationIndex = z.infer<typeof indexSchema>;

function parseState(raw: unknown): ReminderState | undefined {
  const parsed = stateSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

function parseIndex(raw: unknown): ConversationIndex | undefined {
  const parsed = indexSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

export function toReminder(state: ReminderState): Reminder {
  const reminder: Reminder & Partial<Pick<ReminderState, 'leaseOwner' | 'leaseUntil' | 'updatedAt'>> = {
    ...state,
  };
  delete reminder.leaseOwner;
  delete reminder.leaseUntil;
  delete reminder.updatedAt;
  return reminder;
}

/** The state without a lease, for transitions out of claimed / delivering. */
export function withoutLease(state: ReminderState): ReminderState {
  const rest = { ...state };
  delete rest.leaseOwner;
  delete rest.leaseUntil;
  return rest;
}

/** The message body: which reminder, which version, when. Delivery is idempotent on id + version. */
export interface ReminderMessage {
  id: string;
  version: number;
  dueAt: number;
  /** A clean-up message: deletes the state of a finished reminder after the retention period. */
  purge?: true;
}

const messageSchema = z.object({
  id: z.string().min(1),
  version: z.number().int(),
  dueAt: z.number(),
  purge: z.literal(true).optional(),
});

export function parseMessage(body: string): ReminderMessage | undefined {
  try {
    const parsed = messageSchema.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reminder state in bot storage (BlobsStorage in production): `reminder/<id>` per reminder, and
 * `reminder-index/<conversationKey>` listing the conversation's reminder ids (id → userKey) for
 * "reminders" and uninstall. All writes of a reminder's state are eTag-conditional.
 */
export class ReminderStateStore {
  constructor(
    private readonly storage: KeyValueStorage,
    private readonly prefix = 'reminder/',
    private readonly indexPrefix = 'reminder-index/',
  ) {}

  private stateKey(id: string): string {
    return `${this.prefix}${id}`;
  }

  read(id: string): Promise<Versioned<ReminderState> | undefined> {
    return readItem(this.storage, this.stateKey(id), parseState);
  }

  async readMany(ids: string[]): Promise<Map<string, ReminderState>> {
    const found = new Map<string, ReminderState>();
    if (ids.length === 0) return found;
    const items = await this.storage.read(ids.map((id) => this.stateKey(id)));
    for (const id of ids) {
      const raw = items[this.stateKey(id)];
      if (typeof raw !== 'object' || raw === null) continue;
      const state = parseState(raw);
      if (state) found.set(id, state);
    }
    return found;
  }

  /** Optimistic update of one reminder; `decide` returns the next state or undefined to leave it. */
  async update(id: string, decide: (current: ReminderState | undefined) => ReminderState | undefined) {
    return updateItem(this.storage, this.stateKey(id), parseState, (current) => {
      const next = decide(current);
      return next ? { write: next } : { keep: true };
    });
  }

  /** Writes `state` only if the stored reminder still has `eTag`; false on a conflict. */
  replace(state: ReminderState, eTag: string | undefined): Promise<boolean> {
    return writeIfMatch(this.storage, this.stateKey(state.id), state, eTag);
  }

  async remove(id: string): Promise<void> {
    await this.storage.delete([this.stateKey(id)]);
  }

  /** Writes a brand-new reminder (its id is fresh, so nothing to guard against). */
  async create(state: ReminderState): Promise<void> {
    await this.storage.write({ [this.stateKey(state.id)]: { ...state, eTag: '*' } });
  }

  async indexed(conversationKey: string): Promise<Record<string, string>> {
    const index = await readItem(this.storage, this.indexKey(conversationKey), parseIndex);
    return index?.value.reminders ?? {};
  }

  async addToIndex(conversationKey: string, id: string, userKey: string): Promise<void> {
    await updateItem(this.storage, this.indexKey(conversationKey), parseIndex, (current) =>
      current?.reminders[id] === userKey
        ? { keep: true }
        : { write: { reminders: { ...current?.reminders, [id]: userKey } } },
    );
  }

  async removeFromIndex(conversationKey: string, ids: string[]): Promise<void> {
    await updateItem(this.storage, this.indexKey(conversationKey), parseIndex, (current) => {
      if (!current || !ids.some((id) => id in current.reminders)) return { keep: true };
      const reminders = Object.fromEntries(
        Object.entries(current.reminders).filter(([id]) => !ids.includes(id)),
      );
      return Object.keys(reminders).length === 0 ? { delete: true } : { write: { reminders } };
    });
  }

  /** Deletes the conversation's index and every reminder it lists; returns how many existed. */
  async deleteConversation(conversationKey: string): Promise<number> {
    const ids = Object.keys(await this.indexed(conversationKey));
    const existing = await this.readMany(ids);
    if (ids.length > 0) await this.storage.delete(ids.map((id) => this.stateKey(id)));
    await this.storage.delete([this.indexKey(conversationKey)]);
    return existing.size;
  }

  private indexKey(conversationKey: string): string {
    return `${this.indexPrefix}${conversationKey}`;
  }
}
