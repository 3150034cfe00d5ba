import type { Logger } from '../core/logger';
import { abortable, abortError, deadline, timerSleep, type Sleep } from './abort';
import type { GraphCertificateCredential } from './certificate';
import type { GraphPermission } from './consent';
import { parseRetryAfter } from '../core/retryAfter';
import { trimEndChars } from '../core/trimEnd';
import { traceGraphFetch } from '../telemetry/httpClients';
import { GraphError, graphErrorFromResponse } from './graphErrors';
import { DEFAULT_AUTHORITY_HOST, MsalTokenProvider, type TokenProvider } from './tokenProvider';

/** @internal Exported for the tests as well. */
export interface GraphRequestOptions {
  signal?: AbortSignal;
  /** The application permission this call needs: named in the error when Graph answers 403. */
  requiredPermission?: GraphPermission;
}

interface GraphResponse<T> {
  status: number;
  body: T;
}

/** App-only, read-only Microsoft Graph access for one app registration across tenants. */
export interface GraphClient {
  /**
   * GET `${graphBaseUrl}/v1.0${path}` in `tenantId` (path starts with "/" and carries its own query),
   * or an absolute `@odata.nextLink` on the same Graph host. Rejects only with GraphError.
   */
  get<T>(tenantId: string, path: string, opts?: GraphRequestOptions): Promise<GraphResponse<T>>;
}

export interface GraphClientSettings {
  clientId: string;
  clientSecret?: string;
  certificate?: GraphCertificateCredential;
  /** Default login.microsoftonline.com. */
  authorityHost?: string;
  /** Default https://graph.microsoft.com (no trailing /v1.0). */
  graphBaseUrl?: string;
  /** Budget for one get(), token and one Retry-After wait included. Default 5000. */
  timeoutMs?: number;
  /** Longest Retry-After honoured on a 429 (once); longer ones give up at once. Default 5000. */
  maxRetryAfterMs?: number;
}

interface GraphClientDeps {
  logger: Logger;
  /** Defaults to an MsalTokenProvider built from the settings. */
  tokenProvider?: TokenProvider;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
  sleep?: Sleep;
  now?: () => number;
}

const GRAPH_DEFAULTS = {
  authorityHost: DEFAULT_AUTHORITY_HOST,
  graphBaseUrl: 'https://graph.microsoft.com',
  timeoutMs: 5000,
  maxRetryAfterMs: 5000,
} as const;

/** Whole seconds, rounded up, for the card that tells the admin how long Graph asked to wait. */
const inSeconds = (ms: number | undefined): number | undefined =>
  ms === undefined ? undefined : Math.ceil(ms / 1000);

/** Used when a 429 carries no Retry-After. */
const RETRY_WITHOUT_HEADER_MS = 1000;

export function createGraphClient(settings: GraphClientSettings, deps: GraphClientDeps): GraphClient {
  const graphBaseUrl = trimEndChars(settings.graphBaseUrl ?? GRAPH_DEFAULTS.graphBaseUrl, '/');
  const tokenProvider =
    deps.tokenProvider ??
    new MsalTokenProvider(
      {
        clientId: settings.clientId,
        clientSecret: settings.clientSecret,
        certificate: settings.certificate,
        authorityHost: settings.authorityHost ?? GRAPH_DEFAULTS.authorityHost,
        scope: `${graphBaseUrl}/.default`,
      },
      deps.logger,
    );
  return new HttpGraphClient(graphBaseUrl, tokenProvider, settings, deps);
}

class HttpGraphClient implements GraphClient {
  private readonly log: Logger;
  private readonly fetchFn: typeof fetch;
  private readonly sleep: Sleep;
  private readonly now: () => number;
  private readonly timeoutMs: number;
  private readonly maxRetryAfterMs: number;

  constructor(
    private readonly graphBaseUrl: string,
    private readonly tokens: TokenProvider,
    settings: GraphClientSettings,
    deps: GraphClientDeps,
  ) {
    this.log = deps.logger.child({ component: 'graph' });
    // Looked up at call time so a replaced global fetch (tests) is honoured.
    this.fetchFn = traceGraphFetch(deps.fetch ?? ((input, init) => fetch(input, init)), graphBaseUrl);
    this.sleep = deps.sleep ?? timerSleep;
    this.now = deps.now ?? Date.now;
    this.timeoutMs = settings.timeoutMs ?? GRAPH_DEFAULTS.timeoutMs;
    this.maxRetryAfterMs = settings.maxRetryAfterMs ?? GRAPH_DEFAULTS.maxRetryAfterMs;
  }

  async get<T>(tenantId: string, path: string, opts: GraphRequestOptions = {}): Promise<GraphResponse<T>> {
    const url = this.resolve(path);
    const logPath = url.slice(this.graphBaseUrl.length);
    const started = this.now();
    const limit = deadline(this.timeoutMs, opts.signal, `Graph GET ${logPath.split('?')[0]}`);
    try {
      const token = await abortable(this.tokens.getToken(tenantId, limit.signal), limit.signal);
      for (let attempt = 0; ; attempt++) {
        const response = await this.send(url, token, limit.signal);
        if (response.status === 429 && attempt === 0) {
          const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.now());
          const waitMs = retryAfterMs ?? RETRY_WITHOUT_HEADER_MS;
          const remainingMs = this.timeoutMs - (this.now() - started);
          await response.body?.cancel();
          if (waitMs <= this.maxRetryAfterMs && waitMs < remainingMs) {
            this.log.info({ tenantId, path: logPath, waitMs }, 'Graph throttled; retrying once');
            await this.sleep(waitMs, limit.signal);
            continue;
          }
          throw graphErrorFromResponse(429, undefined, {
            path: logPath,
            requiredPermission: opts.requiredPermission,
            retryAfterSeconds: inSeconds(retryAfterMs),
          });
        }
        const body = await this.readJson(response, limit.signal);
        if (!response.ok) {
          throw graphErrorFromResponse(response.status, body, {
            path: logPath,
            requiredPermission: opts.requiredPermission,
            retryAfterSeconds: inSeconds(parseRetryAfter(response.headers.get('retry-after'), this.now())),
          });
        }
        this.log.debug(
          { tenantId, path: logPath, status: response.status, ms: this.now() - started },
          'Graph call',
        );
        return { status: response.status, body: body as T };
      }
    } catch (err) {
      const graphError =
        err instanceof GraphError ? err : new GraphError('failed', 'Graph call failed', {}, { cause: err });
      this.log.warn(
        {
          tenantId,
          path: logPath,
          reason: graphError.reason,
          code: graphError.code,
          status: graphError.details.status,
          serviceCode: graphError.details.serviceCode,
          ms: this.now() - started,
        },
        'Graph call unavailable',
      );
      throw graphError;
    } finally {
      limit.dispose();
    }
  }

  /** Only Graph's own host ever receives the token, whatever a nextLink says. */
  private resolve(path: string): string {
    if (path.startsWith('/')) {
      return `${this.graphBaseUrl}/v1.0${path}`;
    }
    if (path.startsWith(`${this.graphBaseUrl}/`)) {
      return path;
    }
    throw new GraphError('failed', 'refusing a Graph URL outside the configured Graph host');
  }

  private async send(url: string, token: string, signal: AbortSignal): Promise<Response> {
    try {
      return await this.fetchFn(url, {
        method: 'GET',
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        signal,
      });
    } catch (err) {
      if (signal.aborted) {
        throw abortError(signal);
      }
      throw new GraphError('network', 'Graph could not be reached', {}, { cause: err });
    }
  }

  private async readJson(response: Response, signal: AbortSignal): Promise<unknown> {
    let text: string;
    try {
      text = await response.text();
    } catch (err) {
      if (signal.aborted) {
        throw abortError(signal);
      }
      throw new GraphError(
        'network',
        'Graph answer was cut off',
        { status: response.status },
        { cause: err },
      );
    }
    if (text === '') {
      return undefined;
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      if (!response.ok) {
        return undefined;
      }
      throw new GraphError('failed', 'Graph answered with something other than JSON', {
        status: response.status,
      });
    }
  }
}
