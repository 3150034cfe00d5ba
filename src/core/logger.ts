import { format } from 'node:util';
import pino, { type Logger } from 'pino';
import { createRedactor } from './logRedaction';

export type { Logger };

export interface LoggerOptions {
  /** Configured secret values (app password, Graph secret, connection string): removed wherever they appear. */
  readonly secrets?: readonly string[];
  /** Fields of the active trace span (`trace_id`, `span_id`) for each line; set only when telemetry is on. */
  readonly traceFields?: () => Record<string, string> | undefined;
}

/**
 * pino JSON logs. Every log object and child binding goes through the redactor (src/core/logRedaction.ts):
 * secrets and personal data are removed at any depth, ids of people and conversations hashed, and
 * message strings scrubbed of known secrets, tokens and e-mail addresses / UPNs.
 */
export function createLogger(
  level: string,
  destination?: pino.DestinationStream,
  options: LoggerOptions = {},
): Logger {
  const redactor = createRedactor(options.secrets);
  const logger = pino(
    {
      level,
      base: { app: 'writeback-bot' },
      formatters: {
        log: (object) => redactor.redact(object),
        bindings: (bindings) => redactor.redact(bindings),
      },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a: unknown) => (typeof a === 'string' ? redactor.scrub(a) : a));
          method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
      timestamp: pino.stdTimeFunctions.isoTime,
      ...(options.traceFields ? { mixin: () => options.traceFields?.() ?? {} } : {}),
    },
    destination,
  );
  // pino does not run formatters.bindings for child loggers: redact their bindings on the way in.
  // Children inherit this `child` from the root (pino children are Object.create(parent)).
  type ChildFn = (
    this: pino.Logger<never>,
    bindings: pino.Bindings,
    options?: pino.ChildLoggerOptions,
  ) => Logger;
  const baseChild = (logger as unknown as { child: ChildFn }).child;
  const redactingChild: ChildFn = function (bindings, childOptions) {
    return baseChild.call(this, redactor.redact(bindings), childOptions);
  };
  Object.defineProperty(logger, 'child', { value: redactingChild, writable: true, configurable: true });
  return logger;
}

/** A logger that drops everything: for unit tests that do not look at logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

const CONSOLE_METHODS = ['error', 'warn', 'log', 'info', 'debug', 'trace'] as const;

/**
 * Libraries (botbuilder, botframework-connector) write errors with console.error/warn: route them
 * into pino (warn for error/warn, debug for the rest; first line only, scrubbed by the logger) so
 * nothing reaches stderr outside the JSON log. Returns a function that restores the console.
 */
/* eslint-disable no-console -- this is the one place that takes the console over */
export function routeConsoleToLogger(logger: Logger): () => void {
  const log = logger.child({ component: 'console' });
  const original = CONSOLE_METHODS.map((m) => [m, console[m].bind(console)] as const);
  for (const method of CONSOLE_METHODS) {
    console[method] = (...args: unknown[]): void => {
      const output = format(...args)
        .split('\n', 1)[0]
        .slice(0, 300);
      if (method === 'error' || method === 'warn')
        log.warn({ consoleMethod: method, output }, 'library console output');
      else log.debug({ consoleMethod: method, output }, 'library console output');
    };
  }
  return () => {
    for (const [method, fn] of original) console[method] = fn;
  };
}
/* eslint-enable no-console */
