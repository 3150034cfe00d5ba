/**
 * Whether the user of this turn belongs to a team, asked of Teams' roster
 * (`GET /v3/conversations/{teamId}/members/{userId}`): the one check behind working a ticket, seeing a
 * ticket and changing the helpdesk channel. The roster gives no owner role (its `userRole` says `user` or
 * `guest`), so team owners pass as the members they also are.
 */
import { TeamsInfo, type TurnContext } from 'botbuilder';
import { describeError, ErrorCodes } from '../../core/errors';
import type { Logger } from '../../core/logger';

export type Membership = 'member' | 'notMember' | 'unknown';

/** 404 (or 403: the bot is not in that team any more) → not a member; any other failure → unknown, logged. */
export async function teamMembership(context: TurnContext, teamId: string, log: Logger): Promise<Membership> {
  const userId = context.activity.from?.id;
  if (!userId || !teamId) return 'notMember';
  try {
    await TeamsInfo.getTeamMember(context, teamId, userId);
    return 'member';
  } catch (err) {
    const status = (err as { statusCode?: unknown }).statusCode;
    if (status === 404 || status === 403) return 'notMember';
    log.warn(
      { code: ErrorCodes.HELPDESK_MEMBER_CHECK_FAILED, err: describeError(err), status },
      'helpdesk: team member lookup failed',
    );
    return 'unknown';
  }
}
