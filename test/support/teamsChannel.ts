import { randomUUID } from 'node:crypto';
import { BOT, newUser, TENANT_ID, type TeamsUser } from './teams';

/** A team with one channel, as Teams describes it in `channelData` of channel activities. */
export class TeamsChannel {
  readonly teamId = `19:${randomUUID()}@thread.tacv2`;
  readonly channelId = `19:${randomUUID()}@thread.tacv2`;

  constructor(
    private readonly serviceUrl: string,
    readonly channelName = 'IT Helpdesk',
    readonly teamName = 'IT',
    readonly tenantId = TENANT_ID,
  ) {}

  private base(
    type: string,
    from: TeamsUser,
    conversationId: string,
    locale: string,
  ): Record<string, unknown> {
    return {
      type,
      id: `f:${randomUUID()}`,
      timestamp: new Date().toISOString(),
      serviceUrl: this.serviceUrl,
      channelId: 'msteams',
      from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
      conversation: {
        id: conversationId,
        conversationType: 'channel',
        isGroup: true,
        tenantId: this.tenantId,
      },
      recipient: BOT,
      locale,
      entities: [{ type: 'clientInfo', locale, country: 'US', platform: 'Web', timezone: 'Europe/London' }],
      channelData: {
        teamsChannelId: this.channelId,
        teamsTeamId: this.teamId,
        channel: { id: this.channelId, name: this.channelName },
        team: { id: this.teamId, name: this.teamName },
        tenant: { id: this.tenantId },
      },
    };
  }

  /** A new post in the channel that @mentions the bot. */
  mention(from: TeamsUser, text: string, locale = 'en-US'): Record<string, unknown> {
    const mentionText = `<at>${BOT.name}</at>`;
    const activity = this.base('message', from, `${this.channelId};messageid=${Date.now()}`, locale);
    activity.text = `${mentionText} ${text}`;
    activity.textFormat = 'plain';
    activity.entities = [
      ...(activity.entities as unknown[]),
      { type: 'mention', text: mentionText, mentioned: { id: BOT.id, name: BOT.name } },
    ];
    return activity;
  }

  /**
   * The bot removed from the team (Teams sends both, in the team's General channel, whose conversation
   * id is the team id): `conversationUpdate` with the bot in membersRemoved, and `installationUpdate` remove.
   */
  botRemoved(from: TeamsUser): Array<Record<string, unknown>> {
    const general = (type: string, extra: Record<string, unknown>, eventType?: string) => {
      const activity = this.base(type, from, this.teamId, 'en-US');
      const channelData = {
        ...(activity.channelData as Record<string, unknown>),
        channel: { id: this.teamId },
        ...(eventType ? { eventType } : {}),
      };
      return { ...activity, ...extra, channelData };
    };
    return [
      general('conversationUpdate', { membersRemoved: [{ id: BOT.id }] }, 'teamMemberRemoved'),
      general('installationUpdate', { action: 'remove' }),
    ];
  }

  /**
   * A Teams team/channel event (`conversationUpdate` with channelData.eventType), in the team's General
   * channel: channelDeleted/Restored/Renamed name the channel in channelData.channel, team events the team.
   */
  lifecycle(eventType: string, from: TeamsUser, channelName = this.channelName): Record<string, unknown> {
    const activity = this.base('conversationUpdate', from, this.teamId, 'en-US');
    const channelEvent = eventType.startsWith('channel');
    const channelData = {
      ...(activity.channelData as Record<string, unknown>),
      eventType,
      channel: channelEvent ? { id: this.channelId, name: channelName } : { id: this.teamId },
    };
    return { ...activity, channelData };
  }

  /** The bot added back to the team: `conversationUpdate` with the bot in membersAdded. */
  botAdded(from: TeamsUser): Record<string, unknown> {
    const activity = this.lifecycle('teamMemberAdded', from);
    return { ...activity, membersAdded: [{ id: BOT.id }] };
  }

  /** Action.Execute on a card in a thread: the `adaptiveCard/action` invoke. */
  execute(
    from: TeamsUser,
    threadConversationId: string,
    cardActivityId: string,
    verb: string,
    data: Record<string, unknown>,
  ): Record<string, unknown> {
    return {
      ...this.base('invoke', from, threadConversationId, 'en-US'),
      name: 'adaptiveCard/action',
      replyToId: cardActivityId,
      value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    };
  }

  /** The Action.Submit fallback of an older client: a message whose value is the action data. */
  submit(
    from: TeamsUser,
    threadConversationId: string,
    cardActivityId: string,
    value: Record<string, unknown>,
  ) {
    return { ...this.base('message', from, threadConversationId, 'en-US'), replyToId: cardActivityId, value };
  }
}

export const agent = (name: string): TeamsUser => newUser(name);
