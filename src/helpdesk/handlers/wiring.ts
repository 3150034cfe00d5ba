/**
 * The helpdesk's services on the bot's adapter, storage, sender and scheduler, and the one place
 * that starts a new thread in a channel (botbuilder edge).
 */
import { MessageFactory, type Activity, type ConversationParameters, type TurnContext } from 'botbuilder';
import { ticketNumberOfReminder } from '../escalation';
import type { TurnGate } from '../../turn/turnLock';
import type { EscalationLimits } from '../escalationLimits';
import { SectionOutcomes } from '../outcomes';
import { threadKeyOf } from './slaTimers';
import type { SlaSettings } from '../sla';
import { HelpdeskStore, type HelpdeskChannel } from '../store';
import { resolveLocale } from '../../i18n/locales';
import type { Localizer } from '../../i18n/translator';
import type { Logger } from '../../core/logger';
import { conversationKeyOf } from '../../proactive/conversationReference';
import type { OutboundSender } from '../../proactive/outboundSender';
import { toConversationReference, type ContinueConversationAdapter } from '../../proactive/botbuilderSender';
import { attachment, type AdaptiveCard } from '../../cards/elements';
import { ErrorCodes } from '../../core/errors';
import type { ConversationReferenceStore } from '../../proactive/referenceStore';
import type { ReminderScheduler } from '../../proactive/scheduler';
import type { Reminder } from '../../proactive/types';
import type { KeyValueStorage } from '../../storage/keyValueStorage';
import { PROFILE_PROPERTY, type InstalledIn } from '../../proactive/installations';

/**
 * What a new thread needs of CloudAdapter (method syntax: `audience` may be left undefined), and what an
 * update of a ticket card from outside its thread needs (continueConversationAsync).
 */
interface ConversationCreator extends ContinueConversationAdapter {
  createConversationAsync(
    botAppId: string,
    channelId: string,
    serviceUrl: string,
    audience: string | undefined,
    parameters: ConversationParameters,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void>;
}

export interface HelpdeskServices {
  readonly store: HelpdeskStore;
  readonly localizer: Localizer;
  /** The one outbound sender: new ticket threads, thread lines and requester notices are paced by it. */
  readonly sender: OutboundSender<Partial<Activity>>;
  /** Where the thread of each ticket is remembered, so the sender and the scheduler can reach it. */
  readonly references: ConversationReferenceStore;
  readonly scheduler: ReminderScheduler;
  readonly creator: ConversationCreator;
  readonly appId: string;
  readonly now: () => Date;
  readonly reminderMinutes: number;
  /** First-response and resolve targets per priority, and when to warn (config). */
  readonly sla: SlaSettings;
  /** Sections finished per tenant and day (the summary's deflection and failing checks). */
  readonly outcomes: SectionOutcomes;
  /** Open tickets per requester, new threads per tenant (config). */
  readonly limits: EscalationLimits;
  readonly logger: Logger;
  /** HELPDESK_ADMINS: when set, only these Entra object ids (lower case) set, move or remove the helpdesk. */
  readonly admins?: readonly string[];
  /** The key of a user's personal chat with the bot, when the bot has one stored (src/helpdesk/handlers/requesterNotices.ts). */
  readonly personalChatOf: (userId: string) => Promise<string | undefined>;
}

/** `gate`: the app's turn gate (a shared lease across instances), so changes of the helpdesk channel run one at a time. */
export function createHelpdesk(
  deps: Omit<HelpdeskServices, 'store' | 'personalChatOf' | 'outcomes'> & {
    storage: KeyValueStorage;
    gate: TurnGate;
  },
): HelpdeskServices {
  const { storage, gate, ...rest } = deps;
  return {
    ...rest,
    store: new HelpdeskStore(storage, gate, deps.logger),
    personalChatOf: (userId) => personalChatOf(storage, deps.references, userId),
    outcomes: new SectionOutcomes(storage),
  };
}

/**
 * A user's personal chat with the bot, from what is stored already: the installations their profile
 * lists (src/proactive/installations.ts) whose stored reference is a personal conversation.
 */
async function personalChatOf(
  storage: KeyValueStorage,
  references: ConversationReferenceStore,
  userId: string,
): Promise<string | undefined> {
  // botbuilder's UserState key (`<channelId>/users/<user id>/`), as src/proactive/installations.ts lists it.
  const stateKey = `msteams/users/${userId}/`;
  const state = (await storage.read([stateKey]))[stateKey] as
    { [PROFILE_PROPERTY]?: InstalledIn } | undefined;
  for (const key of state?.[PROFILE_PROPERTY]?.installs ?? []) {
    if (key.includes(':team:')) continue;
    const reference = await references.get(key);
    if (reference?.conversation.conversationType === 'personal' && reference.user.id === userId) return key;
  }
  return undefined;
}

/**
 * Posts `activity` as the first message of a new thread in the helpdesk channel: Bot Connector
 * `POST /v3/conversations` with `channelData.channel.id` (what TeamsInfo.sendMessageToTeamsChannel
 * does; called on the adapter directly so it also works without an app id in local mode). Teams
 * answers with the thread's conversation id, `<channel id>;messageid=<activity id>`. Paced and retried
 * by the outbound sender as a send into the channel; without `thread` when it could not be posted
 * (logged), with Teams' status (403/404: the channel or the bot's place in the team is gone).
 */
export async function startChannelThread(
  services: Pick<HelpdeskServices, 'creator' | 'appId' | 'sender'>,
  channel: HelpdeskChannel,
  activity: Partial<Activity>,
  correlationId?: string,
): Promise<{ thread?: { conversationId: string; activityId: string }; status?: number }> {
  const create = async (): Promise<{ conversationId: string; activityId: string }> => {
    let conversationId: string | undefined;
    await services.creator.createConversationAsync(
      services.appId,
      'msteams',
      channel.serviceUrl,
      undefined,
      {
        isGroup: true,
        bot: { id: channel.reference.bot.id, name: '' },
        tenantId: channel.tenantId,
        activity: activity as Activity,
        channelData: { channel: { id: channel.channelId }, tenant: { id: channel.tenantId } },
      },
      (context) => {
        conversationId = context.activity.conversation?.id;
        return Promise.resolve();
      },
    );
    const activityId = conversationId ? /;messageid=([^;]+)$/.exec(conversationId)?.[1] : undefined;
    if (!conversationId || !activityId) throw new Error('Teams did not return the new thread');
    return { conversationId, activityId };
  };
  const result = await services.sender.call(conversationKeyOf(channel.reference), channel.tenantId, create, {
    correlationId,
  });
  return { thread: result.value, status: result.status };
}

/** The line a ticket's "nobody took it" reminder posts in its thread, in the helpdesk language. */
export function helpdeskReminderActivity(
  reminder: Reminder,
  localizer: Localizer,
  minutes: number,
): Partial<Activity> {
  const number = ticketNumberOfReminder(reminder.id);
  if (number === undefined) throw new Error(`not a helpdesk reminder id: ${reminder.id}`);
  const t = localizer.for(resolveLocale(undefined, reminder.locale));
  return MessageFactory.text(t.t('helpdesk.thread.reminder', { number, count: minutes }));
}

/**
 * Replaces a ticket's card in its thread from another conversation (a rating sent from the admin's chat),
 * through the outbound sender like every other post in the thread; a failure is logged (the card also
 * refreshes when an agent opens it).
 */
export async function updateThreadCard(
  services: Pick<HelpdeskServices, 'creator' | 'appId' | 'sender' | 'references' | 'logger'>,
  ticket: { tenantId: string; thread?: { conversationId: string; activityId: string } },
  card: AdaptiveCard,
): Promise<void> {
  const thread = ticket.thread;
  if (!thread) return;
  const key = threadKeyOf(thread);
  const reference = await services.references.get(key);
  if (!reference) return;
  const result = await services.sender.call(key, ticket.tenantId, () =>
    services.creator.continueConversationAsync(
      services.appId,
      toConversationReference(reference),
      (context) =>
        context
          .updateActivity({ type: 'message', id: thread.activityId, attachments: [attachment(card)] })
          .then(() => undefined),
    ),
  );
  if (result.outcome !== 'sent')
    services.logger.warn(
      {
        code: ErrorCodes.HELPDESK_CARD_UPDATE_FAILED,
        outcome: result.outcome,
        status: result.status,
        correlationId: result.correlationId,
      },
      'helpdesk: ticket card not updated',
    );
}
