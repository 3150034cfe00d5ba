/**
 * Plain data types of the proactive layer. Nothing here depends on botbuilder: references and
 * reminders are JSON that survive a restart in SQLite or in Azure Blob Storage.
 */

/** fullSync: the admin's full-sync reminder card. helpdeskUnassigned, helpdeskSla: one line in a ticket's thread. */
export type ReminderKind = 'fullSync' | 'helpdeskUnassigned' | 'helpdeskSla';

/**
 * pending: waits for its due time. claimed: a scheduler took it (under a lease) and is preparing
 * or pacing the send; nothing has gone out yet, so a crash puts it back to pending. delivering:
 * a send attempt has started; a crash from here on marks it failed rather than risking a second
 * message (at-most-once). sent / cancelled: final. failed: the sender gave up, or delivery was
 * interrupted by a crash.
 */
export type ReminderStatus = 'pending' | 'claimed' | 'delivering' | 'sent' | 'cancelled' | 'failed';

/** What a caller supplies to schedule a reminder; the scheduler fills in the rest. */
export interface NewReminder {
  /** Optional: a caller-chosen id makes schedule() idempotent for retried turns. */
  id?: string;
  /** e.g. `<tenantId>/<aadObjectId>`, else `<channelId>:<user.id>` (see userKeyOf). */
  userKey: string;
  /** Key of the stored conversation reference (see conversationKeyOf). */
  conversationKey: string;
  /** Epoch milliseconds. */
  dueAt: number;
  kind: ReminderKind;
  /** BCP-47 locale the reminder card is rendered in. */
  locale: string;
  /** IANA time zone from the Teams clientInfo entity, when known. */
  timeZone?: string;
  /** W3C traceparent of the turn that scheduled it: the delivery's trace links to it (telemetry on only). */
  traceParent?: string;
}

export interface Reminder extends Required<Pick<NewReminder, 'id'>>, Omit<NewReminder, 'id'> {
  /** Bumped by every cancel and snooze; a delivery carrying an older version is dropped. */
  version: number;
  status: ReminderStatus;
  createdAt: number;
}

/**
 * The parts of botbuilder's ConversationReference needed to continue a conversation later,
 * plus the user's time zone. Stored as plain JSON.
 */
export interface StoredConversationReference {
  serviceUrl: string;
  channelId: string;
  conversation: { id: string; tenantId?: string; conversationType?: string; isGroup?: boolean };
  /** The user who last wrote to the bot in this conversation. */
  user: { id: string; aadObjectId?: string };
  bot: { id: string };
  locale?: string;
  timeZone?: string;
  /** Epoch ms of the last save: lets operators spot references that are never refreshed. */
  updatedAt?: number;
}
