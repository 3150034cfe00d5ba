import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConnectorCall } from './clicks';

export type ReceivedActivity = ConnectorCall;

/**
 * A lean stand-in for the Bot Connector (the activities' serviceUrl) for load: answers every send and update
 * at once and keeps, per conversation, only what arrived since the load generator last took it.
 */
export class BenchConnector {
  private server?: Server;
  private counter = 0;
  private readonly inbox = new Map<string, ReceivedActivity[]>();
  calls = 0;
  connections = 0;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const match = /\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/.exec(req.url ?? '');
        if (!match) {
          res.writeHead(404).end();
          return;
        }
        this.calls += 1;
        const conversationId = decodeURIComponent(match[1]);
        const method = req.method ?? 'POST';
        const body = Buffer.concat(chunks).toString('utf8');
        const activity = body ? (JSON.parse(body) as Record<string, unknown>) : {};
        this.counter += 1;
        // A POST is a new chat message (its id is ours to give); a PUT updates the one its URL names.
        const id = method === 'PUT' && match[2] ? decodeURIComponent(match[2]) : `activity-${this.counter}`;
        const list = this.inbox.get(conversationId) ?? [];
        list.push({ method, activity, id });
        this.inbox.set(conversationId, list);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id }));
      });
    });
    this.server.keepAliveTimeout = 60_000;
    this.server.on('connection', () => (this.connections += 1));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  /** What the target sent to this conversation since the last call (and forgets it). */
  take(conversationId: string): ReceivedActivity[] {
    const list = this.inbox.get(conversationId) ?? [];
    this.inbox.delete(conversationId);
    return list;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
