/**
 * The team channel a turn comes from (Teams' `channelData`), and its name as Teams lists it.
 */
import { TeamsInfo, type TurnContext } from 'botbuilder';
import { describeError, ErrorCodes } from '../../core/errors';
import { safeName } from '../sanitize';
import { turnServices } from '../../turn/turnServices';

interface TeamsChannelData {
  team?: { id?: string; name?: string };
  channel?: { id?: string; name?: string };
}

/** Teams' own name of the General channel, which the channel list gives without a name. */
const GENERAL_CHANNEL = 'General';

/** The team and channel ids of this message, when it came from a team channel. */
export function channelIdsOf(context: TurnContext): { teamId: string; channelId: string } | undefined {
  const activity = context.activity;
  if (activity.conversation?.conversationType !== 'channel') return undefined;
  const data = (activity.channelData ?? {}) as TeamsChannelData;
  const teamId = data.team?.id;
  const channelId = data.channel?.id;
  return teamId && channelId ? { teamId, channelId } : undefined;
}

/**
 * The team channel this message came from, when it came from one. Teams' channel messages carry the
 * channel id but rarely its name, so the name is asked of Teams (the team's channel list); when that is
 * not possible the id stands in for it.
 */
export async function channelOf(
  context: TurnContext,
): Promise<{ teamId: string; channelId: string; name: string } | undefined> {
  const ids = channelIdsOf(context);
  if (!ids) return undefined;
  const given = (context.activity.channelData as TeamsChannelData | undefined)?.channel?.name;
  const name = safeName(
    given ?? (await listedChannelName(context, ids.teamId, ids.channelId)),
    ids.channelId,
  );
  return { ...ids, name };
}

async function listedChannelName(
  context: TurnContext,
  teamId: string,
  channelId: string,
): Promise<string | undefined> {
  try {
    const channels = await TeamsInfo.getTeamChannels(context, teamId);
    const channel = channels.find((c) => c.id === channelId);
    if (!channel) return undefined;
    return channel.name ?? (channelId === teamId ? GENERAL_CHANNEL : undefined);
  } catch (err) {
    turnServices(context).log.info(
      { code: ErrorCodes.HELPDESK_CHANNEL_LOOKUP_FAILED, err: describeError(err) },
      'helpdesk: channel list not available; the channel id names the channel',
    );
    return undefined;
  }
}
