import type { Activity } from 'botbuilder';
import type { CaseFile } from '../../turn/state';
import type { Intent } from '../../turn/intent';
import { isPersonalChat } from '../../turn/activityFacts';

/**
 * Who may click in group chats and channels. A running section belongs to the user who started it
 * (their Entra object id, else their Teams id). While it runs, other users' clicks on its cards, their
 * typed answers and the commands that would stop, restart or replace it (cancel, restart, menu, a
 * section, run all, a reminder's "Done", "Remind me later" on the owner's card) get a short note and
 * change nothing. What only concerns themselves stays open to everyone: help, hi, event IDs, their own
 * language (the owner's card is not re-sent), their own reminders list, snooze, stop and cancel.
 * When no section runs, anyone may start one and owns it. An owner silent for OWNER_IDLE_MS no longer
 * holds the section: the next member who acts on it takes it over, so a channel is never stuck behind
 * someone who left. A section's summary stays its owner's: only they may send it to the helpdesk, also
 * after the section ended (the case and its ticket are theirs; no idle takeover).
 */
/** @internal */
export const OWNER_IDLE_MS = 60 * 60 * 1000;

function actorOf(activity: Partial<Activity>): string | undefined {
  const from = activity.from;
  const id = from?.aadObjectId || from?.id;
  return typeof id === 'string' && id ? id : undefined;
}

const isSharedConversation = (activity: Partial<Activity>): boolean => !isPersonalChat(activity);

/** Records the user of this turn as the owner of the section that is starting. */
export function claimSection(caseFile: CaseFile, activity: Partial<Activity>, now: Date): void {
  const id = actorOf(activity);
  if (id) caseFile.owner = ownerRecord(id, activity, now);
  else delete caseFile.owner;
}

function ownerRecord(id: string, activity: Partial<Activity>, now: Date): NonNullable<CaseFile['owner']> {
  const teamsId = activity.from?.id;
  return { id, at: now.toISOString(), ...(typeof teamsId === 'string' && teamsId ? { teamsId } : {}) };
}

/** Whether this turn's user owns the running section (a pure check: no claim is refreshed or taken over). */
export function isSectionOwner(caseFile: CaseFile, activity: Partial<Activity>): boolean {
  const actor = actorOf(activity);
  return actor !== undefined && caseFile.owner?.id === actor;
}

/** The Teams id of the running section's owner, for a card's user-specific view (`refresh.userIds`). */
export const ownerTeamsId = (caseFile: CaseFile): string | undefined => caseFile.owner?.teamsId;

/**
 * True when this turn comes from someone other than the running section's owner in a shared
 * conversation. An owner's own turn refreshes their claim.
 */
export function isSomeoneElsesSection(caseFile: CaseFile, activity: Partial<Activity>, now: Date): boolean {
  const owner = caseFile.owner;
  if (!owner || !isSharedConversation(activity)) return false;
  const actor = actorOf(activity);
  if (actor === owner.id) {
    owner.at = now.toISOString();
    return false;
  }
  if (now.getTime() - Date.parse(owner.at) < OWNER_IDLE_MS) return true;
  // The owner went quiet: whoever acts now takes the section over.
  if (actor) caseFile.owner = ownerRecord(actor, activity, now);
  return false;
}

/** Who a summary card belongs to: the owner of the section that ended in it (else this turn's user). */
export function summaryOwner(caseFile: CaseFile, activity: Partial<Activity>): string | undefined {
  return caseFile.owner?.id ?? actorOf(activity);
}

/** True when, in a group chat or channel, this turn's user is not the one a summary belongs to. */
export function isSomeoneElsesSummary(owner: string | undefined, activity: Partial<Activity>): boolean {
  return owner !== undefined && isSharedConversation(activity) && actorOf(activity) !== owner;
}

/** Whether an intent would answer, stop or replace the running section (so only its owner may). */
export function touchesSection(intent: Intent): boolean {
  switch (intent.kind) {
    case 'step':
    case 'text':
      return true;
    case 'command':
      switch (intent.command.kind) {
        case 'cancel':
        case 'restart':
        case 'menu':
        case 'start':
        case 'runAll':
        case 'remind':
          return true;
        case 'reminderAction':
          return intent.command.action === 'done';
        default:
          return false;
      }
    default:
      return false;
  }
}
