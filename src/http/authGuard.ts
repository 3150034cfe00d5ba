import { AsyncLocalStorage } from 'node:async_hooks';
import type { Activity, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { ErrorCodes, type ErrorCode } from '../core/errors';
import type { Logger } from '../core/logger';

/**
 * Bot Framework authentication of an inbound activity, done before the adapter runs the turn, so that
 * every failure has a clear answer: 401 for anything wrong with the token (bad signature, `alg: none`,
 * HS256, expired or not yet valid, wrong audience/issuer/serviceUrl claim, unknown key, key not
 * endorsed for the channel), 503 when the OpenID metadata or its keys cannot be fetched. The SDK
 * rethrows some jsonwebtoken errors as they are (CloudAdapter would answer them 500 with the error
 * text) and prints them with console.error; both are kept away from the caller and from stderr.
 */

export type AuthenticateRequestResult = Awaited<
  ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>
>;

type Authenticator = Pick<ConfigurationBotFrameworkAuthentication, 'authenticateRequest'>;

export type AuthOutcome =
  { ok: true; result: AuthenticateRequestResult } | { ok: false; status: 401 | 503; code: ErrorCode };

const quietConsole = new AsyncLocalStorage<true>();
let consoleFilterInstalled = false;

/** Drops console output made inside `quietConsole.run` (the SDK's token errors and stacks); the rest passes. */
function installConsoleFilter(): void {
  if (consoleFilterInstalled) return;
  consoleFilterInstalled = true;
  // The SDK writes to the global console; wrapping it is the only way to keep its token errors off stderr.
  const sink = console;
  for (const method of ['error', 'warn', 'log', 'info', 'debug'] as const) {
    const original = sink[method].bind(sink);
    sink[method] = (...args: unknown[]): void => {
      if (quietConsole.getStore()) return;
      original(...args);
    };
  }
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
]);

/** True when the failure is ours to fetch the OpenID metadata / keys, not the caller's token. */
function isMetadataUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { name?: unknown; code?: unknown; statusCode?: unknown; type?: unknown };
  // AuthenticationError with a 5xx status: "Failed to load openID config / Keys".
  if (typeof e.statusCode === 'number' && e.statusCode >= 500) return true;
  if (e.name === 'FetchError') return true;
  return typeof e.code === 'string' && NETWORK_CODES.has(e.code);
}

/** Failure kind for the log: the error class name only (no message: it can carry key ids and claims). */
function kindOf(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { name?: unknown; statusCode?: unknown };
    const name = typeof e.name === 'string' ? e.name : 'Error';
    return typeof e.statusCode === 'number' ? `AuthenticationError(${e.statusCode})` : name;
  }
  return typeof err;
}

/** The SDK fetches the metadata without a timeout: a host that never answers must not hold requests forever. */
class MetadataTimeout extends Error {
  override readonly name = 'FetchError';
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new MetadataTimeout('authentication timed out')), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function createAuthGuard(auth: Authenticator, logger: Logger, options: { timeoutMs?: number } = {}) {
  installConsoleFilter();
  const timeoutMs = options.timeoutMs ?? 10_000;
  return async (activity: Activity, authHeader: string, correlationId: string): Promise<AuthOutcome> => {
    try {
      const authenticate = () => auth.authenticateRequest(activity, authHeader);
      // Without a token the SDK validates nothing, fetches nothing and prints nothing (local mode's every
      // request): no timer, and no filter, so the console's AsyncLocalStorage is not entered and propagates
      // into no promise.
      const result =
        authHeader === ''
          ? await authenticate()
          : await withTimeout(quietConsole.run(true, authenticate), timeoutMs);
      return { ok: true, result };
    } catch (err) {
      const unavailable = isMetadataUnavailable(err);
      const code = unavailable ? ErrorCodes.AUTH_UNAVAILABLE : ErrorCodes.UNAUTHORIZED;
      logger.warn(
        { code, correlationId, kind: kindOf(err), hasAuthorization: authHeader !== '' },
        unavailable ? 'authentication metadata unavailable' : 'authentication failed',
      );
      return { ok: false, status: unavailable ? 503 : 401, code };
    }
  };
}
