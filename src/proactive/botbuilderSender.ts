/**
 * The only botbuilder import of the proactive layer: the sender's transport on top of
 * `adapter.continueConversationAsync(appId, reference, logic)`.
 */
import type { Activity, ConversationReference, TurnContext } from 'botbuilder';
import type { OutboundTransport } from './outboundSender';
import type { StoredConversationReference } from './types';

/** What the transport needs of botbuilder's CloudAdapter. */
export interface ContinueConversationAdapter {
  continueConversationAsync(
    botAppId: string,
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void>;
}

/** botbuilder's reference from a stored one (the transport's, and a ticket card updated from elsewhere). */
export function toConversationReference(ref: StoredConversationReference): Partial<ConversationReference> {
  const conversation: ConversationReference['conversation'] = {
    id: ref.conversation.id,
    name: '',
    isGroup: ref.conversation.isGroup ?? false,
    conversationType: ref.conversation.conversationType ?? '',
  };
  if (ref.conversation.tenantId) conversation.tenantId = ref.conversation.tenantId;
  const user: NonNullable<ConversationReference['user']> = { id: ref.user.id, name: '' };
  if (ref.user.aadObjectId) user.aadObjectId = ref.user.aadObjectId;
  const reference: Partial<ConversationReference> = {
    serviceUrl: ref.serviceUrl,
    channelId: ref.channelId,
    conversation,
    user,
    bot: { id: ref.bot.id, name: '' },
  };
  if (ref.locale) reference.locale = ref.locale;
  return reference;
}

/**
 * Sends through the adapter. The send error is caught inside the turn logic and rethrown after
 * it: otherwise the adapter's `onTurnError` handler would swallow it, and the sender could never
 * see a 429, 403 or 503. `appId` is the bot's Microsoft App ID ('' for a local run without one).
 */
export class BotbuilderTransport implements OutboundTransport<Partial<Activity>> {
  constructor(
    private readonly adapter: ContinueConversationAdapter,
    private readonly appId: string,
  ) {}

  async send(reference: StoredConversationReference, activity: Partial<Activity>): Promise<void> {
    let failure: { error: unknown } | undefined;
    let sent = false;
    await this.adapter.continueConversationAsync(
      this.appId,
      toConversationReference(reference),
      async (context) => {
        try {
          await context.sendActivity(activity);
          sent = true;
        } catch (error) {
          failure = { error };
        }
      },
    );
    if (failure) throw failure.error;
    if (!sent) throw new Error('continueConversationAsync returned without running the send');
  }
}
