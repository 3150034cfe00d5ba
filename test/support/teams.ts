import { randomUUID } from 'node:crypto';

export interface TeamsUser {
  id: string;
  aadObjectId: string;
  name: string;
}

export const BOT = { id: '28:00000000-0000-0000-0000-00000000b07', name: 'writeback-bot' };
export const TENANT_ID = '72f988bf-0000-0000-0000-000000000001';

export function newUser(name = 'Admin'): TeamsUser {
  return { id: `29:${randomUUID()}`, aadObjectId: randomUUID(), name };
}

export interface ConversationOptions {
  serviceUrl: string;
  user?: TeamsUser;
  locale?: string;
  timezone?: string;
  conversationType?: 'personal' | 'groupChat' | 'channel';
  tenantId?: string;
  /** Another member of an existing (group) conversation: its id. */
  conversationId?: string;
}

/** Builds activities shaped as Microsoft Teams sends them to a bot's messaging endpoint. */
export class TeamsConversation {
  readonly user: TeamsUser;
  readonly conversationId: string;
  locale: string;

  constructor(private readonly options: ConversationOptions) {
    this.user = options.user ?? newUser();
    this.locale = options.locale ?? 'en-US';
    this.conversationId = options.conversationId ?? `a:${randomUUID()}`;
  }

  private base(type: string): Record<string, unknown> {
    const conversationType = this.options.conversationType ?? 'personal';
    return {
      type,
      id: `f:${randomUUID()}`,
      timestamp: new Date().toISOString(),
      localTimestamp: new Date().toISOString(),
      serviceUrl: this.options.serviceUrl,
      channelId: 'msteams',
      from: { id: this.user.id, name: this.user.name, aadObjectId: this.user.aadObjectId },
      conversation: {
        id: this.conversationId,
        conversationType,
        tenantId: this.options.tenantId ?? TENANT_ID,
        ...(conversationType === 'personal' ? {} : { isGroup: true }),
      },
      recipient: BOT,
      locale: this.locale,
      entities: [
        {
          type: 'clientInfo',
          locale: this.locale,
          country: 'US',
          platform: 'Web',
          timezone: this.options.timezone ?? 'Europe/Riga',
        },
      ],
      channelData: { tenant: { id: this.options.tenantId ?? TENANT_ID } },
    };
  }

  message(text: string): Record<string, unknown> {
    return { ...this.base('message'), text, textFormat: 'plain' };
  }

  /** A message that @mentions the bot, as Teams sends it in group chats and channels. */
  mention(text: string): Record<string, unknown> {
    const mentionText = `<at>${BOT.name}</at>`;
    const activity = this.message(`${mentionText} ${text}`);
    activity.entities = [
      ...(activity.entities as unknown[]),
      { type: 'mention', text: mentionText, mentioned: { id: BOT.id, name: BOT.name } },
    ];
    return activity;
  }

  /** An Action.Submit click: Teams posts a message whose value is the action data merged with the inputs. */
  submit(value: Record<string, unknown>, replyToId?: string): Record<string, unknown> {
    return { ...this.base('message'), value, ...(replyToId ? { replyToId } : {}) };
  }

  /** An Action.Execute click (Universal Actions): the `adaptiveCard/action` invoke, inputs merged into `data`. */
  execute(
    verb: string,
    data: Record<string, unknown>,
    replyToId?: string,
    trigger: 'manual' | 'automatic' = 'manual',
  ): Record<string, unknown> {
    return {
      ...this.base('invoke'),
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb, data }, trigger },
      ...(replyToId ? { replyToId } : {}),
    };
  }

  installationAdd(): Record<string, unknown> {
    return { ...this.base('installationUpdate'), action: 'add' };
  }

  installationRemove(): Record<string, unknown> {
    return { ...this.base('installationUpdate'), action: 'remove' };
  }

  botAdded(): Record<string, unknown> {
    return { ...this.base('conversationUpdate'), membersAdded: [{ id: BOT.id }] };
  }

  /** This user removes the bot from the (group) conversation. */
  botRemoved(): Record<string, unknown> {
    return { ...this.base('conversationUpdate'), membersRemoved: [{ id: BOT.id }] };
  }
}
