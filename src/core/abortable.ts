/**
 * Waiting with a way out. Everything here runs on the global setTimeout, so fake timers drive it
 * in tests; that is why `deadline` does not use `AbortSignal.timeout` (its timer is internal to
 * Node and cannot be faked).
 */

/** The reason a signal aborted with, as an Error (`abort()` without one gives an AbortError DOMException). */
function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new Error(String(reason));
}

/** Waits `ms`; rejects with the signal's reason as soon as the signal aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const sleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Settles with `promise`, or rejects with the signal's reason as soon as it aborts (the promise keeps running). */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    // Still observe the promise so a later rejection is not reported as unhandled.
    promise.catch(() => undefined);
    return Promise.reject(abortReason(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortReason(signal));
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
 * A signal that aborts with `timeoutReason()` after `ms`, or with the parent's reason when the
 * parent aborts first (`AbortSignal.any`). Call `dispose()` when done so the timer does not outlive the work.
 */
export function deadline(
  ms: number,
  timeoutReason: () => unknown,
  parent?: AbortSignal,
): { signal: AbortSignal; dispose: () => void } {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(timeoutReason()), ms);
  return {
    signal: parent ? AbortSignal.any([parent, timeout.signal]) : timeout.signal,
    dispose: () => clearTimeout(timer),
  };
}
