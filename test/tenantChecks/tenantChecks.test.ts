import assert from 'node:assert/strict';
import sinon from 'sinon';
import type { GraphClient, GraphRequestOptions } from '../../src/tenantChecks/graphClient';
import { GraphError } from '../../src/tenantChecks/graphErrors';
import { runTenantChecks } from '../../src/tenantChecks/tenantChecks';
import {
  auditEvent,
  organization,
  PLAN,
  ROLE,
  roleAssignment,
  sku,
  SKU_ID,
  user,
} from './support/graphFixtures';

const TENANT = '10000000-0000-4000-8000-000000000001';
const ADMIN = 'a0000000-0000-4000-8000-00000000000a';
const NOW = new Date('2026-03-10T12:00:00Z');

type Handler = (path: string) => Promise<unknown>;

/** A GraphClient answering by path prefix, recording what it was asked and with which permission. */
function stubClient(handlers: Record<string, Handler>) {
  const calls: Array<{ path: string; opts?: GraphRequestOptions }> = [];
  const client: GraphClient = {
    get: async <T>(tenantId: string, path: string, opts?: GraphRequestOptions) => {
      assert.equal(tenantId, TENANT);
      calls.push({ path, opts });
      const key = Object.keys(handlers).find((prefix) => path.startsWith(prefix));
      if (!key) {
        throw new Error(`unexpected ${path}`);
      }
      return { status: 200, body: (await handlers[key](path)) as T };
    },
  };
  return { client, calls };
}

const healthy = (): Record<string, Handler> => ({
  '/subscribedSkus': () =>
    Promise.resolve({
      value: [sku('AAD_PREMIUM', SKU_ID.AAD_PREMIUM, [PLAN.P1], { enabled: 2, consumed: 1 })],
    }),
  '/organization': () => Promise.resolve({ value: [organization(true, '2026-03-10T11:50:00Z')] }),
  '/users/': () => Promise.resolve(user(ADMIN, 'a@contoso.com', null)),
  '/roleManagement/': () => Promise.resolve({ value: [roleAssignment(ADMIN, ROLE.globalAdmin)] }),
  '/auditLogs/': () => Promise.resolve({ value: [] }),
});

describe('runTenantChecks', () => {
  it('runs all five checks and asks each with its own least-privilege permission', async () => {
    const { client, calls } = stubClient(healthy());
    const report = await runTenantChecks(client, { tenantId: TENANT, userAadObjectId: ADMIN, now: NOW });
    for (const check of [
      report.licences,
      report.directorySync,
      report.adminAccount,
      report.adminRoles,
      report.writebackFailures,
    ]) {
      assert.equal(check?.status, 'ok');
    }
    const permissionOf = (prefix: string) =>
      calls.find((c) => c.path.startsWith(prefix))?.opts?.requiredPermission;
    assert.equal(permissionOf('/subscribedSkus'), 'Organization.Read.All');
    assert.equal(permissionOf('/organization'), 'Organization.Read.All');
    assert.equal(permissionOf('/users/'), 'User.Read.All');
    assert.equal(permissionOf('/roleManagement/'), 'RoleManagement.Read.Directory');
    assert.equal(permissionOf('/auditLogs/'), 'AuditLog.Read.All');
    assert.equal(report.checkedAt, NOW.toISOString());
  });

  it('one failing call leaves the other checks answered', async () => {
    const handlers = healthy();
    handlers['/organization'] = () =>
      Promise.reject(new GraphError('forbidden', 'denied', { missingPermission: 'Organization.Read.All' }));
    handlers['/auditLogs/'] = () =>
      Promise.reject(new GraphError('throttled', 'slow down', { retryAfterSeconds: 9 }));
    const report = await runTenantChecks(stubClient(handlers).client, {
      tenantId: TENANT,
      userAadObjectId: ADMIN,
      now: NOW,
    });
    assert.deepEqual(report.directorySync, {
      status: 'unavailable',
      verdict: 'unknown',
      reason: 'forbidden',
      code: 'WB-GRAPH-403',
      missingPermission: 'Organization.Read.All',
    });
    assert.equal(
      report.writebackFailures.status === 'unavailable' && report.writebackFailures.retryAfterSeconds,
      9,
    );
    assert.equal(report.licences.status, 'ok');
    assert.equal(report.adminRoles?.status, 'ok');
  });

  it('gives each check its own time budget, even against a client that ignores the signal', async () => {
    const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const handlers = healthy();
      handlers['/users/'] = () => new Promise(() => undefined);
      let done = false;
      const pending = runTenantChecks(
        stubClient(handlers).client,
        { tenantId: TENANT, userAadObjectId: ADMIN, now: NOW },
        { timeoutMs: 2000 },
      ).then((r) => {
        done = true;
        return r;
      });
      await clock.tickAsync(1999);
      assert.equal(done, false);
      await clock.tickAsync(1);
      const report = await pending;
      assert.equal(report.adminAccount?.status === 'unavailable' && report.adminAccount.reason, 'timeout');
      assert.equal(report.adminRoles?.status, 'ok');
    } finally {
      clock.restore();
    }
  });

  it('leaves the admin checks out without a user id, and refuses a malformed one without calling Graph', async () => {
    const none = stubClient(healthy());
    const withoutUser = await runTenantChecks(none.client, { tenantId: TENANT, now: NOW });
    assert.equal(withoutUser.adminAccount, undefined);
    assert.equal(withoutUser.adminRoles, undefined);
    assert.equal(
      none.calls.some((c) => c.path.startsWith('/users/') || c.path.startsWith('/roleManagement/')),
      false,
    );

    const bad = stubClient(healthy());
    const injected = await runTenantChecks(bad.client, {
      tenantId: TENANT,
      userAadObjectId: "x' or 1 eq 1",
      now: NOW,
    });
    assert.equal(injected.adminRoles?.status === 'unavailable' && injected.adminRoles.reason, 'notFound');
    assert.equal(
      bad.calls.some((c) => c.path.startsWith('/roleManagement/')),
      false,
    );
  });

  it('reads audit pages through nextLink up to the limit and marks the count truncated', async () => {
    const handlers = healthy();
    let page = 0;
    handlers['/auditLogs/'] = () =>
      Promise.resolve({ value: [], '@odata.nextLink': `https://graph.example.test/next/${++page}` });
    handlers['https://graph.example.test/next/'] = () => {
      page++;
      return Promise.resolve({
        value: [auditEvent('2026-03-09T10:00:00Z', 'failure', `reason ${page}`)],
        '@odata.nextLink': `https://graph.example.test/next/${page}`,
      });
    };
    const { client, calls } = stubClient(handlers);
    const report = await runTenantChecks(client, { tenantId: TENANT, now: NOW }, { maxAuditPages: 3 });
    assert.equal(calls.filter((c) => c.opts?.requiredPermission === 'AuditLog.Read.All').length, 3);
    assert.equal(report.writebackFailures.status, 'ok');
    if (report.writebackFailures.status === 'ok') {
      assert.equal(report.writebackFailures.evidence.failureCount, 2);
      assert.equal(report.writebackFailures.evidence.truncated, true);
      assert.equal(report.writebackFailures.evidence.since, '2026-03-03T12:00:00Z');
    }
  });

  it('an answer of an unexpected shape is "failed", not a crash', async () => {
    const handlers = healthy();
    handlers['/subscribedSkus'] = () => Promise.resolve('<html>');
    const report = await runTenantChecks(stubClient(handlers).client, { tenantId: TENANT, now: NOW });
    assert.equal(report.licences.status === 'unavailable' && report.licences.reason, 'failed');
    assert.equal(report.directorySync.status, 'ok');
  });
});
