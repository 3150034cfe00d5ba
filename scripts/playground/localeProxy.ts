/**
 * A loopback HTTP proxy for `npm run playground -- --locale <code>`: the Playground's UI always sends
 * `locale: en-US`, so every JSON activity on its way to the bot gets the chosen locale (also in the
 * Teams clientInfo entity). Everything else (path, headers, status, response body) passes through.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocaleProxy {
  /** e.g. http://127.0.0.1:41234/api/messages */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface LocaleProxyOptions {
  /** The bot's origin, e.g. http://127.0.0.1:3978 (loopback only). */
  readonly target: string;
  readonly locale: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Returns the activity with `locale` (and clientInfo entities' `locale`) set; non-activities unchanged. */
function rewriteActivityLocale(activity: unknown, locale: string): unknown {
  if (!isRecord(activity) || typeof activity.type !== 'string') return activity;
  const entities = Array.isArray(activity.entities)
    ? activity.entities.map((e: unknown) => (isRecord(e) && e.type === 'clientInfo' ? { ...e, locale } : e))
    : activity.entities;
  return { ...activity, locale, ...(entities === undefined ? {} : { entities }) };
}

function rewriteBody(body: Buffer, contentType: string | undefined, locale: string): Buffer {
  if (body.length === 0 || !(contentType ?? '').includes('json')) return body;
  try {
    return Buffer.from(JSON.stringify(rewriteActivityLocale(JSON.parse(body.toString('utf8')), locale)));
  } catch {
    return body; // not JSON after all: let the bot answer it as it would
  }
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startLocaleProxy(options: LocaleProxyOptions): Promise<LocaleProxy> {
  const target = new URL(options.target);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname)) {
    throw new Error(`locale proxy target must be on loopback, got ${target.host}`);
  }
  const server = http.createServer((req, res) => {
    readBody(req)
      .then((raw) => {
        const body =
          req.method === 'POST' ? rewriteBody(raw, req.headers['content-type'], options.locale) : raw;
        const headers: http.OutgoingHttpHeaders = { ...req.headers, host: target.host };
        delete headers['transfer-encoding'];
        headers['content-length'] = String(body.length);
        const upstream = http.request(
          { hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers },
          (up) => {
            res.writeHead(up.statusCode ?? 502, up.headers);
            up.pipe(res);
          },
        );
        upstream.on('error', (err) => {
          if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
          res.end(`locale proxy: bot unreachable (${err.message})`);
        });
        upstream.end(body);
      })
      .catch((err: unknown) => {
        res.writeHead(400, { 'content-type': 'text/plain' });
        res.end(`locale proxy: ${err instanceof Error ? err.message : String(err)}`);
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/api/messages`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
