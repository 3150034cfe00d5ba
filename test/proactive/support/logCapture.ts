import { createLogger, type Logger } from '../../../src/core/logger';

export interface CapturedLog {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** A real pino logger whose JSON lines are kept for assertions. */
export function captureLogs(level = 'debug'): { logger: Logger; lines: CapturedLog[] } {
  const lines: CapturedLog[] = [];
  const logger = createLogger(level, {
    write(line: string) {
      lines.push(JSON.parse(line) as CapturedLog);
    },
  });
  return { logger, lines };
}

export const WARN = 40;
export const ERROR = 50;
