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

function sameReference(a: StoredConversationReference, b: StoredConversationReference): boolean {
  return canonical({ ...a, updatedAt: 0 }) === canonical({ ...b, updatedAt: 0 });
}

/** JSON with sorted keys, so field order does not count as a change. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
