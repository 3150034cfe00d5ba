import { abortable as abortableWork, deadline as deadlineOf, sleep, type Sleep } from '../core/abortable';
import { GraphError } from './graphErrors';

export type { Sleep };

/** What an aborted Graph wait rejects with: the GraphError the deadline put in the signal, else a timeout. */
export function abortError(signal: AbortSignal | undefined): GraphError {
  const reason: unknown = signal?.reason;
  return reason instanceof GraphError ? reason : new GraphError('timeout', 'Graph call cancelled');
}

/** `sleep` that rejects with a GraphError when the signal aborts. */
export const timerSleep: Sleep = (ms, signal) =>
  sleep(ms, signal).catch(() => Promise.reject(abortError(signal)));

/** `abortable` whose abort is a GraphError; the work's own failure passes through unchanged. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  return abortableWork(promise, signal).catch((err: unknown) =>
    Promise.reject(
      signal?.aborted ? abortError(signal) : err instanceof Error ? err : new Error(String(err)),
    ),
  );
}

/** A deadline for a Graph call: aborts with a timeout GraphError after `ms`, or when `parent` aborts. */
export function deadline(
  ms: number,
  parent: AbortSignal | undefined,
  what: string,
): { signal: AbortSignal; dispose: () => void } {
  return deadlineOf(ms, () => new GraphError('timeout', `${what} took longer than ${ms} ms`), parent);
}
