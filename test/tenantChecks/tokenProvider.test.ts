/**
 * MsalTokenProvider with the real msal-node client; msal's HTTP goes through the global fetch,
 * which these tests replace with a scripted Entra token service (no socket is opened).
 */
import assert from 'node:assert/strict';
import sinon from 'sinon';
import { GraphError } from '../../src/tenantChecks/graphErrors';
import { MsalTokenProvider } from '../../src/tenantChecks/tokenProvider';
import { silentLogger } from '../../src/core/logger';

const T1 = '10000000-0000-4000-8000-000000000001';
const T2 = '10000000-0000-4000-8000-000000000002';

interface Seen {
  url: string;
  method: string;
}

function fakeEntra(tokenAnswer: (n: number) => Promise<Response> | undefined) {
  const seen: Seen[] = [];
  let tokenPosts = 0;
  const json = (body: unknown) =>
    Promise.resolve(new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } }));
  sinon.stub(globalThis, 'fetch').callsFake((input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    seen.push({ url: `${url.origin}${url.pathname}`, method: init?.method ?? 'GET' });
    const tenant = url.pathname.split('/')[1];
    if (url.pathname.endsWith('/v2.0/.well-known/openid-configuration')) {
      const base = `${url.origin}/${tenant}`;
      return json({
        token_endpoint: `${base}/oauth2/v2.0/token`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        issuer: `${base}/v2.0`,
        jwks_uri: `${base}/discovery/v2.0/keys`,
      });
    }
    if (url.pathname.endsWith('/oauth2/v2.0/token')) {
      tokenPosts++;
      return (
        tokenAnswer(tokenPosts) ??
        json({ token_type: 'Bearer', expires_in: 3600, access_token: `tok-${tenant}-${tokenPosts}` })
      );
    }
    return Promise.reject(new TypeError(`unexpected ${url.href}`));
  });
  return { seen, tokenPosts: () => tokenPosts };
}

const provider = (authorityHost: string) =>
  new MsalTokenProvider(
    { clientId: 'app-id', clientSecret: 'shh', authorityHost, scope: 'https://graph.microsoft.com/.default' },
    silentLogger(),
  );

describe('MsalTokenProvider', () => {
  afterEach(() => sinon.restore());

  it('asks the tenant authority on the configured host; one request per tenant, then its cache', async () => {
    const entra = fakeEntra(() => undefined);
    const tokens = provider('login.example.test');
    const first = await Promise.all([tokens.getToken(T1), tokens.getToken(T1), tokens.getToken(T1)]);
    assert.deepEqual(new Set(first).size, 1);
    assert.equal(await tokens.getToken(T1), first[0]);
    const other = await tokens.getToken(T2);
    assert.notEqual(other, first[0]);
    assert.equal(entra.tokenPosts(), 2);
    const posts = entra.seen.filter((s) => s.method === 'POST').map((s) => s.url);
    assert.deepEqual(posts, [
      `https://login.example.test/${T1}/oauth2/v2.0/token`,
      `https://login.example.test/${T2}/oauth2/v2.0/token`,
    ]);
  });

  it('uses login.microsoftonline.com/{tenant} by default', async () => {
    const entra = fakeEntra(() => undefined);
    await provider('login.microsoftonline.com').getToken(T1);
    assert.ok(entra.seen.some((s) => s.url === `https://login.microsoftonline.com/${T1}/oauth2/v2.0/token`));
  });

  it('stops sharing a token request that has hung for 10 s, so later checks can try again', async () => {
    const clock = sinon.useFakeTimers({ toFake: ['Date'], now: Date.parse('2026-03-10T12:00:00Z') });
    const entra = fakeEntra((n) => (n === 1 ? new Promise<Response>(() => undefined) : undefined));
    const tokens = provider('login.example.test');
    const gaveUp = new AbortController();
    const stuck = tokens.getToken(T1, gaveUp.signal);
    // wait until msal has reached the token endpoint
    while (entra.tokenPosts() === 0) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    gaveUp.abort(new GraphError('timeout', 'budget spent'));
    await assert.rejects(stuck, (err: unknown) => err instanceof GraphError && err.reason === 'timeout');

    const shared = new AbortController();
    const stillShared = tokens.getToken(T1, shared.signal);
    shared.abort();
    await assert.rejects(stillShared, GraphError);
    assert.equal(entra.tokenPosts(), 1, 'a second caller within 10 s joins the request in flight');

    clock.tick(10_001);
    assert.equal(await tokens.getToken(T1), `tok-${T1}-2`);
  });

  it('refuses a tenant id that is not a GUID or domain, before any request', async () => {
    const entra = fakeEntra(() => undefined);
    await assert.rejects(provider('login.example.test').getToken('../common'), (err: unknown) => {
      return err instanceof GraphError && err.reason === 'notFound';
    });
    assert.equal(entra.seen.length, 0);
  });

  it('needs a secret or a certificate', () => {
    assert.throws(
      () =>
        new MsalTokenProvider(
          { clientId: 'a', authorityHost: 'login.microsoftonline.com', scope: 's' },
          silentLogger(),
        ),
      /secret or a certificate/,
    );
  });
});
