import { parseRetryAfter } from '../core/retryAfter';

/**
 * What a failed send tells us: HTTP status, Retry-After, and the Bot Connector's error code.
 * botbuilder's ConnectorClient throws @azure/core-rest-pipeline `RestError`s: `statusCode`,
 * `code`, and `response` (a PipelineResponse whose `headers.get(name)` is case-insensitive and
 * whose `bodyAsText` holds the connector's `{"error":{"code":…}}`).
 */
export interface HttpFailure {
  status?: number;
  /** Milliseconds to wait, from Retry-After (delta seconds or HTTP date). */
  retryAfterMs?: number;
  /** Connector error code (e.g. MessageWritesBlocked) or Node system error code (ECONNRESET). */
  code?: string;
}

/** Network failures that never reached the connector: safe to retry. */
const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'REQUEST_SEND_ERROR',
]);

export function isTransientNetworkFailure(failure: HttpFailure): boolean {
  return (
    failure.status === undefined && failure.code !== undefined && TRANSIENT_NETWORK_CODES.has(failure.code)
  );
}

export function httpFailureOf(err: unknown, now: number = Date.now()): HttpFailure {
  const failure: HttpFailure = {};
  if (typeof err !== 'object' || err === null) return failure;
  const e = err as { statusCode?: unknown; status?: unknown; code?: unknown; response?: unknown };
  const response = isObject(e.response)
    ? (e.response as { status?: unknown; headers?: unknown; bodyAsText?: unknown })
    : undefined;
  const status = [e.statusCode, response?.status, e.status].find((s): s is number => isHttpStatus(s));
  if (status !== undefined) failure.status = status;
  const retryAfterMs = parseRetryAfter(headerOf(response?.headers, 'retry-after'), now);
  if (retryAfterMs !== undefined) failure.retryAfterMs = retryAfterMs;
  const code = connectorErrorCode(response?.bodyAsText) ?? (typeof e.code === 'string' ? e.code : undefined);
  if (code) failure.code = code;
  return failure;
}

function headerOf(headers: unknown, name: string): string | undefined {
  if (!isObject(headers)) return undefined;
  const getter = (headers as { get?: unknown }).get;
  if (typeof getter === 'function') {
    const value: unknown = (getter as (n: string) => unknown).call(headers, name);
    return typeof value === 'string' ? value : undefined;
  }
  for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
    if (key.toLowerCase() === name && typeof value === 'string') return value;
  }
  return undefined;
}

function connectorErrorCode(body: unknown): string | undefined {
  if (typeof body !== 'string' || body.length === 0 || body.length > 100_000) return undefined;
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown } };
    return typeof parsed.error?.code === 'string' ? parsed.error.code : undefined;
  } catch {
    return undefined;
  }
}

function isHttpStatus(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 100 && value <= 599;
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}
