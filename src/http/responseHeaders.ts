import type { Next, Request, Response, Server } from 'restify';
import { describeError, ErrorCodes, type ErrorCode } from '../core/errors';
import type { Logger } from '../core/logger';
import { sendError } from './contentGuard';

/**
 * What every answer of the server carries, and how restify's own errors are answered.
 *
 * - `X-Content-Type-Options: nosniff` and `Cache-Control: no-store` on every response (set before
 *   routing, so restify's 404 and 405 have them too): the answers are JSON about one caller's
 *   request, never to be sniffed as something else or kept by a proxy.
 * - restify answers an unknown path with `{"code":"ResourceNotFound","message":"<path> does not
 *   exist"}`, echoing what the caller sent, and a handler's unexpected error with its message. Both
 *   get the app's `{"error":{"code","message"}}` with a catalogue code and a fixed message instead.
 */

export function securityHeaders() {
  return (_req: Request, res: Response, next: Next): void => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    next();
  };
}

const KNOWN: Readonly<Record<number, { code: ErrorCode; message: string }>> = {
  404: { code: ErrorCodes.NOT_FOUND, message: 'Not found.' },
  405: { code: ErrorCodes.METHOD_NOT_ALLOWED, message: 'Method not allowed.' },
};

function statusOf(err: unknown): number {
  const status = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && Number.isInteger(status) && status >= 400 && status <= 599
    ? status
    : 500;
}

/** Answers restify's errors (router 404/405, anything a handler passed to `next(err)`) in the app's shape. */
export function answerRestifyErrors(server: Server, logger: Logger): void {
  server.on('restifyError', (req: Request, res: Response, err: unknown, done: () => void) => {
    const status = statusOf(err);
    const known = KNOWN[status];
    if (status >= 500) {
      const { message, stack } = describeError(err);
      logger.error(
        { code: ErrorCodes.HTTP_FAILED, status, path: req.getPath(), err: { message, stack } },
        'request failed',
      );
    }
    if (!res.headersSent) {
      if (known) sendError(res, status, known.code, known.message);
      else if (status >= 500) sendError(res, status, ErrorCodes.HTTP_FAILED, 'The request failed.');
      else sendError(res, status, ErrorCodes.BAD_REQUEST, 'The request was refused.');
    }
    done();
  });
}
