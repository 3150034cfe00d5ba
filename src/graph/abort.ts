import { GraphError } from './graphErrors';

/** Waits `ms`; rejects early when the signal aborts. Uses the global setTimeout so fake timers drive it. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const timerSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** What an aborted wait rejects with: the GraphError the deadline put in the signal, else a timeout. */
export function abortError(signal: AbortSignal | undefined): GraphError {
  const reason: unknown = signal?.reason;
  return reason instanceof GraphError ? reason : new GraphError('timeout', 'Graph call cancelled');
}

/** Settles with `promise`, or rejects as soon as `signal` aborts (the promise keeps running). */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) {
    return promise;
  }
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) {
      // Still observe the promise so a later rejection is not reported as unhandled.
      promise.catch(() => undefined);
      reject(abortError(signal));
      return;
    }
    const onAbort = (): void => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

/**
 * An AbortController that aborts with a timeout GraphError after `ms`, or when `parent` aborts.
 * Call `dispose()` when done so neither the timer nor the listener outlives the call.
 */
export function deadline(
  ms: number,
  parent: AbortSignal | undefined,
  what: string,
): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new GraphError('timeout', `${what} took longer than ${ms} ms`)),
    ms,
  );
  const onParentAbort = (): void => controller.abort(abortError(parent));
  if (parent?.aborted) {
    onParentAbort();
  } else {
    parent?.addEventListener('abort', onParentAbort, { once: true });
  }
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onParentAbort);
    },
  };
}
