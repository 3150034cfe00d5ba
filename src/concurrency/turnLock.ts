/**
 * Runs work one at a time per key: the turns of one conversation in this process. Anything that
 * serialises turns (this lock, a storage lease) implements TurnGate.
 */
export interface TurnGate {
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
}

/**
 * A keyed async lock. Each key holds only the tail of its queue and is forgotten as soon as its
 * queue is empty, so the map never grows beyond the conversations with a turn in flight.
 */
export class KeyedLock implements TurnGate {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    try {
      await previous;
      return await work();
    } finally {
      release();
      // Only the last waiter removes the key; a later arrival has replaced the tail.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
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
