import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: 'POST' | 'PUT' | 'DELETE';
  conversationId: string;
  /** The activity id in the URL: the replyTo id for POST, the updated activity for PUT. */
  activityId?: string;
  activity: Record<string, unknown>;
  /** The id this fake gave a posted activity (what the bot later uses to update it). */
  assignedId?: string;
}

/** A local stand-in for the Bot Connector service (the activity's serviceUrl): records what the bot sends. */
export class FakeConnector {
  readonly calls: RecordedCall[] = [];
  private server?: Server;
  private counter = 0;
  private waiters: Array<() => void> = [];
  /** Status to answer the next N calls with (e.g. to simulate failures); empty = 200. */
  failures: number[] = [];

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(
        ([status, body]) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        },
        () => {
          res.writeHead(500);
          res.end();
        },
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Messages the bot sent (POST), in order. */
  get sent(): Array<Record<string, unknown>> {
    return this.calls.filter((c) => c.method === 'POST').map((c) => c.activity);
  }

  get updates(): RecordedCall[] {
    return this.calls.filter((c) => c.method === 'PUT');
  }

  clear(): void {
    this.calls.length = 0;
  }

  async waitForCalls(count: number, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.calls.length < count) {
      if (Date.now() > deadline)
        throw new Error(`expected ${count} connector calls, got ${this.calls.length}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  private async handle(req: IncomingMessage): Promise<[number, unknown]> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const match = /\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/.exec(req.url ?? '');
    if (!match) return [404, { error: { code: 'NotFound', message: req.url } }];
    const activity = chunks.length
      ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>)
      : {};
    const method = (req.method ?? 'POST') as RecordedCall['method'];
    const call: RecordedCall = {
      method,
      conversationId: decodeURIComponent(match[1]),
      activityId: match[2] ? decodeURIComponent(match[2]) : undefined,
      activity,
    };
    this.calls.push(call);
    this.waiters.splice(0).forEach((w) => w());
    const failure = this.failures.shift();
    if (failure) return [failure, { error: { code: 'Simulated', message: `status ${failure}` } }];
    if (method === 'PUT') return [200, { id: match[2] }];
    this.counter += 1;
    call.assignedId = `activity-${this.counter}`;
    return [200, { id: call.assignedId }];
  }
}
