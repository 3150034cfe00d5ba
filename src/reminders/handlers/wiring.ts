import { MessageFactory, type Activity, type CloudAdapter, type Storage } from 'botbuilder';
import { createReminderOps, type ReminderOps } from './reminderOps';
import type { ConversationMemory } from '../../bot';
import { reminderCard } from '../reminderCards';
import { reminderCardData } from '../reminderViews';
import type { AppConfig } from '../../config';
import { helpdeskReminderActivity } from '../../helpdesk/handlers/wiring';
import { slaLineActivity } from '../../helpdesk/handlers/slaTimers';
import { resolveLocale } from '../../i18n/locales';
import type { Localizer } from '../../i18n/translator';
import type { Logger } from '../../core/logger';
import { BotbuilderTransport } from '../../proactive/botbuilderSender';
import { HelpdeskStore } from '../../helpdesk/store';
import { conversationKeyOf, referenceFromActivity, userKeyOf } from '../../proactive/conversationReference';
import { InstallationIndex, installationKeyOf, teamIdOf } from '../../proactive/installations';
import { ReminderQuota } from '../reminderQuota';
import type { ReminderScheduler } from '../../proactive/scheduler';
import { createProactiveServices, type ProactiveServices } from '../../proactive/setup';
import { forgetInstallation, type UninstallDeps } from '../../proactive/uninstall';

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
      if (reminder.kind === 'helpdeskSla')
        return slaLineActivity(reminder, deps.localizer, new HelpdeskStore(deps.storage), config.helpdeskSla);
      if (reminder.kind === 'helpdeskUnassigned')
        return helpdeskReminderActivity(reminder, deps.localizer, config.helpdeskReminderMinutes);
      const t = deps.localizer.for(resolveLocale(undefined, reminder.locale));
      return MessageFactory.attachment(reminderCard(reminderCardData(reminder.id, t)));
    },
    scheduler: deps.scheduler,
  });
  const quota = new ReminderQuota(deps.storage, async (id) => (await services.scheduler.get(id))?.status);
  const uninstall: UninstallDeps = {
    storage: deps.storage,
    index: new InstallationIndex(deps.storage),
    quota,
    helpdesk: new HelpdeskStore(deps.storage),
    forgetConversation: (conversationKey) => services.forgetConversation(conversationKey),
    logger: deps.logger,
  };
  return {
    services,
    reminders: createReminderOps(services.scheduler, deps.now, quota),
    conversations: conversationMemory(uninstall, services, deps.now),
  };
}

/** References on every turn; installations' member lists on a user's first turn there; all of it on uninstall. */
function conversationMemory(
  uninstall: UninstallDeps,
  services: ProactiveServices<Partial<Activity>>,
  now: () => Date,
): ConversationMemory {
  const keysOf = (activity: Activity, stateKey: string) => {
    const reference = referenceFromActivity(activity, now().getTime());
    const installationKey = installationKeyOf(activity);
    if (!reference || !installationKey) return undefined;
    return { reference, installationKey, member: { stateKey, userKey: userKeyOf(reference) } };
  };
  return {
    remember: async (activity) => {
      await services.references.saveFromActivity(activity);
    },
    enrol: async (activity, stateKey) => {
      const keys = keysOf(activity, stateKey);
      return keys ? uninstall.index.enrol(keys.installationKey, keys.member) : false;
    },
    forget: async (activity, stateKey) => {
      const keys = keysOf(activity, stateKey);
      if (!keys) return;
      await forgetInstallation(uninstall, {
        channelId: keys.reference.channelId,
        conversationKey: conversationKeyOf(keys.reference),
        installationKey: keys.installationKey,
        tenantId: keys.reference.conversation.tenantId,
        teamId: teamIdOf(activity),
        remover: keys.member,
      });
    },
    scrub: () => services.scrub(),
  };
}
