/**
 * People of the helpdesk team, asked of Teams: the one a reassignment names (the people picker sends
 * the Microsoft Entra object id of the person picked; Teams' member lookup takes that id as well as the
 * Teams user id) and the roster the picker offers when Teams cannot search the directory.
 */
import { TeamsInfo, type TurnContext } from 'botbuilder';
import { describeError, ErrorCodes } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { Person } from '../ticket';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Names the picker lists without a search (one page of Teams' roster). */
const ROSTER_MAX = 50;

export type TeamPerson = { kind: 'member'; person: Person } | { kind: 'notMember' } | { kind: 'unknown' };

/** The team member with this Entra object id; anything that is not one (or not in the team) → notMember. */
export async function teamPerson(
  context: TurnContext,
  teamId: string,
  aadObjectId: string | undefined,
  log: Logger,
): Promise<TeamPerson> {
  if (!aadObjectId || !GUID.test(aadObjectId.trim())) return { kind: 'notMember' };
  try {
    const member = await TeamsInfo.getTeamMember(context, teamId, aadObjectId.trim());
    if (!member?.id) return { kind: 'notMember' };
    return {
      kind: 'member',
      person: {
        id: member.id,
        name: member.name ?? '',
        aadObjectId: (member.aadObjectId ?? aadObjectId.trim()).toLowerCase(),
      },
    };
  } catch (err) {
    const status = (err as { statusCode?: unknown }).statusCode;
    if (status === 404 || status === 403) return { kind: 'notMember' };
    log.warn(
      { code: ErrorCodes.HELPDESK_MEMBER_CHECK_FAILED, err: describeError(err), status },
      'helpdesk: team member lookup failed',
    );
    return { kind: 'unknown' };
  }
}

/**
 * Rosters read recently, per team: every agent's card refresh draws the picker, and Teams refreshes a
 * card for each member who opens it. Kept for a few minutes, bounded; a failed read is not kept.
 */
const ROSTER_TTL_MS = 5 * 60_000;
const ROSTERS_KEPT = 256;
const rosters = new Map<string, { at: number; people: Person[] }>();

/** The first page of the team's roster, for the picker's static choices; empty when Teams refuses (logged). */
export async function teamRoster(context: TurnContext, teamId: string, log: Logger): Promise<Person[]> {
  const cached = rosters.get(teamId);
  if (cached && Date.now() - cached.at < ROSTER_TTL_MS) return cached.people;
  const people = await readRoster(context, teamId, log);
  if (people.length > 0) {
    if (rosters.size >= ROSTERS_KEPT) rosters.clear();
    rosters.set(teamId, { at: Date.now(), people });
  }
  return people;
}

async function readRoster(context: TurnContext, teamId: string, log: Logger): Promise<Person[]> {
  try {
    const page = await TeamsInfo.getPagedTeamMembers(context, teamId, ROSTER_MAX);
    return page.members
      .filter((m) => m.aadObjectId && GUID.test(m.aadObjectId))
      .slice(0, ROSTER_MAX)
      .map((m) => ({ id: m.id, name: m.name ?? '', aadObjectId: (m.aadObjectId ?? '').toLowerCase() }));
  } catch (err) {
    log.warn(
      { code: ErrorCodes.HELPDESK_ROSTER_FAILED, err: describeError(err) },
      'helpdesk: team roster not read (the picker searches only)',
    );
    return [];
  }
}
