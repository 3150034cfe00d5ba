import { createHash } from 'node:crypto';
import type { KeyValueStorage } from '../storage/keyValueStorage';
import { conversationKeyOf, type IncomingActivityLike } from './conversationReference';
import { readItem, updateItem } from '../storage/eTagStorage';

/**
 * Where the bot is installed and who has used it there, so that an uninstall finds what it leaves.
 *
 * An installation is a team (all its channels and threads) or one conversation (a personal chat, a
 * group chat). How "no other conversation of that user needs the profile" is known:
 * - the user's profile lists the installations the user has had a turn in (`installs`, kept by
 *   src/bot.ts and saved with the turn's own write: no extra write per turn);
 * - each installation lists its users, written on a user's first turn there (when the profile does
 *   not list it yet): `install/<sha256 of the installation key>` → `{ members: [{ stateKey, userKey }] }`;
 * - on uninstall every member's profile drops the installation, and a profile that lists none is
 *   deleted. A user who could not be listed (an installation with MAX_MEMBERS users, a profile with
 *   MAX_INSTALLS installations) is marked `untracked`, and that profile is never deleted automatically.
 */

/**
 * Users listed per installation (a team of this many who all talked to the bot is already large).
 * @internal Exported for the tests as well.
 */
export const MAX_MEMBERS = 2_000;
/**
 * Installations listed per user.
 * @internal Exported for the tests as well.
 */
export const MAX_INSTALLS = 100;

/** The name of the user-state property that holds the profile (src/turn/state.ts). */
export const PROFILE_PROPERTY = 'profile';

/** What the user's profile keeps about installations (src/turn/state.ts `Profile` has these fields). */
export interface InstalledIn {
  installs?: string[];
  untracked?: boolean;
}

/** One user as an installation lists them: where their profile is stored, and their reminder quota key. */
export interface InstallationMember {
  /** The user-state storage key (botbuilder's UserState: `<channelId>/users/<user id>`). */
  stateKey: string;
  /** See userKeyOf (src/proactive/conversationReference.ts). */
  userKey: string;
}

interface MemberList {
  members: InstallationMember[];
}

/** `channelData.team.id` of a Teams channel activity. */
export function teamIdOf(activity: Pick<IncomingActivityLike, 'channelData'>): string | undefined {
  const team = (activity.channelData as { team?: { id?: unknown } } | undefined)?.team;
  return typeof team?.id === 'string' && team.id ? team.id : undefined;
}

/** A team's installation covers every channel and thread of it; otherwise the conversation is the installation. */
export function installationKeyOf(
  activity: Pick<IncomingActivityLike, 'channelId' | 'conversation' | 'channelData'>,
): string | undefined {
  const { channelId, conversation } = activity;
  if (!channelId || !conversation?.id) return undefined;
  const teamId = teamIdOf(activity);
  return teamId ? `${channelId}:team:${teamId}` : conversationKeyOf({ channelId, conversation });
}

/** Whether this turn has to list the user in the installation (the profile does not know it yet). */
export function needsEnrolment(profile: InstalledIn, installationKey: string): boolean {
  return !profile.untracked && !(profile.installs ?? []).includes(installationKey);
}

/** The profile after an enrolment: listed, or untracked when either list was full. */
export function enrolled(profile: InstalledIn, installationKey: string, listed: boolean): InstalledIn {
  const installs = profile.installs ?? [];
  if (!listed || installs.length >= MAX_INSTALLS) return { ...profile, untracked: true };
  return { ...profile, installs: [...installs, installationKey] };
}

/** The profile without the installation, and whether any other installation still needs it. */
export function withoutInstallation(
  profile: InstalledIn,
  installationKey: string,
): { profile: InstalledIn; needed: boolean } {
  const installs = (profile.installs ?? []).filter((key) => key !== installationKey);
  return { profile: { ...profile, installs }, needed: installs.length > 0 || profile.untracked === true };
}

const member = (raw: unknown): raw is InstallationMember =>
  typeof (raw as InstallationMember | null)?.stateKey === 'string' &&
  typeof (raw as InstallationMember).userKey === 'string';

const parseMembers = (raw: unknown): MemberList | undefined => {
  const members = (raw as { members?: unknown } | null)?.members;
  return Array.isArray(members) && members.every(member) ? { members } : undefined;
};

const parseRecord = (raw: unknown): Record<string, unknown> | undefined =>
  typeof raw === 'object' && raw !== null && !Array.isArray(raw)
    ? (raw as Record<string, unknown>)
    : undefined;

export class InstallationIndex {
  constructor(
    private readonly storage: KeyValueStorage,
    private readonly prefix = 'install/',
  ) {}

  private keyOf(installationKey: string): string {
    return `${this.prefix}${createHash('sha256').update(installationKey).digest('hex')}`;
  }

  /** Lists the user (eTag-guarded: users of one team enrol from different threads at once); false when full. */
  async enrol(installationKey: string, user: InstallationMember): Promise<boolean> {
    let listed = false;
    await updateItem(this.storage, this.keyOf(installationKey), parseMembers, (current) => {
      const members = current?.members ?? [];
      listed = members.some((m) => m.stateKey === user.stateKey);
      if (listed) return { keep: true };
      if (members.length >= MAX_MEMBERS) return { keep: true };
      listed = true;
      return { write: { members: [...members, user] } };
    });
    return listed;
  }

  async members(installationKey: string): Promise<InstallationMember[]> {
    return (await readItem(this.storage, this.keyOf(installationKey), parseMembers))?.value.members ?? [];
  }

  async drop(installationKey: string): Promise<void> {
    await this.storage.delete([this.keyOf(installationKey)]);
  }
}

/**
 * Another member's stored profile (not the remover's: that one is cached in the uninstall turn) drops
 * the installation; the user-state record goes when its profile is needed nowhere else and it holds
 * nothing else. Returns whether the profile was deleted.
 */
export async function releaseStoredProfile(
  storage: KeyValueStorage,
  stateKey: string,
  installationKey: string,
): Promise<boolean> {
  let deleted = false;
  await updateItem(storage, stateKey, parseRecord, (state) => {
    const profile = state?.[PROFILE_PROPERTY] as InstalledIn | undefined;
    if (!state || typeof profile !== 'object' || profile === null) return { keep: true };
    const after = withoutInstallation(profile, installationKey);
    deleted = !after.needed;
    if (after.needed) {
      if (after.profile.installs?.length === profile.installs?.length) return { keep: true };
      return { write: { ...state, [PROFILE_PROPERTY]: after.profile } };
    }
    const rest = Object.fromEntries(Object.entries(state).filter(([key]) => key !== PROFILE_PROPERTY));
    return Object.keys(rest).length === 0 ? { delete: true } : { write: rest };
  });
  return deleted;
}
