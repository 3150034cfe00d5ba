/**
 * The helpdesk channel's lifecycle in Teams: what each `conversationUpdate` (channelData.eventType), the
 * bot's removal from or return to the team, and a refused post (403/404) do to the tenant's helpdesk
 * record. Pure: no botbuilder, no storage.
 */

/** Why the helpdesk cannot receive cases; each is said to the admin in their language. */
export const UNAVAILABLE_REASONS = [
  'channelDeleted',
  'teamArchived',
  'teamDeleted',
  'botRemoved',
  'postRejected',
] as const;
export type UnavailableReason = (typeof UNAVAILABLE_REASONS)[number];

export interface Unavailability {
  reason: UnavailableReason;
  at: number;
}

/** What happened, and to what: one channel (by id) or the whole team. */
export type LifecycleChange =
  | { kind: 'lost'; reason: UnavailableReason; scope: 'channel' | 'team' }
  /** Available again, when it was unavailable for one of `clears` (a refused post clears with any of them). */
  | { kind: 'back'; clears: UnavailableReason; scope: 'channel' | 'team' }
  | { kind: 'renamed' };

const CHANGES: Readonly<Record<string, LifecycleChange>> = {
  channelDeleted: { kind: 'lost', reason: 'channelDeleted', scope: 'channel' },
  channelRestored: { kind: 'back', clears: 'channelDeleted', scope: 'channel' },
  channelRenamed: { kind: 'renamed' },
  teamArchived: { kind: 'lost', reason: 'teamArchived', scope: 'team' },
  teamUnarchived: { kind: 'back', clears: 'teamArchived', scope: 'team' },
  teamDeleted: { kind: 'lost', reason: 'teamDeleted', scope: 'team' },
  teamHardDeleted: { kind: 'lost', reason: 'teamDeleted', scope: 'team' },
  teamRestored: { kind: 'back', clears: 'teamDeleted', scope: 'team' },
};

/** The change a Teams event names; the bot's own removal or return comes as teamMemberRemoved/Added. */
export function lifecycleChangeOf(
  eventType: string | undefined,
  bot: { added: boolean; removed: boolean },
): LifecycleChange | undefined {
  if (bot.removed) return { kind: 'lost', reason: 'botRemoved', scope: 'team' };
  if (bot.added) return { kind: 'back', clears: 'botRemoved', scope: 'team' };
  return eventType && Object.hasOwn(CHANGES, eventType) ? CHANGES[eventType] : undefined;
}

interface ChannelLike {
  teamId: string;
  channelId: string;
  channelName: string;
  unavailable?: Unavailability;
}

/**
 * The record after the change, or undefined when it does not concern this helpdesk or changes nothing
 * (twin events and retries find nothing left to do). A lost helpdesk keeps the first reason it lost
 * (a more specific one replaces a refused post); coming back clears only the reason it names.
 */
export function applyLifecycle<C extends ChannelLike>(
  current: C,
  change: LifecycleChange,
  event: { teamId: string; channelId?: string; channelName?: string },
  at: number,
): C | undefined {
  if (event.teamId !== current.teamId) return undefined;
  const thisChannel = event.channelId === current.channelId;
  switch (change.kind) {
    case 'renamed':
      return thisChannel && event.channelName && event.channelName !== current.channelName
        ? { ...current, channelName: event.channelName }
        : undefined;
    case 'lost': {
      if (change.scope === 'channel' && !thisChannel) return undefined;
      const now = current.unavailable;
      if (now && now.reason !== 'postRejected') return undefined;
      return { ...current, unavailable: { reason: change.reason, at } };
    }
    case 'back': {
      if (change.scope === 'channel' && !thisChannel) return undefined;
      const reason = current.unavailable?.reason;
      if (reason !== change.clears && reason !== 'postRejected') return undefined;
      const next = { ...current };
      delete next.unavailable;
      return next;
    }
  }
}
