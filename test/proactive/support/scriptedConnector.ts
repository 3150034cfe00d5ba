import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface ConnectorRequest {
  method: string;
  url: string;
  activity: Record<string, unknown>;
}

/**
 * A Bot Connector service on 127.0.0.1 that answers from a script (then 201), so the real
 * botbuilder stack meets 429 + Retry-After, 503 and 403 the way Teams sends them.
 */
export class ScriptedConnector {
  readonly requests: ConnectorRequest[] = [];
  readonly script: ConnectorAnswer[] = [];
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        this.requests.push({
          method: req.method ?? '',
          url: req.url ?? '',
          activity: text ? (JSON.parse(text) as Record<string, unknown>) : {},
        });
        const answer = this.script.shift() ?? {
          status: 201,
          body: { id: `activity-${this.requests.length}` },
        };
        res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        res.end(JSON.stringify(answer.body ?? {}));
      });
    });
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export function connectorErrorBody(code: string): { error: { code: string; message: string } } {
  return { error: { code, message: `${code} (scripted)` } };
}
