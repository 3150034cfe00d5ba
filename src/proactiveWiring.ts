import { MessageFactory, type Activity, type CloudAdapter, type Storage } from 'botbuilder';
import { createReminderOps, type ReminderOps } from './bot/reminderOps';
import type { ConversationMemory } from './bot';
import { renderReminderCard } from './cards/render';
import { reminderCardData } from './cards/reminderViews';
import type { AppConfig } from './config';
import { helpdeskReminderActivity } from './helpdeskWiring';
import { resolveLocale } from './i18n/locales';
import type { Localizer } from './i18n/translator';
import type { Logger } from './logger';
import { BotbuilderTransport } from './proactive/botbuilderSender';
import { conversationKeyOf, referenceFromActivity } from './proactive/conversationReference';
import type { ReminderScheduler } from './proactive/scheduler';
import { createProactiveServices, type ProactiveServices } from './proactive/setup';

export interface BotProactive {
  readonly services: ProactiveServices<Partial<Activity>>;
  readonly reminders: ReminderOps;
  readonly conversations: ConversationMemory;
}

/** Reminders, references and the one outbound sender, on the bot's adapter and storage. */
export function createBotProactive(
  config: AppConfig,
  deps: {
    adapter: CloudAdapter;
    storage: Storage;
    localizer: Localizer;
    logger: Logger;
    now: () => Date;
    scheduler?: ReminderScheduler;
  },
): BotProactive {
  const services = createProactiveServices<Partial<Activity>>({
    settings: {
      dataDir: config.dataDir,
      reminderPollMs: config.reminderPollMs,
      azure: config.azureStorage
        ? { access: config.azureStorage.access, queueName: config.azureStorage.queue }
        : undefined,
    },
    storage: deps.storage,
    logger: deps.logger,
    transport: new BotbuilderTransport(deps.adapter, config.bot.appId ?? ''),
    // The card is rendered at send time, in the language the admin had when asking for it.
    buildReminderActivity: (reminder) => {
      if (reminder.kind === 'helpdeskUnassigned')
        return helpdeskReminderActivity(reminder, deps.localizer, config.helpdeskReminderMinutes);
      const t = deps.localizer.for(resolveLocale(undefined, reminder.locale));
      return MessageFactory.attachment(renderReminderCard(reminderCardData(reminder.id, t)));
    },
    scheduler: deps.scheduler,
  });
  const conversations: ConversationMemory = {
    remember: async (activity) => {
      await services.references.saveFromActivity(activity);
    },
    forget: async (activity) => {
      const reference = referenceFromActivity(activity, deps.now().getTime());
      if (reference) await services.forgetConversation(conversationKeyOf(reference));
    },
  };
  return {
    services,
    reminders: createReminderOps(services.scheduler, deps.now, deps.storage),
    conversations,
  };
}
