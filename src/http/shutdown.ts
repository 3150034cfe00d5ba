import type { Server, ServerResponse } from 'node:http';

/**
 * Graceful HTTP drain for shutdown. Tracks requests in flight (a Bot Framework request lasts as
 * long as its turn); `drain` stops accepting connections, closes idle keep-alive sockets, answers
 * every request still running (and any that arrives on an open socket) with `Connection: close`,
 * and waits for them up to a deadline, after which the remaining sockets are destroyed.
 */
export class HttpDrain {
  private readonly inFlight = new Set<ServerResponse>();
  private draining = false;
  private settled?: () => void;

  constructor(private readonly server: Server) {
    server.on('request', (_req, res: ServerResponse) => {
      this.inFlight.add(res);
      if (this.draining) this.closeAfter(res);
      res.once('close', () => {
        this.inFlight.delete(res);
        if (!this.draining) return;
        this.server.closeIdleConnections();
        if (this.inFlight.size === 0) this.settled?.();
      });
    });
  }

  get requestsInFlight(): number {
    return this.inFlight.size;
  }

  /** Resolves with the number of requests cut off at the deadline (0 when all finished). */
  async drain(timeoutMs: number): Promise<number> {
    this.draining = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    for (const res of this.inFlight) this.closeAfter(res);
    if (this.inFlight.size > 0) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        new Promise<void>((resolve) => (this.settled = resolve)),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
      ]);
      clearTimeout(timer);
    }
    const cutOff = this.inFlight.size;
    this.server.closeAllConnections();
    await closed;
    return cutOff;
  }

  private closeAfter(res: ServerResponse): void {
    if (!res.headersSent) res.setHeader('Connection', 'close');
  }
}
