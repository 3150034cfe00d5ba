import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A Bot Connector stand-in that answers each call after `delayMs`: keeps a turn in flight. */
export class SlowConnector {
  received = 0;
  answered = 0;
  private server?: Server;

  constructor(private readonly delayMs: number) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.received++;
      req.resume();
      setTimeout(() => {
        this.answered++;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: `slow-${this.answered}` }));
      }, this.delayMs);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  async waitForReceived(count: number, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.received < count) {
      if (Date.now() > deadline) throw new Error(`connector got ${this.received} calls, expected ${count}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
