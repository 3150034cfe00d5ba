import { join } from 'node:path';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConversationState,
  UserState,
  type Storage,
  type TurnContext,
} from 'botbuilder';
import restify from 'restify';
import { createAutoCheckSource, type TenantReports } from '../dialogs/autoCheckSource';
import { createAccessors } from '../dialogs/state';
import { turnServices } from '../dialogs/turnServices';
import { WritebackBot } from './bot';
import type { AppConfig } from './config';
import { describeError, ErrorCodes } from './errors';
import { certificateFromPemFile, createGraphClient, runTenantChecks, TenantCheckCache } from './graph';
import { Localizer } from './i18n/translator';
import { type Logger, silentLogger } from './logger';
import { createHelpdesk } from './helpdeskWiring';
import { createBotProactive, type BotProactive } from './proactiveWiring';
import type { ReminderScheduler } from './proactive/scheduler';
import { SqliteStorage } from './storage/sqliteStorage';
import { BlobsStorage } from 'botbuilder-azure-blobs';

export interface AppDeps {
  /** Bot state store; default: embedded SQLite under DATA_DIR. */
  readonly storage?: Storage;
  readonly logger?: Logger;
  readonly localizer?: Localizer;
  readonly now?: () => Date;
  /** Graph tenant reports; default: built from config.graph when configured. */
  readonly tenantReports?: TenantReports;
  /** Reminder scheduler; default: embedded SQLite, or Azure Storage Queue when configured. */
  readonly reminderScheduler?: ReminderScheduler;
}

export interface App {
  readonly server: restify.Server;
  readonly adapter: CloudAdapter;
  readonly bot: WritebackBot;
  readonly proactive: BotProactive;
  /** Starts delivering due reminders (index.ts does; tests that need it too). */
  startReminders(): void;
  close(): Promise<void>;
}

function isActivityShaped(body: unknown): body is { type: string } {
  return (
    typeof body === 'object' &&
    body !== null &&
    !Array.isArray(body) &&
    typeof (body as { type?: unknown }).type === 'string'
  );
}

/** Embedded SQLite by default; Azure Blob Storage (eTag-guarded) when scaled out. */
function defaultStorage(config: AppConfig): Storage & { close?: () => void } {
  if (config.azureStorage)
    return new BlobsStorage(config.azureStorage.connectionString, config.azureStorage.container);
  return new SqliteStorage(join(config.dataDir, 'bot-state.db'));
}

function createAdapter(config: AppConfig): CloudAdapter {
  return new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: config.bot.appId ?? '',
      MicrosoftAppPassword: config.bot.appPassword ?? '',
      MicrosoftAppTenantId: config.bot.tenantId ?? '',
      // In local mode there is no app id: the SDK's SingleTenant checks would refuse to start.
      MicrosoftAppType: config.localMode ? 'MultiTenant' : config.bot.appType,
    }),
  );
}

function graphReports(config: AppConfig, logger: Logger): TenantReports | undefined {
  const graph = config.graph;
  if (!graph) return undefined;
  const client = createGraphClient(
    {
      clientId: graph.clientId,
      clientSecret: graph.clientSecret,
      certificate: graph.certificatePath ? certificateFromPemFile(graph.certificatePath) : undefined,
      authorityHost: graph.authorityHost,
      graphBaseUrl: graph.baseUrl,
    },
    { logger },
  );
  return new TenantCheckCache((input) => runTenantChecks(client, input, { logger }), {
    ttlMs: graph.cacheSeconds * 1000,
  });
}

export function createApp(config: AppConfig, deps: AppDeps = {}): App {
  const logger = deps.logger ?? silentLogger();
  const localizer = deps.localizer ?? new Localizer();
  const ownStorage = deps.storage ? undefined : defaultStorage(config);
  const storage: Storage = deps.storage ?? (ownStorage as Storage);
  const state = createAccessors(new ConversationState(storage), new UserState(storage));
  const reports = deps.tenantReports ?? graphReports(config, logger);
  const autoChecks =
    reports && config.graph
      ? createAutoCheckSource(reports, {
          authorityHost: config.graph.authorityHost,
          clientId: config.graph.clientId,
        })
      : undefined;
  const now = deps.now ?? (() => new Date());
  const adapter = createAdapter(config);
  const proactive = createBotProactive(config, {
    adapter,
    storage,
    localizer,
    logger,
    now,
    scheduler: deps.reminderScheduler,
  });
  const helpdesk = createHelpdesk({
    storage,
    localizer,
    sender: proactive.services.sender,
    references: proactive.services.references,
    scheduler: proactive.services.scheduler,
    creator: adapter,
    appId: config.bot.appId ?? '',
    now,
    reminderMinutes: config.helpdeskReminderMinutes,
    logger,
  });
  const bot = new WritebackBot({
    state,
    localizer,
    logger,
    now,
    autoChecks,
    reminders: proactive.reminders,
    conversations: proactive.conversations,
    helpdesk,
  });

  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    let services: ReturnType<typeof turnServices> | undefined;
    try {
      services = turnServices(context);
    } catch {
      services = undefined; // the error came before the turn was set up: answer in English
    }
    const ref = services?.correlationId ?? String(context.activity?.id ?? 'n/a');
    const { code, message, stack } = describeError(error);
    (services?.log ?? logger).error({ code, err: { message, stack }, correlationId: ref }, 'turn failed');
    const t = services?.t ?? localizer.for('en');
    try {
      await context.sendActivity(t.t('notes.error', { code, ref }));
    } catch (sendError) {
      logger.error(
        { code: ErrorCodes.SEND_FAILED, err: describeError(sendError), correlationId: ref },
        'could not tell the user about a failed turn',
      );
    }
  };

  const server = restify.createServer({ name: 'writeback-bot', handleUncaughtExceptions: false });
  server.use(
    restify.plugins.bodyParser({ maxBodySize: config.maxBodyBytes, mapParams: false, rejectUnknown: true }),
  );
  server.on('after', (req: restify.Request, res: restify.Response) => {
    logger.info(
      { method: req.method, path: req.getPath(), status: res.statusCode, ms: Date.now() - req.time() },
      'http',
    );
  });

  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok' });
    next();
  });

  server.post('/api/messages', async (req, res) => {
    if (!isActivityShaped(req.body)) {
      res.send(400, {
        error: {
          code: ErrorCodes.BAD_REQUEST,
          message: 'The body must be a Bot Framework activity (JSON object with a type).',
        },
      });
      return;
    }
    await adapter.process(req, res, (context) => bot.run(context));
  });

  return {
    server,
    adapter,
    bot,
    proactive,
    startReminders: () => proactive.services.start(),
    close: async () => {
      await proactive.services.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
      });
      ownStorage?.close?.();
    },
  };
}
