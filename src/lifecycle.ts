import type { Server } from 'node:http';
import { createApp, type App } from './app';
import { configFromProcess, redactedSummary, type AppConfig } from './config';
import { BotError, describeError } from './core/errors';
import { HttpDrain } from './http/shutdown';
import { createLogger, routeConsoleToLogger, type Logger } from './core/logger';
import { accessSecret } from './storage/azureAccess';
import { acquireDataDirLock, prepareDataDir, type DataDirLock } from './storage/dataDir';
import { startTelemetry } from './telemetry/start';
import { telemetry } from './telemetry/port';

/**
 * The process lifecycle: start (data directory, lock, app, listen), shutdown on SIGTERM/SIGINT,
 * and the last-resort handlers. src/index.ts only calls `runBot`.
 *
 * Shutdown order: stop accepting and close idle keep-alive sockets; let turns in flight finish
 * (answered with `Connection: close`) until SHUTDOWN_TIMEOUT_MS; then stop the reminder
 * scheduler, drain the outbound sender, close reminders.sqlite and bot-state.db (SQLite
 * checkpoints the WAL on close), release the DATA_DIR lock, exit 0.
 */

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

/** Secrets of the configuration, removed from every log line wherever they appear. */
function secretsOf(config: AppConfig): string[] {
  return [
    config.bot.appPassword,
    config.graph?.clientSecret,
    accessSecret(config.azureStorage?.access),
    config.telemetry?.azureMonitor?.connectionString,
  ].filter((s): s is string => typeof s === 'string');
}

/** A start that cannot succeed: one line on stderr (the WB-… code and the path), no stack, exit 1. */
function failStart(err: unknown, logger?: Logger): never {
  const { code, message } = describeError(err);
  const line = err instanceof BotError ? message : `${code} could not start: ${message.split('\n', 1)[0]}`;
  logger?.fatal({ code }, 'start failed');
  process.stderr.write(`${line}\n`);
  process.exit(1);
}

/**
 * Last resort: an unhandled rejection or uncaught exception is logged (with its code) and the process exits 1.
 * @public Also required by name in a child process of test/lifecycle/fatalHandlers.test.ts, which knip cannot see.
 */
export function installFatalHandlers(logger: Logger, cleanup: () => void): void {
  const die = (kind: string, err: unknown): void => {
    const { code, message, stack } = describeError(err);
    logger.fatal({ code, err: { message, stack } }, kind);
    try {
      cleanup();
    } finally {
      process.exit(1);
    }
  };
  process.on('unhandledRejection', (reason) => die('unhandled promise rejection', reason));
  process.on('uncaughtException', (err) => die('uncaught exception', err));
}

function startApp(config: AppConfig, logger: Logger): { app: App; lock?: DataDirLock } {
  let lock: DataDirLock | undefined;
  try {
    // Embedded storage only: with Azure Storage several instances are the point, and DATA_DIR is unused.
    if (!config.azureStorage) {
      prepareDataDir(config.dataDir);
      lock = acquireDataDirLock(config.dataDir);
    }
    const app = createApp(config, { logger });
    app.startReminders();
    return { app, lock };
  } catch (err) {
    lock?.release();
    return failStart(err, logger);
  }
}

async function shutdown(
  signal: string,
  parts: { app: App; drain: HttpDrain; lock?: DataDirLock; config: AppConfig; logger: Logger },
): Promise<void> {
  const { app, drain, lock, config, logger } = parts;
  const deadline = Date.now() + config.shutdownTimeoutMs;
  logger.info(
    { signal, requestsInFlight: drain.requestsInFlight, timeoutMs: config.shutdownTimeoutMs },
    'shutting down: no new connections, finishing turns in flight',
  );
  const cutOff = await drain.drain(config.shutdownTimeoutMs);
  if (cutOff > 0) logger.warn({ cutOff }, 'requests still running at the shutdown deadline were cut off');
  await app.close(Math.max(1_000, deadline - Date.now()));
  await telemetry().shutdown(); // exports what is buffered
  lock?.release();
  logger.info({ signal }, 'stopped');
}

export function runBot(root: string): void {
  let config: AppConfig;
  try {
    config = configFromProcess(root);
  } catch (err) {
    failStart(err);
  }
  // Off (no exporter configured): nothing of OpenTelemetry is loaded and the log lines carry no trace fields.
  // The logger needs the sink (trace ids in each line): problems at start wait for it.
  const early: Array<[string, string]> = [];
  let report = (code: string, detail: string): void => void early.push([code, detail]);
  const sink = startTelemetry(config.telemetry, (code, detail) => report(code, detail));
  const logger = createLogger(config.logLevel, undefined, {
    secrets: secretsOf(config),
    traceFields: sink ? () => sink.logFields() : undefined,
  });
  report = (code, detail) => logger.warn({ code, detail }, 'telemetry problem');
  for (const [code, detail] of early) report(code, detail);
  // Files the bot creates are private to its user (DATA_DIR 0700 and 0600 are also set explicitly).
  process.umask(0o077);
  routeConsoleToLogger(logger);
  logger.info({ config: redactedSummary(config) }, 'configuration');
  const { app, lock } = startApp(config, logger);
  installFatalHandlers(logger, () => lock?.release());
  const httpServer = app.server.server as Server;
  const drain = new HttpDrain(httpServer);

  httpServer.once('error', (err) => {
    lock?.release();
    failStart(err, logger);
  });
  if (config.localMode && !LOOPBACK_HOSTS.has(config.host)) {
    // Local mode has no inbound authentication: HOST set explicitly (a container) opens it beyond this machine.
    logger.warn(
      { host: config.host, localMode: true },
      'local mode WITHOUT authentication listening beyond loopback (HOST is set): anyone who reaches this' +
        ' address can talk to the bot; publish the port to this machine only (docker run -p 127.0.0.1:3978:3978)',
    );
  }
  app.server.listen(config.port, config.host, () => {
    const address = app.server.address();
    logger.info(
      { url: `http://${config.host}:${address.port}/api/messages`, localMode: config.localMode },
      'writeback-bot listening',
    );
  });

  let stopping = false;
  const onSignal = (signal: string): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal during shutdown: exiting now');
      process.exit(1);
    }
    stopping = true;
    shutdown(signal, { app, drain, lock, config, logger }).then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ code: describeError(err).code, err: describeError(err) }, 'shutdown failed');
        lock?.release();
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
}
