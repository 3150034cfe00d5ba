import { createHash, randomUUID } from 'node:crypto';
import { updateItem } from '../storage/eTagStorage';
import type { KeyValueStorage } from '../storage/keyValueStorage';
import type { Reminder } from '../proactive/types';

/**
 * Pending reminders one user may have, across all conversations.
 * @internal Exported for the tests as well.
 */
export const MAX_PENDING_PER_USER = 5;

interface QuotaRecord {
  ids: string[];
}

const parse = (raw: unknown): QuotaRecord | undefined => {
  const ids = (raw as { ids?: unknown } | null)?.ids;
  return Array.isArray(ids) && ids.every((id) => typeof id === 'string') ? { ids } : undefined;
};

/**
 * Caps the pending reminders of one user across conversations. A small record per user (key
 * `reminderQuota/<sha256 of the user key>`, no ids of people in the key) lists the reminder ids given
 * out; ids whose reminder is no longer pending are dropped before counting. Reserving an id is an
 * eTag-guarded read-modify-write, so two conversations of one user racing cannot both pass the cap.
 */
export class ReminderQuota {
  constructor(
    private readonly storage: KeyValueStorage,
    private readonly statusOf: (id: string) => Promise<Reminder['status'] | undefined>,
    readonly max = MAX_PENDING_PER_USER,
  ) {}

  /** A fresh reminder id within the user's quota, or undefined when the user is at the cap. */
  async reserve(userKey: string): Promise<string | undefined> {
    const key = quotaKey(userKey);
    const known = (await this.storage.read([key]))[key];
    const listed = parse(known)?.ids ?? [];
    const statuses = await Promise.all(listed.map((id) => this.statusOf(id)));
    const finished = new Set(listed.filter((_, i) => statuses[i] !== 'pending'));
    const id = randomUUID();
    const { changed } = await updateItem(this.storage, key, parse, (current) => {
      const live = (current?.ids ?? []).filter((x) => !finished.has(x));
      return live.length >= this.max ? { keep: true } : { write: { ids: [...live, id] } };
    });
    return changed ? id : undefined;
  }

  /**
   * Uninstall: deletes the user's record when none of its reminders is pending any more (the
   * conversation's reminders are deleted first), i.e. when no conversation of the user needs it.
   * Storage deletes are unconditional: a reservation in the same instant in another conversation
   * can be lost, which only lets that user have one reminder more than the cap.
   */
  async releaseIfIdle(userKey: string): Promise<boolean> {
    const key = quotaKey(userKey);
    const listed = parse((await this.storage.read([key]))[key])?.ids;
    if (!listed) return false;
    const statuses = await Promise.all(listed.map((id) => this.statusOf(id)));
    if (statuses.includes('pending')) return false;
    await this.storage.delete([key]);
    return true;
  }
}

/** No id of a person in the key: a hash of the user key. */
function quotaKey(userKey: string): string {
  return `reminderQuota/${createHash('sha256').update(userKey).digest('hex')}`;
}
