import assert from 'node:assert/strict';
import sinon from 'sinon';
import { createGraphClient, type GraphClient } from '../../src/tenantChecks/graphClient';
import { GraphError, type GraphFailureReason } from '../../src/tenantChecks/graphErrors';
import type { TokenProvider } from '../../src/tenantChecks/tokenProvider';
import { silentLogger } from '../../src/core/logger';

const TENANT = '10000000-0000-4000-8000-000000000001';
const BASE = 'https://graph.example.test';

interface Call {
  url: string;
  headers: Headers;
}

type Responder = (signal: AbortSignal) => Promise<Response>;

const respond =
  (status: number, body: unknown, headers: Record<string, string> = {}): Responder =>
  () =>
    Promise.resolve(
      new Response(body === undefined ? null : JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/json', ...headers },
      }),
    );

/** Never answers; rejects like fetch does once the signal aborts. */
const hang: Responder = (signal) =>
  new Promise((_, reject) =>
    signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')), { once: true }),
  );

function scriptedFetch(...responders: Responder[]) {
  const calls: Call[] = [];
  const fn: typeof fetch = (input, init) => {
    calls.push({
      url: typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
      headers: new Headers(init?.headers),
    });
    const next = responders.shift();
    if (!next || !init?.signal) {
      return Promise.reject(new Error('unexpected fetch'));
    }
    return next(init.signal);
  };
  return { fn, calls };
}

const tokens = (token = 'tkn-1'): TokenProvider & { tenants: string[] } => {
  const tenants: string[] = [];
  return {
    tenants,
    getToken: (tenantId) => {
      tenants.push(tenantId);
      return Promise.resolve(token);
    },
  };
};

async function rejection(promise: Promise<unknown>): Promise<GraphError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof GraphError, `not a GraphError: ${String(err)}`);
    return err;
  }
  assert.fail('expected a rejection');
}

describe('GraphClient (HTTP behaviour)', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'Date'],
      now: Date.parse('2026-03-10T12:00:00Z'),
    });
  });
  afterEach(() => clock.restore());

  function client(fetchFn: typeof fetch, tokenProvider: TokenProvider = tokens()): GraphClient {
    return createGraphClient(
      {
        clientId: 'app',
        clientSecret: 'unused',
        graphBaseUrl: `${BASE}/`,
        timeoutMs: 5000,
        maxRetryAfterMs: 5000,
      },
      { logger: silentLogger(), tokenProvider, fetch: fetchFn },
    );
  }

  it('GETs base/v1.0/path with the tenant token and returns the parsed body', async () => {
    const f = scriptedFetch(respond(200, { value: [1] }));
    const provider = tokens('tkn-xyz');
    const result = await client(f.fn, provider).get<{ value: number[] }>(TENANT, '/subscribedSkus');
    assert.deepEqual(result, { status: 200, body: { value: [1] } });
    assert.equal(f.calls[0].url, `${BASE}/v1.0/subscribedSkus`);
    assert.equal(f.calls[0].headers.get('authorization'), 'Bearer tkn-xyz');
    assert.deepEqual(provider.tenants, [TENANT]);
  });

  it('on 429 waits exactly Retry-After seconds, retries once, and returns the answer', async () => {
    const f = scriptedFetch(respond(429, undefined, { 'retry-after': '2' }), respond(200, { value: [] }));
    const pending = client(f.fn).get(TENANT, '/organization');
    await clock.tickAsync(1999);
    assert.equal(f.calls.length, 1, 'not retried before Retry-After');
    await clock.tickAsync(1);
    assert.equal((await pending).status, 200);
    assert.equal(f.calls.length, 2);
  });

  it('honours a Retry-After given as an HTTP date', async () => {
    const f = scriptedFetch(
      respond(429, undefined, { 'retry-after': 'Tue, 10 Mar 2026 12:00:03 GMT' }),
      respond(200, { value: [] }),
    );
    const pending = client(f.fn).get(TENANT, '/organization');
    await clock.tickAsync(2999);
    assert.equal(f.calls.length, 1);
    await clock.tickAsync(1);
    assert.equal((await pending).status, 200);
  });

  it('gives up at once with "throttled" when Retry-After is beyond the cap', async () => {
    const f = scriptedFetch(respond(429, undefined, { 'retry-after': '30' }));
    const err = await rejection(client(f.fn).get(TENANT, '/organization'));
    assert.equal(err.reason, 'throttled');
    assert.equal(err.details.retryAfterSeconds, 30);
    assert.equal(f.calls.length, 1);
  });

  it('retries only once: a second 429 is "throttled"', async () => {
    const f = scriptedFetch(
      respond(429, undefined, { 'retry-after': '1' }),
      respond(429, { error: { code: 'TooManyRequests' } }, { 'retry-after': '1' }),
      respond(200, {}),
    );
    const pending = rejection(client(f.fn).get(TENANT, '/organization'));
    await clock.tickAsync(1000);
    const err = await pending;
    assert.equal(err.reason, 'throttled');
    assert.equal(f.calls.length, 2);
  });

  it('a call that never answers rejects with "timeout" at the budget, not before', async () => {
    const f = scriptedFetch(hang);
    let settled: GraphFailureReason | undefined;
    const pending = rejection(client(f.fn).get(TENANT, '/organization')).then((e) => (settled = e.reason));
    await clock.tickAsync(4999);
    assert.equal(settled, undefined);
    await clock.tickAsync(1);
    assert.equal(await pending, 'timeout');
  });

  it('a token that never comes also ends in "timeout"', async () => {
    const f = scriptedFetch();
    const stuck: TokenProvider = { getToken: () => new Promise<string>(() => undefined) };
    const pending = rejection(client(f.fn, stuck).get(TENANT, '/organization'));
    await clock.tickAsync(5000);
    assert.equal((await pending).reason, 'timeout');
    assert.equal(f.calls.length, 0);
  });

  it('a failing connection is "network"', async () => {
    const f = scriptedFetch(() => Promise.reject(new TypeError('fetch failed')));
    assert.equal((await rejection(client(f.fn).get(TENANT, '/organization'))).reason, 'network');
  });

  it('names the expected permission on 403 and maps 404', async () => {
    const f = scriptedFetch(
      respond(403, { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges' } }),
      respond(404, { error: { code: 'Request_ResourceNotFound', message: 'nope' } }),
    );
    const c = client(f.fn);
    const forbidden = await rejection(c.get(TENANT, '/users/x', { requiredPermission: 'User.Read.All' }));
    assert.equal(forbidden.reason, 'forbidden');
    assert.equal(forbidden.details.missingPermission, 'User.Read.All');
    assert.equal((await rejection(c.get(TENANT, '/users/y'))).reason, 'notFound');
  });

  it('follows a nextLink on the Graph host but never sends the token elsewhere', async () => {
    const f = scriptedFetch(respond(200, { value: [] }));
    const c = client(f.fn);
    await c.get(TENANT, `${BASE}/v1.0/auditLogs/directoryAudits?$skiptoken=abc`);
    assert.equal(f.calls[0].url, `${BASE}/v1.0/auditLogs/directoryAudits?$skiptoken=abc`);
    const err = await rejection(c.get(TENANT, 'https://evil.example.test/v1.0/x'));
    assert.equal(err.reason, 'failed');
    assert.equal(f.calls.length, 1);
  });

  it('a 200 that is not JSON is "failed"', async () => {
    const f = scriptedFetch(() => Promise.resolve(new Response('<html>proxy login</html>', { status: 200 })));
    assert.equal((await rejection(client(f.fn).get(TENANT, '/organization'))).reason, 'failed');
  });
});
