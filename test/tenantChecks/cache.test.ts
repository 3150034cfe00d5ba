import assert from 'node:assert/strict';
import { TenantCheckCache } from '../../src/tenantChecks/cache';
import type { CheckResult, TenantCheckReport } from '../../src/tenantChecks/checkTypes';
import type {
  TenantCheckInput,
  TenantCheckRunners,
  TenantWideReport,
  UserCheckReport,
} from '../../src/tenantChecks/tenantChecks';

const T1 = '10000000-0000-4000-8000-000000000001';
const T2 = '10000000-0000-4000-8000-000000000002';

const ok: CheckResult<unknown> = { status: 'ok', verdict: 'pass', evidence: {} };
const down: CheckResult<unknown> = {
  status: 'unavailable',
  verdict: 'unknown',
  reason: 'timeout',
  code: 'WB-GRAPH-504',
};

function tenantReport(input: Omit<TenantCheckInput, 'userAadObjectId'>, healthy = true): TenantWideReport {
  return {
    tenantId: input.tenantId,
    checkedAt: input.now.toISOString(),
    licences: (healthy ? ok : down) as TenantCheckReport['licences'],
    directorySync: ok as TenantCheckReport['directorySync'],
    writebackFailures: ok as TenantCheckReport['writebackFailures'],
  };
}

function userReport(input: TenantCheckInput, healthy = true): UserCheckReport {
  return {
    checkedAt: input.now.toISOString(),
    adminAccount: (healthy ? ok : down) as TenantCheckReport['adminAccount'],
    adminRoles: ok as TenantCheckReport['adminRoles'],
  };
}

/** Records every run: [kind, tenant, user]. */
function harness(
  options: { healthy?: () => boolean; userHealthy?: () => boolean; maxEntries?: number } = {},
) {
  let now = Date.parse('2026-03-10T12:00:00Z');
  const runs: Array<[string, string, string | undefined]> = [];
  const runners: TenantCheckRunners = {
    tenantWide: (input) => {
      runs.push(['tenant', input.tenantId, undefined]);
      return Promise.resolve(tenantReport(input, options.healthy?.() ?? true));
    },
    perUser: (input) => {
      runs.push(['user', input.tenantId, input.userAadObjectId]);
      return Promise.resolve(userReport(input, options.userHealthy?.() ?? true));
    },
  };
  const cache = new TenantCheckCache(runners, {
    ttlMs: 60_000,
    incompleteTtlMs: 10_000,
    maxEntries: options.maxEntries ?? 3,
    now: () => now,
  });
  const count = (kind: string) => runs.filter((r) => r[0] === kind).length;
  return { cache, runs, count, advance: (ms: number) => (now += ms) };
}

describe('TenantCheckCache', () => {
  it('reuses a report within the TTL and runs again after it', async () => {
    const h = harness();
    const first = await h.cache.get(T1);
    h.advance(59_999);
    assert.deepEqual(await h.cache.get(T1), first);
    assert.equal(h.runs.length, 1);
    h.advance(1);
    const second = await h.cache.get(T1);
    assert.equal(h.runs.length, 2);
    assert.notEqual(second.checkedAt, first.checkedAt, 'the new run got the current time');
  });

  it('asks Graph about the tenant once for all its admins, and about each admin once', async () => {
    const h = harness({ maxEntries: 10 });
    const admins = ['a1', 'a2', 'a3', 'a4'];
    const reports = await Promise.all(admins.map((a) => h.cache.get(T1, a)));
    for (const a of admins) await h.cache.get(T1, a);
    assert.equal(h.count('tenant'), 1);
    assert.deepEqual(
      h.runs.filter((r) => r[0] === 'user').map((r) => r[2]),
      admins,
    );
    for (const report of reports) {
      assert.equal(report.tenantId, T1);
      assert.ok(report.adminAccount && report.adminRoles && report.licences);
    }
  });

  it('keeps a result with an unavailable check only for the short TTL, per half', async () => {
    const h = harness({ userHealthy: () => false });
    await h.cache.get(T1, 'u1');
    h.advance(9_999);
    await h.cache.get(T1, 'u1');
    assert.deepEqual([h.count('tenant'), h.count('user')], [1, 1]);
    h.advance(1);
    await h.cache.get(T1, 'u1');
    assert.deepEqual([h.count('tenant'), h.count('user')], [1, 2], 'only the incomplete user half again');
  });

  it('shares one run between concurrent requests for the same tenant and user', async () => {
    const releases: Array<() => void> = [];
    const runners: TenantCheckRunners = {
      tenantWide: (input) => new Promise((resolve) => releases.push(() => resolve(tenantReport(input)))),
      perUser: (input) => new Promise((resolve) => releases.push(() => resolve(userReport(input)))),
    };
    const cache = new TenantCheckCache(runners);
    const a = cache.get(T1, 'user-a');
    const b = cache.get(T1, 'USER-A');
    const other = cache.get(T1, 'user-b');
    assert.equal(releases.length, 3, 'one tenant run, user-a shared, user-b separate');
    releases.forEach((release) => release());
    assert.deepEqual(await a, await b);
    assert.equal((await other).licences, (await a).licences, 'the same tenant-wide result');
  });

  it('keys per tenant and per user, and invalidate() forgets all of one tenant', async () => {
    const h = harness({ maxEntries: 10 });
    await h.cache.get(T1, 'u1');
    await h.cache.get(T2);
    assert.equal(h.runs.length, 3);
    h.cache.invalidate(T1);
    await h.cache.get(T1, 'u1');
    await h.cache.get(T2);
    assert.deepEqual(h.runs, [
      ['tenant', T1, undefined],
      ['user', T1, 'u1'],
      ['tenant', T2, undefined],
      ['tenant', T1, undefined],
      ['user', T1, 'u1'],
    ]);
  });

  it('does not cache a run that failed', async () => {
    let attempt = 0;
    const cache = new TenantCheckCache({
      tenantWide: (input) =>
        ++attempt === 1 ? Promise.reject(new Error('bug')) : Promise.resolve(tenantReport(input)),
      perUser: (input) => Promise.resolve(userReport(input)),
    });
    await assert.rejects(cache.get(T1), /bug/);
    assert.equal((await cache.get(T1)).tenantId, T1);
    assert.equal(attempt, 2);
  });

  it('drops the oldest result beyond maxEntries', async () => {
    const h = harness({ maxEntries: 2 });
    await h.cache.get(T1);
    await h.cache.get(T2);
    await h.cache.get('10000000-0000-4000-8000-000000000003');
    await h.cache.get(T2);
    assert.equal(h.runs.length, 3, 'T2 still cached');
    await h.cache.get(T1);
    assert.equal(h.runs.length, 4, 'T1 was evicted');
  });
});
