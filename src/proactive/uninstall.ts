import type { HelpdeskStore } from '../helpdesk/store';
import { isSafeTenantId } from '../helpdesk/store';
import type { Logger } from '../core/logger';
import type { KeyValueStorage } from '../storage/keyValueStorage';
import { conversationKeyOf } from './conversationReference';
import { releaseStoredProfile, type InstallationIndex, type InstallationMember } from './installations';
import type { ReminderQuota } from '../reminders/reminderQuota';

/** An uninstall (installationUpdate remove) or the bot's removal (conversationUpdate, bot in membersRemoved). */
export interface Removal {
  channelId: string;
  /** The conversation the event came in: its reference and reminders. */
  conversationKey: string;
  /** The team, or the conversation (src/proactive/installations.ts). */
  installationKey: string;
  tenantId?: string;
  /** Set when the bot left a team: the helpdesk of that team and its tickets' threads. */
  teamId?: string;
  /** Who removed the bot: their profile is cached in the turn and released there (src/bot.ts). */
  remover: InstallationMember;
}

export interface UninstallDeps {
  storage: KeyValueStorage;
  index: InstallationIndex;
  quota: ReminderQuota;
  helpdesk: HelpdeskStore;
  /** Drops a stored conversation reference and the conversation's reminders. */
  forgetConversation(conversationKey: string): Promise<void>;
  logger: Logger;
}

/**
 * Everything the bot keeps for an installation it was removed from, except the remover's profile and
 * the conversation state (both belong to the turn, src/bot.ts):
 * - the conversation's reference and reminders, and the escalations it had kept pending;
 * - for a team: the references (with their "nobody took it" reminders) of every ticket thread in that
 *   team. The tickets stay: they are the requesters' record, and their numbers must not be handed out
 *   again. The helpdesk channel record stays too, marked unavailable (src/helpdesk/handlers/lifecycle.ts),
 *   so that an escalation can say why and the bot's return makes it available again;
 * - every other member's profile drops the installation and is deleted where nothing else needs it;
 * - each member's reminder quota, where none of their reminders is pending any more;
 * - the installation's member list.
 * Twin events (Teams sends both) and retries find less to do the second time, never an error.
 */
export async function forgetInstallation(deps: UninstallDeps, removal: Removal): Promise<void> {
  await deps.forgetConversation(removal.conversationKey);
  const { tenantId, teamId } = removal;
  let threads = 0;
  // An escalation kept while the helpdesk was unavailable is offered to this conversation no more.
  if (isSafeTenantId(tenantId)) await deps.helpdesk.dropPending(tenantId, removal.conversationKey);
  if (teamId && isSafeTenantId(tenantId)) {
    const tickets = await deps.helpdesk.allTickets(
      tenantId,
      (ticket) => ticket.helpdesk.teamId === teamId && ticket.thread !== undefined,
    );
    for (const ticket of tickets) {
      const id = ticket.thread?.conversationId;
      if (!id) continue;
      await deps.forgetConversation(
        conversationKeyOf({ channelId: removal.channelId, conversation: { id } }),
      );
      threads++;
    }
  }
  const members = await deps.index.members(removal.installationKey);
  let profilesDeleted = 0;
  for (const member of members) {
    if (member.stateKey === removal.remover.stateKey) continue;
    if (await releaseStoredProfile(deps.storage, member.stateKey, removal.installationKey)) profilesDeleted++;
  }
  const userKeys = new Set([removal.remover.userKey, ...members.map((m) => m.userKey)]);
  let quotasDeleted = 0;
  for (const userKey of userKeys) if (await deps.quota.releaseIfIdle(userKey)) quotasDeleted++;
  await deps.index.drop(removal.installationKey);
  deps.logger.info(
    {
      installationKey: removal.installationKey,
      team: teamId !== undefined,
      members: members.length,
      profilesDeleted,
      quotasDeleted,
      ticketThreadsForgotten: threads,
    },
    'installation forgotten',
  );
}
