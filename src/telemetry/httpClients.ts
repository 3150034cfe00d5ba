import { httpFailureOf } from '../proactive/httpFailure';
import { ATTRIBUTES, SPANS } from './names';
import { telemetry, telemetryEnabled } from './port';

/**
 * Client spans and metrics for the two HTTP services the bot calls, wrapped at our own call sites
 * (no global patching of node:http): the Bot Connector client's `sendOperationRequest`, and the Graph
 * client's fetch. Spans are named by the operation's path template (`v3/conversations/{conversationId}/…`),
 * never the URL, which carries conversation and user ids.
 */

interface OperationSpec {
  httpMethod?: string;
  path?: string;
}

interface ConnectorClientLike {
  sendOperationRequest(args: unknown, spec: OperationSpec, callback?: unknown): Promise<unknown>;
}

const statusOf = (response: unknown): number | undefined => {
  const status = (response as { _response?: { status?: unknown } } | undefined)?._response?.status;
  return typeof status === 'number' ? status : undefined;
};

/** Wraps one ConnectorClient (src/http/connectorCache.ts makes one per service URL); a no-op when off. */
export function traceConnectorClient<C>(client: C): C {
  if (!telemetryEnabled()) return client;
  const target = client as unknown as ConnectorClientLike;
  if (typeof target.sendOperationRequest !== 'function') return client;
  const original = target.sendOperationRequest.bind(target);
  target.sendOperationRequest = (args, spec, callback) => {
    const method = spec.httpMethod ?? 'GET';
    const operation = `${method} ${spec.path ?? '?'}`;
    const started = performance.now();
    return telemetry().span(
      `${SPANS.connector} ${operation}`,
      { kind: 'client', attributes: { [ATTRIBUTES.operation]: operation, [ATTRIBUTES.httpMethod]: method } },
      async (span) => {
        let status: number | undefined;
        try {
          const response = await original(args, spec, callback);
          status = statusOf(response) ?? 200;
          return response;
        } catch (err) {
          status = httpFailureOf(err).status;
          span.fail(status ? String(status) : 'network');
          throw err;
        } finally {
          const attributes = { [ATTRIBUTES.operation]: operation, [ATTRIBUTES.httpStatus]: status ?? 0 };
          span.set({ [ATTRIBUTES.httpStatus]: status });
          telemetry().add('connectorCalls', 1, attributes);
          telemetry().record('connectorDuration', (performance.now() - started) / 1000, {
            [ATTRIBUTES.httpMethod]: method,
            [ATTRIBUTES.serverAddress]: 'botframework',
            [ATTRIBUTES.httpStatus]: status ?? 0,
          });
          if (status === 429) telemetry().add('connectorThrottled', 1, { [ATTRIBUTES.operation]: operation });
        }
      },
    );
  };
  return client;
}

type Fetch = typeof fetch;

/** Graph's fetch as client spans: `graph GET /v1.0/organization`, ids in the path hashed by the scrubber. */
export function traceGraphFetch(fetchFn: Fetch, baseUrl: string): Fetch {
  return (input, init) => {
    if (!telemetryEnabled()) return fetchFn(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const path = (url.startsWith(baseUrl) ? url.slice(baseUrl.length) : url).split('?')[0];
    const started = performance.now();
    return telemetry().span(
      `${SPANS.graph} GET`,
      {
        kind: 'client',
        attributes: { [ATTRIBUTES.operation]: `GET ${path}`, [ATTRIBUTES.httpMethod]: 'GET' },
      },
      async (span) => {
        let status = 0;
        try {
          const response = await fetchFn(input, init);
          status = response.status;
          if (!response.ok) span.fail(String(status));
          return response;
        } catch (err) {
          span.fail('network');
          throw err;
        } finally {
          span.set({ [ATTRIBUTES.httpStatus]: status });
          telemetry().add('graphCalls', 1, { [ATTRIBUTES.httpStatus]: status });
          telemetry().record('connectorDuration', (performance.now() - started) / 1000, {
            [ATTRIBUTES.httpMethod]: 'GET',
            [ATTRIBUTES.serverAddress]: 'graph',
            [ATTRIBUTES.httpStatus]: status,
          });
          if (status === 429) telemetry().add('graphThrottled', 1);
        }
      },
    );
  };
}
