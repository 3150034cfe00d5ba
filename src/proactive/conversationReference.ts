import { memoByKey } from '../core/memo';
import { tenantIdOf } from '../turn/activityFacts';
import type { StoredConversationReference } from './types';

/**
 * The fields of an incoming botbuilder Activity that a conversation reference needs. A botbuilder
 * `Activity` is assignable to it, so callers pass `context.activity` as is.
 */
export interface IncomingActivityLike {
  serviceUrl?: string;
  channelId?: string;
  conversation?: { id: string; tenantId?: string; conversationType?: string; isGroup?: boolean };
  from?: { id: string; aadObjectId?: string };
  recipient?: { id: string };
  locale?: string;
  entities?: ReadonlyArray<{ type: string; [key: string]: unknown }>;
  channelData?: unknown;
}

/** Key of a conversation: one stored reference, and the scope of "delete everything" on uninstall. */
export function conversationKeyOf(
  ref: Pick<StoredConversationReference, 'channelId' | 'conversation'>,
): string {
  return `${ref.channelId}:${ref.conversation.id}`;
}

/** Key of a user: tenant + Entra object id when Teams gives them, else the channel's user id. */
export function userKeyOf(
  ref: Pick<StoredConversationReference, 'channelId' | 'conversation' | 'user'>,
): string {
  const tenantId = ref.conversation.tenantId;
  if (tenantId && ref.user.aadObjectId) return `${tenantId}/${ref.user.aadObjectId}`;
  return `${ref.channelId}:${ref.user.id}`;
}

/** The IANA zone of the Teams clientInfo entity, if present and known to this runtime. */
export function timeZoneOf(activity: Pick<IncomingActivityLike, 'entities'>): string | undefined {
  const clientInfo = activity.entities?.find((entity) => entity.type === 'clientInfo');
  const zone = clientInfo?.['timezone'];
  return typeof zone === 'string' && isKnownTimeZone(zone) ? zone : undefined;
}

const knownTimeZone = memoByKey((zone) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
});

/** Whether this runtime knows the IANA zone (checked once per name: every turn asks). */
export function isKnownTimeZone(zone: string): boolean {
  return zone.length > 0 && zone.length <= 64 && knownTimeZone(zone);
}

/**
 * Builds the reference to store from an incoming activity (message, installationUpdate,
 * conversationUpdate, invoke). Undefined when the activity lacks what a proactive send needs.
 */
export function referenceFromActivity(
  activity: IncomingActivityLike,
  now: number = Date.now(),
): StoredConversationReference | undefined {
  const { serviceUrl, channelId, conversation, from, recipient } = activity;
  if (!serviceUrl || !channelId || !conversation?.id || !from?.id || !recipient?.id) return undefined;
  const tenantId = tenantIdOf(activity);
  const ref: StoredConversationReference = {
    serviceUrl,
    channelId,
    conversation: { id: conversation.id },
    user: { id: from.id },
    bot: { id: recipient.id },
    updatedAt: now,
  };
  if (tenantId) ref.conversation.tenantId = tenantId;
  if (conversation.conversationType) ref.conversation.conversationType = conversation.conversationType;
  if (conversation.isGroup !== undefined) ref.conversation.isGroup = conversation.isGroup;
  if (from.aadObjectId) ref.user.aadObjectId = from.aadObjectId;
  if (activity.locale) ref.locale = activity.locale;
  const timeZone = timeZoneOf(activity);
  if (timeZone) ref.timeZone = timeZone;
  return ref;
}
