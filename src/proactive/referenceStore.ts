import { z } from 'zod';
import { conversationKeyOf, referenceFromActivity, type IncomingActivityLike } from './conversationReference';
import { readItem } from '../storage/eTagStorage';
import type { KeyValueStorage } from '../storage/keyValueStorage';
import type { StoredConversationReference } from './types';

const referenceSchema = z.object({
  serviceUrl: z.string().min(1),
  channelId: z.string().min(1),
  conversation: z.object({
    id: z.string().min(1),
    tenantId: z.string().optional(),
    conversationType: z.string().optional(),
    isGroup: z.boolean().optional(),
  }),
  user: z.object({ id: z.string().min(1), aadObjectId: z.string().optional() }),
  bot: z.object({ id: z.string().min(1) }),
  locale: z.string().optional(),
  timeZone: z.string().optional(),
  updatedAt: z.number().optional(),
});

function parseReference(raw: unknown): StoredConversationReference | undefined {
  const parsed = referenceSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/** Rewriting an unchanged reference at most this often keeps `updatedAt` useful without a write per turn. */
const REFRESH_UNCHANGED_MS = 24 * 60 * 60 * 1000;

export interface ReferenceLookup {
  get(conversationKey: string): Promise<StoredConversationReference | undefined>;
}

/**
 * Conversation references in bot storage under `ref/<conversationKey>`. The bot saves one on
 * install and on every incoming activity, and deletes it on uninstall or a 403 from Teams.
 */
export class ConversationReferenceStore implements ReferenceLookup {
  constructor(
    private readonly storage: KeyValueStorage,
    private readonly prefix = 'ref/',
    private readonly now: () => number = Date.now,
  ) {}

  keyOf(conversationKey: string): string {
    return `${this.prefix}${conversationKey}`;
  }

  async get(conversationKey: string): Promise<StoredConversationReference | undefined> {
    return (await readItem(this.storage, this.keyOf(conversationKey), parseReference))?.value;
  }

  /** Last writer wins: every activity carries a complete, current reference. */
  async save(reference: StoredConversationReference): Promise<string> {
    const conversationKey = conversationKeyOf(reference);
    await this.storage.write({ [this.keyOf(conversationKey)]: { ...reference, eTag: '*' } });
    return conversationKey;
  }

  /**
   * Saves the reference carried by an incoming activity. Keeps the earlier locale / time zone
   * when this activity has none (invokes often lack the clientInfo entity), and skips the write
   * when nothing changed recently. Returns the stored reference, or undefined when the activity
   * cannot be used for proactive messages.
   */
  async saveFromActivity(activity: IncomingActivityLike): Promise<StoredConversationReference | undefined> {
    const now = this.now();
    const incoming = referenceFromActivity(activity, now);
    if (!incoming) return undefined;
    const previous = await this.get(conversationKeyOf(incoming));
    const merged: StoredConversationReference = { ...incoming };
    if (!merged.locale && previous?.locale) merged.locale = previous.locale;
    if (!merged.timeZone && previous?.timeZone) merged.timeZone = previous.timeZone;
    if (
      previous &&
      sameReference(previous, merged) &&
      now - (previous.updatedAt ?? 0) < REFRESH_UNCHANGED_MS
    ) {
      return previous;
    }
    await this.save(merged);
    return merged;
  }

  async delete(conversationKey: string): Promise<void> {
    await this.storage.delete([this.keyOf(conversationKey)]);
  }
}

type Same<T> = (a: T, b: T) => boolean;
/** Compares by a table of every field: a field added to the type without a rule here breaks the build. */
type Rules<T> = { readonly [K in keyof T]-?: Same<T[K]> };

const equal = <T>(a: T, b: T): boolean => a === b;
function fields<T extends object>(rules: Rules<T>): Same<T> {
  const entries = Object.entries(rules) as Array<[keyof T, Same<T[keyof T]>]>;
  return (a, b) => entries.every(([key, same]) => same(a[key], b[key]));
}

/** The same conversation reference, whenever it was saved (`updatedAt` does not count). */
const sameReference = fields<StoredConversationReference>({
  serviceUrl: equal,
  channelId: equal,
  conversation: fields<StoredConversationReference['conversation']>({
    id: equal,
    tenantId: equal,
    conversationType: equal,
    isGroup: equal,
  }),
  user: fields<StoredConversationReference['user']>({ id: equal, aadObjectId: equal }),
  bot: fields<StoredConversationReference['bot']>({ id: equal }),
  locale: equal,
  timeZone: equal,
  updatedAt: () => true,
});
