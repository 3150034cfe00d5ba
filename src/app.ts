import { join } from 'node:path';
import { CloudAdapter, type Storage, type TurnContext } from 'botbuilder';
import restify from 'restify';
import { createAutoCheckSource, type TenantReports } from './tenantChecks/handlers/autoCheckSource';
import { ETagConversationState, JsonCheckedUserState } from './storage/eTagConversationState';
import { createAccessors } from './turn/state';
import { turnServices } from './turn/turnServices';
import { WritebackBot } from './bot';
import type { AppConfig } from './config';
import { createTurnGate, runSerialised } from './turn/turnGate';
import { describeError, ErrorCodes } from './core/errors';
import { createBotAuthentication, EdgeCloudAdapter } from './http/botAuthentication';
import { jsonBodyGuard } from './http/contentGuard';
import { messagesRoute } from './http/messagesRoute';
import { answerRestifyErrors, securityHeaders } from './http/responseHeaders';
import { Localizer } from './i18n/translator';
import { type Logger, silentLogger } from './core/logger';
import { loadBlobsStorage, loadGraph } from './core/optionalModules';
import { createHelpdesk } from './helpdesk/handlers/wiring';
import { createBotProactive, type BotProactive } from './reminders/handlers/wiring';
import type { ReminderScheduler } from './proactive/scheduler';
import { blobTarget } from './storage/azureAccess';
import { SqliteStorage } from './storage/sqliteStorage';
import { storageFaultCodeIn } from './storage/storageFaults';
import { healthRoute, StorageProbe } from './http/health';
import { collectorScriptRoute } from './http/collectorScript';
import { COLLECTOR_PATH, collectorCommand } from './troubleshooting/collector';
import { traceTurn } from './telemetry/tracing';
import { tracedStorage } from './telemetry/storageSpans';

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
  /** Stops the scheduler, drains the sender (up to `graceMs`), closes both SQLite databases. */
  close(graceMs?: number): Promise<void>;
}

/** Embedded SQLite by default; Azure Blob Storage (eTag-guarded) when scaled out. */
function defaultStorage(config: AppConfig): Storage & { close?: () => void } {
  if (config.azureStorage) {
    const BlobsStorage = loadBlobsStorage();
    const target = blobTarget(config.azureStorage.access, config.azureStorage.container);
    return 'url' in target
      ? new BlobsStorage('', target.name, undefined, target.url, target.credential)
      : new BlobsStorage(target.connectionString, target.name);
  }
  return new SqliteStorage(join(config.dataDir, 'bot-state.db'));
}

function graphReports(config: AppConfig, logger: Logger): TenantReports | undefined {
  const graph = config.graph;
  if (!graph) return undefined;
  const { certificateFromPemFile, createGraphClient, tenantCheckRunners, TenantCheckCache } = loadGraph();
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
  return new TenantCheckCache(tenantCheckRunners(client, { logger }), {
    ttlMs: graph.cacheSeconds * 1000,
  });
}

/** A request that took this long is logged at info, whatever its status. */
const SLOW_REQUEST_MS = 1_000;

export function createApp(config: AppConfig, deps: AppDeps = {}): App {
  const logger = deps.logger ?? silentLogger();
  const localizer = deps.localizer ?? new Localizer();
  const ownStorage = deps.storage ? undefined : defaultStorage(config);
  // Conversation + user state are saved in one write per turn (saveTogether, src/storage/turnBatch.ts).
  const storage: Storage = tracedStorage(deps.storage ?? (ownStorage as Storage));
  const state = createAccessors(new ETagConversationState(storage), new JsonCheckedUserState(storage));
  const turns = createTurnGate(config, logger, !deps.storage);
  const reports = deps.tenantReports ?? graphReports(config, logger);
  const autoChecks =
    reports && config.graph
      ? createAutoCheckSource(reports, {
          authorityHost: config.graph.authorityHost,
          clientId: config.graph.clientId,
        })
      : undefined;
  const now = deps.now ?? (() => new Date());
  const auth = createBotAuthentication(config);
  const adapter = new EdgeCloudAdapter(auth);
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
    sla: config.helpdeskSla,
    limits: config.helpdeskLimits,
    logger,
    gate: turns,
    admins: config.helpdeskAdmins,
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
    collectorCommand: config.collectorUrl ? collectorCommand(config.collectorUrl) : undefined,
  });

  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    let services: ReturnType<typeof turnServices> | undefined;
    try {
      services = turnServices(context);
    } catch {
      services = undefined; // the error came before the turn was set up: answer in English
    }
    const ref = services?.correlationId ?? String(context.activity?.id ?? 'n/a');
    const fault = storageFaultCodeIn(error);
    const described = describeError(error);
    const { message, stack } = described;
    const code = fault ?? described.code;
    (services?.log ?? logger).error({ code, err: { message, stack }, correlationId: ref }, 'turn failed');
    const t = services?.t ?? localizer.for('en');
    try {
      await context.sendActivity(t.t(fault ? 'faults.storage' : 'notes.error', { code, ref }));
    } catch (sendError) {
      logger.error(
        { code: ErrorCodes.SEND_FAILED, err: describeError(sendError), correlationId: ref },
        'could not tell the user about a failed turn',
      );
    }
  };

  const server = restify.createServer({ name: 'writeback-bot', handleUncaughtExceptions: false });
  server.pre(securityHeaders());
  answerRestifyErrors(server, logger);
  server.use(jsonBodyGuard({ maxBytes: config.maxBodyBytes, logger }));
  server.on('after', (req: restify.Request, res: restify.Response) => {
    const ms = Date.now() - req.time();
    // What is worth a line at info: a refused or failed request, or a slow one. Every other request is
    // at debug: App Service's HTTP logs and the telemetry's server spans count requests, and a line per
    // turn was a measurable part of a turn's CPU (issue 20).
    const level = res.statusCode >= 400 || ms >= SLOW_REQUEST_MS ? 'info' : 'debug';
    if (logger.isLevelEnabled(level))
      logger[level]({ method: req.method, path: req.getPath(), status: res.statusCode, ms }, 'http');
  });

  server.get('/healthz', healthRoute(new StorageProbe(storage, logger)));
  // The read-only collector for the Connect server (the welcome card and Connectivity offer its one line).
  server.get(COLLECTOR_PATH, collectorScriptRoute());

  // One turn per conversation at a time (twin install events, double clicks, other instances).
  server.post(
    '/api/messages',
    messagesRoute({
      config,
      adapter,
      auth,
      logger,
      logic: (context) =>
        traceTurn(context.activity, () => runSerialised(turns, context.activity, () => bot.run(context))),
    }),
  );

  return {
    server,
    adapter,
    bot,
    proactive,
    startReminders: () => proactive.services.start(),
    close: async (graceMs = 10_000) => {
      // Already closed by the shutdown drain (src/lifecycle.ts): close() then just calls back.
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
      });
      await proactive.services.close(graceMs);
      ownStorage?.close?.();
    },
  };
}
