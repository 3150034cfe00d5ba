/**
 * Facts about an incoming activity that more than one place decides: where it was said and which tenant
 * it belongs to. Decided here once, from the plain activity shape (no botbuilder), so that the tenant
 * boundary, the stored conversation reference, Graph evidence, ownership and @mention rules agree.
 */

/** The parts of an activity these facts read; every field may be missing in what a caller sends. */
export interface ActivityShape {
  conversation?: { conversationType?: unknown; isGroup?: unknown; tenantId?: unknown };
  channelData?: unknown;
}

export type ConversationKind = 'personal' | 'shared';

/**
 * 'personal' for a 1:1 chat with the bot, 'shared' for group chats and channels. Teams always sends
 * `conversationType`; without it, `isGroup: true` means shared and anything else is taken as personal
 * (the Bot Framework's default for a conversation is 1:1). A caller that omits both gains nothing from it:
 * a personal chat is the narrowest audience.
 * @internal Exported for the tests; callers ask {@link isPersonalChat}.
 */
export function conversationKind(activity: ActivityShape): ConversationKind {
  const type = activity.conversation?.conversationType;
  if (typeof type === 'string' && type !== '') return type === 'personal' ? 'personal' : 'shared';
  return activity.conversation?.isGroup === true ? 'shared' : 'personal';
}

export const isPersonalChat = (activity: ActivityShape): boolean => conversationKind(activity) === 'personal';

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value !== '';

/**
 * Every tenant id the activity names: Teams' `channelData.tenant.id` first (where Teams documents it), then
 * `conversation.tenantId`. The tenant boundary requires all of them to be allowed.
 */
export function tenantIdsOf(activity: ActivityShape): string[] {
  const channelData = activity.channelData;
  const tenant =
    typeof channelData === 'object' && channelData !== null
      ? (channelData as { tenant?: { id?: unknown } }).tenant?.id
      : undefined;
  return [tenant, activity.conversation?.tenantId].filter(nonEmpty);
}

/** The activity's tenant, in the same order as {@link tenantIdsOf}. */
export const tenantIdOf = (activity: ActivityShape): string | undefined => tenantIdsOf(activity)[0];
