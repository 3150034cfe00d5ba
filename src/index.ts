import { createApp } from './app';
import { configFromProcess, redactedSummary } from './config';
import { describeError } from './errors';
import { createLogger } from './logger';
import { PROJECT_ROOT } from './paths';

/** Wiring only: configuration, logger, app, listen, shutdown. */
function main(): void {
  const config = configFromProcess(PROJECT_ROOT);
  const logger = createLogger(config.logLevel);
  logger.info({ config: redactedSummary(config) }, 'configuration');
  const app = createApp(config, { logger });
  app.startReminders();
  app.server.listen(config.port, config.host, () => {
    logger.info(
      { url: `http://${config.host}:${config.port}/api/messages`, localMode: config.localMode },
      'writeback-bot listening',
    );
  });
  const shutdown = (signal: string): void => {
    logger.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err: describeError(err) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

try {
  main();
} catch (err) {
  // Configuration errors list every problem; print them plainly and stop.
  process.stderr.write(`${describeError(err).message}\n`);
  process.exit(1);
}
