import { BotError, ErrorCodes } from '../core/errors';
import { traceLockWait } from '../telemetry/tracing';

/**
 * Runs work one at a time per key: the turns of one conversation in this process. Anything that
 * serialises turns (this lock, a storage lease) implements TurnGate.
 */
export interface TurnGate {
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
}

/**
 * A keyed async lock. Each key holds only the tail of its queue and is forgotten as soon as its
 * queue is empty, so the map never grows beyond the conversations with a turn in flight. A turn that
 * waits longer than `maxWaitMs` (a hung turn ahead of it) gives up with ErrorCodes.TURN_BUSY; the order of
 * the turns behind it is kept.
 */
export class KeyedLock implements TurnGate {
  private readonly tails = new Map<string, Promise<void>>();

  constructor(private readonly maxWaitMs = 25_000) {}

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const queued = this.tails.get(key);
    const previous = queued ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    try {
      await (queued ? traceLockWait(() => this.waitFor(previous)) : this.waitFor(previous));
      return await work();
    } finally {
      release();
      // Forget the key once the queue is empty: when this tail has settled (after every turn ahead,
      // even if this one gave up waiting) and no later turn has queued behind it.
      void tail.then(() => {
        if (this.tails.get(key) === tail) this.tails.delete(key);
      });
    }
  }

  private async waitFor(previous: Promise<void>): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), this.maxWaitMs);
      timer.unref();
    });
    const gaveUp = await Promise.race([previous.then(() => false), timedOut]);
    clearTimeout(timer);
    if (gaveUp)
      throw new BotError(ErrorCodes.TURN_BUSY, 'an earlier turn of this conversation is still running');
  }

  /** Keys with a turn running or waiting (for tests and diagnostics). */
  get size(): number {
    return this.tails.size;
  }
}

/** Runs work under `outer`, then under `inner`: e.g. the in-process lock first, then a storage lease. */
export function chainGates(outer: TurnGate, inner: TurnGate | undefined): TurnGate {
  if (!inner) return outer;
  return { run: (key, work) => outer.run(key, () => inner.run(key, work)) };
}
