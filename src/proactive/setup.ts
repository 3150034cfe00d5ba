import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../core/logger';
import { DIR_MODE, ensurePrivateFile } from '../storage/dataDir';
import { guardStorage } from '../storage/storageFaults';
import { queueClient, type AzureStorageAccess } from '../storage/azureAccess';
import { AzureReminderQueue } from './azureReminderQueue';
import { OutboundSender, type OutboundSenderOptions, type OutboundTransport } from './outboundSender';
import { QueueReminderScheduler } from './queueScheduler';
import { ConversationReferenceStore } from './referenceStore';
import { createReminderDelivery } from './reminderDelivery';
import type { ReminderScheduler } from './scheduler';
import { SqliteReminderScheduler } from './sqliteScheduler';
import type { KeyValueStorage } from '../storage/keyValueStorage';
import type { Reminder, StoredConversationReference } from './types';

/** Read by src/config.ts: DATA_DIR, REMINDER_POLL_MS, AZURE_STORAGE_CONNECTION_STRING or _BLOB_URL… / _QUEUE. */
interface ProactiveSettings {
  /** DATA_DIR: the embedded scheduler's file is `<dataDir>/reminders.sqlite`. */
  dataDir: string;
  /** REMINDER_POLL_MS (default 1000). */
  reminderPollMs?: number;
  /** Set in scale-out mode (Azure Storage configured): reminders go to the queue AZURE_STORAGE_QUEUE. */
  azure?: { access: AzureStorageAccess; queueName: string };
}

/** @internal Exported for the tests as well. */
export const REMINDERS_DB_FILE = 'reminders.sqlite';

/**
 * Embedded SQLite scheduler by default; the Azure Storage Queue scheduler when Azure is configured.
 * @internal Exported for the tests as well.
 */
export function createReminderScheduler(
  settings: ProactiveSettings,
  storage: KeyValueStorage,
  logger: Logger,
): ReminderScheduler {
  const pollMs = settings.reminderPollMs ?? 1_000;
  if (settings.azure) {
    const queue = new AzureReminderQueue(queueClient(settings.azure.access, settings.azure.queueName));
    return new QueueReminderScheduler({ queue, storage, logger, pollMs });
  }
  const file = join(settings.dataDir, REMINDERS_DB_FILE);
  return guardStorage(file, () => {
    mkdirSync(settings.dataDir, { recursive: true, mode: DIR_MODE });
    ensurePrivateFile(file);
    return new SqliteReminderScheduler({ database: file, logger, pollMs });
  });
}

export interface ProactiveServices<A> {
  references: ConversationReferenceStore;
  scheduler: ReminderScheduler;
  sender: OutboundSender<A>;
  /** installationUpdate "remove" and 403: drops the reference and the conversation's reminders. */
  forgetConversation(conversationKey: string): Promise<void>;
  /** After an uninstall: nothing of what was deleted stays in the database files (storage and scheduler). */
  scrub(): Promise<void>;
  /** Starts delivering due reminders. */
  start(): void;
  stop(): Promise<void>;
  /**
   * For shutdown: stops the scheduler, waits for sends in flight (together at most `graceMs`),
   * then closes the scheduler's database.
   */
  close(graceMs: number): Promise<void>;
}

export interface ProactiveDependencies<A> {
  settings: ProactiveSettings;
  /** Bot storage: the SQLite storage, or BlobsStorage on AZURE_STORAGE_CONTAINER. */
  storage: KeyValueStorage;
  logger: Logger;
  transport: OutboundTransport<A>;
  buildReminderActivity: (reminder: Reminder, reference: StoredConversationReference) => A | Promise<A>;
  /** Overrides for the sender (limits, attempts); rarely needed. */
  senderOptions?: Partial<Omit<OutboundSenderOptions<A>, 'transport' | 'references' | 'onGone' | 'logger'>>;
  /** Injected scheduler (tests); otherwise chosen from the settings. */
  scheduler?: ReminderScheduler;
}

export function createProactiveServices<A>(deps: ProactiveDependencies<A>): ProactiveServices<A> {
  const logger = deps.logger.child({ component: 'proactive' });
  const references = new ConversationReferenceStore(deps.storage);
  const scheduler = deps.scheduler ?? createReminderScheduler(deps.settings, deps.storage, logger);
  const forgetConversation = async (conversationKey: string): Promise<void> => {
    await references.delete(conversationKey);
    const removed = await scheduler.deleteForConversation(conversationKey);
    logger.info({ conversationKey, removedReminders: removed }, 'conversation forgotten');
  };
  const sender = new OutboundSender<A>({
    ...deps.senderOptions,
    transport: deps.transport,
    references,
    onGone: forgetConversation,
    logger,
  });
  const onDue = createReminderDelivery<A>({ sender, buildActivity: deps.buildReminderActivity });
  return {
    references,
    scheduler,
    sender,
    forgetConversation,
    scrub: async () => {
      await deps.storage.scrub?.();
      await scheduler.scrub?.();
    },
    start: () => scheduler.start(onDue),
    stop: () => scheduler.stop(),
    close: async (graceMs) => {
      const deadline = Date.now() + graceMs;
      await scheduler.stop(graceMs);
      await sender.drain(Math.max(0, deadline - Date.now()));
      await scheduler.close?.(0);
    },
  };
}
