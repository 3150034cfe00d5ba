import type { IncomingMessage } from 'node:http';
import type { Next, Request, Response } from 'restify';
import { ErrorCodes, type ErrorCode } from '../core/errors';
import type { Logger } from '../core/logger';

/**
 * Reads a request body as JSON without ever touching the disk: only `application/json` (UTF-8) is
 * accepted, decided from the headers before a byte is read; the size limit is counted as the bytes
 * stream in (chunked bodies too), so nothing larger than `maxBytes` is ever held in memory.
 * Replaces restify's bodyParser, whose multipart support writes uploads to the temp directory.
 */

export function sendError(res: Response, status: number, code: ErrorCode, message: string): void {
  res.send(status, { error: { code, message } });
}

/** `application/json`, optionally with `charset=utf-8`; anything else is refused. */
function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  const [mediaType, ...params] = header.split(';').map((part) => part.trim().toLowerCase());
  if (mediaType !== 'application/json') return false;
  return params.every((param) => {
    if (param === '') return true;
    const [name, value = ''] = param.split('=').map((p) => p.trim());
    return name === 'charset' && ['utf-8', 'utf8', '"utf-8"'].includes(value);
  });
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

type ReadResult = { ok: true; text: string } | { ok: false; tooLarge: true } | { ok: false; tooLarge: false };

function readLimited(req: IncomingMessage, maxBytes: number): Promise<ReadResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: ReadResult): void => {
      if (done) return;
      done = true;
      req.removeListener('data', onData);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        chunks.length = 0;
        // Stop reading: the socket closes after the 413 (Connection: close).
        req.pause();
        finish({ ok: false, tooLarge: true });
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => finish({ ok: true, text: Buffer.concat(chunks).toString('utf8') }));
    req.once('error', () => finish({ ok: false, tooLarge: false }));
    req.once('aborted', () => finish({ ok: false, tooLarge: false }));
  });
}

/** restify handler: sets `req.body` to the parsed JSON, or answers 415 / 413 / 400 and stops the chain. */
export function jsonBodyGuard(options: { maxBytes: number; logger: Logger }) {
  const { maxBytes, logger } = options;
  const refuse = (req: Request, res: Response, status: number, code: ErrorCode, message: string): false => {
    res.setHeader('connection', 'close');
    logger.info({ code, status, path: req.getPath() }, 'request refused');
    sendError(res, status, code, message);
    return false;
  };
  const check = async (req: Request, res: Response): Promise<boolean> => {
    const method = req.method ?? 'GET';
    if ((method === 'GET' || method === 'HEAD') && !hasBody(req)) return true;
    if (!isJsonContentType(req.headers['content-type'])) {
      return refuse(req, res, 415, ErrorCodes.UNSUPPORTED_MEDIA_TYPE, 'Only application/json is accepted.');
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      return refuse(req, res, 413, ErrorCodes.BODY_TOO_LARGE, 'The request body is too large.');
    }
    const read = await readLimited(req, maxBytes);
    if (!read.ok) {
      return read.tooLarge
        ? refuse(req, res, 413, ErrorCodes.BODY_TOO_LARGE, 'The request body is too large.')
        : refuse(req, res, 400, ErrorCodes.BAD_REQUEST, 'The request body could not be read.');
    }
    try {
      (req as { body?: unknown }).body = JSON.parse(read.text) as unknown;
    } catch {
      return refuse(req, res, 400, ErrorCodes.BAD_REQUEST, 'The body is not valid JSON.');
    }
    return true;
  };
  // Callback style: restify refuses async handlers that also take `next`.
  return (req: Request, res: Response, next: Next): void => {
    check(req, res).then(
      (proceed) => next(proceed ? undefined : false),
      (err: unknown) => next(err instanceof Error ? err : new Error(String(err))),
    );
  };
}
