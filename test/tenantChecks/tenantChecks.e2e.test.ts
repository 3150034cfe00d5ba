/**
 * End to end: the real msal ConfidentialClientApplication and the real global fetch, in a child
 * process that trusts the fake through NODE_EXTRA_CA_CERTS, against a loopback HTTPS fake of the
 * Entra token service and Graph.
 */
import assert from 'node:assert/strict';
import { createHash, createPublicKey, verify, X509Certificate, constants } from 'node:crypto';
import type { GraphClientSettings, TenantCheckReport } from '../../src/tenantChecks';
import type { RunnerRequest, RunnerResult } from './support/checkRunner';
import { FakeGraphServer } from './support/fakeGraphServer';
import {
  CLIENT_ID,
  CLOUD_ADMIN,
  minutesBefore,
  NOW,
  seedScenarioTenants,
  SYNCED_ADMIN,
  T,
} from './support/scenarioTenants';
import { runChecksInChild } from './support/runInChild';
import { makeTlsFiles, type TlsFiles } from './support/tlsFiles';

const SECRET = 'Sx8~never-log-this-secret-value';

function okEvidence<K extends keyof TenantCheckReport>(report: TenantCheckReport, check: K) {
  const result = report[check];
  assert.ok(result && typeof result === 'object' && 'status' in result, `${check} missing`);
  assert.equal(result.status, 'ok', `${check}: ${JSON.stringify(result)}`);
  return result as Extract<NonNullable<TenantCheckReport[K]>, { status: 'ok' }>;
}

describe('tenant checks against a fake Entra + Graph over HTTPS (real msal-node)', function () {
  this.timeout(30_000);
  let tls: TlsFiles;
  let fake: FakeGraphServer;

  const settings = (extra: Partial<GraphClientSettings> = {}): GraphClientSettings => ({
    clientId: CLIENT_ID,
    clientSecret: SECRET,
    authorityHost: fake.host,
    graphBaseUrl: fake.origin,
    ...extra,
  });

  /** Runs in a child and checks that no secret, private key or issued token reached a log line. */
  async function run(request: Partial<RunnerRequest> & Pick<RunnerRequest, 'runs'>, ca = true) {
    const result: RunnerResult = await runChecksInChild(
      { settings: settings(), ...request },
      ca ? tls.certPath : undefined,
    );
    const logs = result.logs.join('');
    assert.ok(!logs.includes(SECRET), 'client secret in logs');
    const keyLine = tls.appKey.split('\n')[2];
    assert.ok(keyLine.length > 40 && !logs.includes(keyLine), 'certificate private key in logs');
    for (const token of fake.issuedTokens) {
      assert.ok(!logs.includes(token), 'access token in logs');
    }
    return result;
  }
  const once = async (tenantId: string, userAadObjectId?: string, extra: Partial<RunnerRequest> = {}) =>
    (await run({ runs: [{ tenantId, userAadObjectId, now: NOW.toISOString() }], ...extra })).reports[0];

  before(async () => {
    tls = makeTlsFiles();
    fake = await FakeGraphServer.start(tls);
    seedScenarioTenants(fake);
  });

  after(async () => {
    await fake?.close();
    tls?.remove();
  });

  it('premium tenant (P1): licence, fresh sync, cloud Hybrid Identity Administrator, audit failures over two pages', async () => {
    const report = await once(T.premium, CLOUD_ADMIN);

    const licences = okEvidence(report, 'licences');
    assert.equal(licences.verdict, 'pass');
    assert.equal(licences.evidence.hasP1, true);
    assert.equal(licences.evidence.hasP2, false);
    assert.deepEqual(
      licences.evidence.skus.map((s) => [s.skuPartNumber, s.freeUnits, s.active]),
      [['AAD_PREMIUM', 5, true]],
    );

    const sync = okEvidence(report, 'directorySync');
    assert.equal(sync.verdict, 'pass');
    assert.equal(sync.evidence.syncEnabled, true);
    assert.equal(sync.evidence.minutesSinceLastSync, 12);
    assert.equal(sync.evidence.stale, false);

    const account = okEvidence(report, 'adminAccount');
    assert.equal(account.verdict, 'pass');
    assert.equal(account.evidence.cloudOnly, true);
    assert.equal(account.evidence.userPrincipalName, 'alex@contoso.onmicrosoft.com');
    assert.equal(account.evidence.hasPremiumPlan, true);

    const roles = okEvidence(report, 'adminRoles');
    assert.equal(roles.verdict, 'pass');
    assert.equal(roles.evidence.isHybridIdentityAdmin, true);
    assert.equal(roles.evidence.isGlobalAdmin, false);
    assert.deepEqual(
      roles.evidence.roles.map((r) => r.displayName),
      ['Hybrid Identity Administrator'],
    );

    const audits = okEvidence(report, 'writebackFailures');
    assert.equal(audits.verdict, 'fail');
    assert.equal(audits.evidence.eventCount, 3);
    assert.equal(audits.evidence.failureCount, 2);
    assert.equal(audits.evidence.lastFailure?.resultReason, 'OnPremisesConnectivityFailure');
    assert.equal(audits.evidence.lastFailure?.activityDateTime, minutesBefore(24 * 60));
    assert.equal(audits.evidence.truncated, false);
  });

  it('sends the documented queries: $select on organization, principal filter, SSPR audits of the last 7 days', () => {
    const seen = fake.graphRequestsFor(T.premium);
    const org = seen.find((r) => r.route === 'organization');
    assert.equal(org?.query.$select, 'id,onPremisesSyncEnabled,onPremisesLastSyncDateTime');
    const roles = seen.find((r) => r.route === 'roleAssignments');
    assert.equal(roles?.query.$filter, `principalId eq '${CLOUD_ADMIN}'`);
    const audits = seen.filter((r) => r.route === 'directoryAudits');
    assert.equal(audits.length, 2, 'followed the nextLink to the second page');
    assert.equal(
      audits[0].query.$filter,
      "loggedByService eq 'Self-service Password Management' and activityDateTime ge 2026-03-03T12:00:00Z",
    );
    assert.match(seen.find((r) => r.route === 'users')?.query.$select ?? '', /\bonPremisesSyncEnabled\b/);
  });

  it('no-premium tenant: licence fails, never-synced directory fails, no admin role, no audit events', async () => {
    const report = await once(T.noPremium, CLOUD_ADMIN);
    const licences = okEvidence(report, 'licences');
    assert.equal(licences.verdict, 'fail');
    assert.deepEqual(licences.evidence.skus, []);
    const sync = okEvidence(report, 'directorySync');
    assert.equal(sync.verdict, 'fail');
    assert.equal(sync.evidence.syncEnabled, null);
    assert.equal(sync.evidence.lastSyncDateTime, null);
    assert.equal(okEvidence(report, 'adminAccount').evidence.cloudOnly, true);
    const roles = okEvidence(report, 'adminRoles');
    assert.equal(roles.verdict, 'fail');
    assert.deepEqual(
      roles.evidence.roles.map((r) => r.displayName),
      ['User Administrator'],
    );
    const audits = okEvidence(report, 'writebackFailures');
    assert.equal(audits.verdict, 'pass');
    assert.equal(audits.evidence.failureCount, 0);
    assert.equal(audits.evidence.lastFailure, null);
  });

  it('E5 bundle counts through its AAD_PREMIUM_P2 plan; stale sync, synced admin, 403 on audit logs names AuditLog.Read.All', async () => {
    const report = await once(T.e5, SYNCED_ADMIN);
    const licences = okEvidence(report, 'licences');
    assert.equal(licences.verdict, 'pass');
    assert.equal(licences.evidence.hasP2, true);
    assert.deepEqual(
      licences.evidence.skus.map((s) => [s.skuPartNumber, s.plans, s.freeUnits]),
      [['SPE_E5', ['P2'], 0]],
    );
    const sync = okEvidence(report, 'directorySync');
    assert.equal(sync.verdict, 'fail');
    assert.equal(sync.evidence.stale, true);
    assert.equal(sync.evidence.minutesSinceLastSync, 180);
    const account = okEvidence(report, 'adminAccount');
    assert.equal(account.verdict, 'fail');
    assert.equal(account.evidence.synced, true);
    assert.equal(okEvidence(report, 'adminRoles').evidence.isGlobalAdmin, true);
    assert.deepEqual(report.writebackFailures, {
      status: 'unavailable',
      verdict: 'unknown',
      reason: 'forbidden',
      code: 'WB-GRAPH-403',
      missingPermission: 'AuditLog.Read.All',
    });
  });

  it('429 with Retry-After: waits the asked second, retries once, then answers', async () => {
    const report = await once(T.throttledOnce);
    assert.equal(okEvidence(report, 'licences').verdict, 'pass');
    const calls = fake.graphRequestsFor(T.throttledOnce, 'subscribedSkus');
    assert.equal(calls.length, 2);
    assert.ok(calls[1].at - calls[0].at >= 950, `retried after ${calls[1].at - calls[0].at} ms`);
  });

  it('persistent 429: one retry only, then unavailable "throttled" with the Retry-After', async () => {
    const report = await once(T.throttledAlways);
    assert.deepEqual(report.licences, {
      status: 'unavailable',
      verdict: 'unknown',
      reason: 'throttled',
      code: 'WB-GRAPH-429',
      retryAfterSeconds: 1,
    });
    assert.equal(fake.graphRequestsFor(T.throttledAlways, 'subscribedSkus').length, 2);
  });

  it('a Graph call that never answers becomes "timeout" within the budget; the other checks still answer', async () => {
    const result = await run({
      settings: settings({ timeoutMs: 800 }),
      checkTimeoutMs: 800,
      runs: [{ tenantId: T.slow, now: NOW.toISOString() }],
    });
    const report = result.reports[0];
    assert.equal(report.directorySync.status, 'unavailable');
    assert.equal(report.directorySync.status === 'unavailable' && report.directorySync.reason, 'timeout');
    assert.equal(okEvidence(report, 'licences').verdict, 'pass');
    assert.ok(result.durations[0] >= 700 && result.durations[0] < 2000, `took ${result.durations[0]} ms`);
  });

  it('token endpoint refusing consent (AADSTS65001): every check "notConsented", one token request', async () => {
    const report = await once(T.noConsent, CLOUD_ADMIN);
    for (const check of [
      'licences',
      'directorySync',
      'adminAccount',
      'adminRoles',
      'writebackFailures',
    ] as const) {
      assert.deepEqual(report[check], {
        status: 'unavailable',
        verdict: 'unknown',
        reason: 'notConsented',
        code: 'WB-GRAPH-001',
      });
    }
    assert.equal(fake.tokenRequestsFor(T.noConsent).length, 1);
    assert.equal(fake.graphRequestsFor(T.noConsent).length, 0);
  });

  it('four admins of one tenant at once: tenant-wide calls once, the per-admin calls once per admin', async () => {
    const admins = [CLOUD_ADMIN, 1, 2, 3].map((n) =>
      typeof n === 'string' ? n : `a0000000-0000-4000-8000-00000000010${n}`,
    );
    const routes = ['subscribedSkus', 'organization', 'users', 'roleAssignments'] as const;
    const count = () => routes.map((route) => fake.graphRequestsFor(T.premium, route).length);
    const before = count();
    const result = await run({
      throughCache: true,
      runs: admins.map((userAadObjectId) => ({
        tenantId: T.premium,
        userAadObjectId,
        now: NOW.toISOString(),
      })),
    });
    const calls = count().map((n, i) => n - before[i]);
    assert.deepEqual(calls, [1, 1, 4, 4], routes.join(', '));
    assert.equal(result.reports.length, 4);
    for (const report of result.reports) assert.equal(okEvidence(report, 'licences').evidence.hasP1, true);
    assert.equal(okEvidence(result.reports[0], 'adminAccount').evidence.cloudOnly, true);
  });

  it('requests a token once per tenant and reuses it across checks and runs', async () => {
    const before = (t: string) => fake.tokenRequestsFor(t).length;
    const [premium, noPremium] = [before(T.premium), before(T.noPremium)];
    const now = NOW.toISOString();
    await run({
      runs: [
        { tenantId: T.premium, userAadObjectId: CLOUD_ADMIN, now },
        { tenantId: T.premium, userAadObjectId: CLOUD_ADMIN, now },
        { tenantId: T.noPremium, now },
      ],
    });
    assert.equal(fake.tokenRequestsFor(T.premium).length - premium, 1);
    assert.equal(fake.tokenRequestsFor(T.noPremium).length - noPremium, 1);
    const form = fake.tokenRequestsFor(T.premium).at(-1)?.form;
    assert.equal(form?.grant_type, 'client_credentials');
    assert.equal(form?.client_id, CLIENT_ID);
    assert.equal(form?.client_secret, SECRET);
    assert.equal(form?.scope, `${fake.origin}/.default`);
  });

  it('logs what it did (msal and Graph lines) without the secret or any token', async () => {
    const result = await run({
      runs: [{ tenantId: T.e5, userAadObjectId: SYNCED_ADMIN, now: NOW.toISOString() }],
    });
    const lines = result.logs.map((l) => JSON.parse(l) as { msg: string; msal?: boolean; reason?: string });
    assert.ok(
      lines.some((l) => l.msal),
      'msal logged through the logger',
    );
    assert.ok(lines.some((l) => l.msg === 'Graph call unavailable' && l.reason === 'forbidden'));
    // run() has already asserted that no line holds the secret or an issued token.
  });

  it('certificate credential: signs a client assertion with the app key, thumbprint in x5t#S256', async () => {
    const report = await once(T.certificate, undefined, {
      settings: settings({ clientSecret: undefined }),
      certificatePemPath: tls.appPemPath,
    });
    assert.equal(okEvidence(report, 'licences').verdict, 'pass');
    const form = fake.tokenRequestsFor(T.certificate)[0]?.form;
    assert.equal(form?.client_secret, undefined);
    assert.equal(form?.client_assertion_type, 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    const [header, payload, signature] = (form?.client_assertion ?? '').split('.');
    const decode = (part: string) =>
      JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
    const cert = new X509Certificate(tls.appCert);
    assert.equal(decode(header)['x5t#S256'], createHash('sha256').update(cert.raw).digest('base64url'));
    assert.equal(decode(payload).aud, `${fake.origin}/${T.certificate}/oauth2/v2.0/token`);
    assert.equal(decode(payload).iss, CLIENT_ID);
    const signed = Buffer.from(`${header}.${payload}`);
    const key = createPublicKey(tls.appCert);
    const alg = decode(header).alg;
    const valid =
      alg === 'PS256'
        ? verify(
            'sha256',
            signed,
            { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
            Buffer.from(signature, 'base64url'),
          )
        : verify('sha256', signed, key, Buffer.from(signature, 'base64url'));
    assert.ok(valid, `assertion signature (${String(alg)}) verifies with the app certificate`);
  });

  it('does not trust an unknown certificate: without the CA every check is "network" and no token is sent', async () => {
    const tokensBefore = fake.tokenRequests.length;
    const result = await run({ runs: [{ tenantId: T.premium, now: NOW.toISOString() }] }, false);
    assert.equal(
      result.reports[0].licences.status === 'unavailable' && result.reports[0].licences.reason,
      'network',
    );
    assert.equal(fake.tokenRequests.length, tokensBefore);
  });
});
