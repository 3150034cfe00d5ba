import assert from 'node:assert/strict';
import { TenantCheckCache } from '../../src/graph/cache';
import type { CheckResult, TenantCheckReport } from '../../src/graph/checkTypes';
import type { TenantCheckInput } from '../../src/graph/tenantChecks';

const T1 = '10000000-0000-4000-8000-000000000001';
const T2 = '10000000-0000-4000-8000-000000000002';

const ok: CheckResult<unknown> = { status: 'ok', verdict: 'pass', evidence: {} };
const down: CheckResult<unknown> = {
  status: 'unavailable',
  verdict: 'unknown',
  reason: 'timeout',
  code: 'WB-GRAPH-504',
};

function report(input: TenantCheckInput, healthy = true): TenantCheckReport {
  const r = healthy ? ok : down;
  return {
    tenantId: input.tenantId,
    checkedAt: input.now.toISOString(),
    licences: r as TenantCheckReport['licences'],
    directorySync: ok as TenantCheckReport['directorySync'],
    writebackFailures: ok as TenantCheckReport['writebackFailures'],
  };
}

function harness(options: { healthy?: () => boolean } = {}) {
  let now = Date.parse('2026-03-10T12:00:00Z');
  const runs: TenantCheckInput[] = [];
  const cache = new TenantCheckCache(
    (input) => {
      runs.push(input);
      return Promise.resolve(report(input, options.healthy?.() ?? true));
    },
    { ttlMs: 60_000, incompleteTtlMs: 10_000, maxEntries: 2, now: () => now },
  );
  return { cache, runs, advance: (ms: number) => (now += ms) };
}

describe('TenantCheckCache', () => {
  it('reuses a report within the TTL and runs again after it', async () => {
    const h = harness();
    const first = await h.cache.get(T1);
    h.advance(59_999);
    assert.equal(await h.cache.get(T1), first);
    assert.equal(h.runs.length, 1);
    h.advance(1);
    const second = await h.cache.get(T1);
    assert.equal(h.runs.length, 2);
    assert.notEqual(second.checkedAt, first.checkedAt, 'the new run got the current time');
  });

  it('keeps a report with an unavailable check only for the short TTL', async () => {
    const h = harness({ healthy: () => false });
    await h.cache.get(T1);
    h.advance(9_999);
    await h.cache.get(T1);
    assert.equal(h.runs.length, 1);
    h.advance(1);
    await h.cache.get(T1);
    assert.equal(h.runs.length, 2);
  });

  it('shares one run between concurrent requests for the same tenant and user', async () => {
    const releases: Array<() => void> = [];
    const cache = new TenantCheckCache(
      (input) => new Promise((resolve) => releases.push(() => resolve(report(input)))),
    );
    const a = cache.get(T1, 'user-a');
    const b = cache.get(T1, 'USER-A');
    const other = cache.get(T1, 'user-b');
    assert.equal(releases.length, 2, 'user-a shared, user-b separate');
    releases.forEach((release) => release());
    assert.equal(await a, await b);
    assert.notEqual(await other, await a);
  });

  it('keys per tenant and per user, and invalidate() forgets all of one tenant', async () => {
    const h = harness();
    await h.cache.get(T1, 'u1');
    await h.cache.get(T2);
    assert.equal(h.runs.length, 2);
    h.cache.invalidate(T1);
    await h.cache.get(T1, 'u1');
    await h.cache.get(T2);
    assert.equal(h.runs.length, 3);
    assert.deepEqual(
      h.runs.map((r) => [r.tenantId, r.userAadObjectId]),
      [
        [T1, 'u1'],
        [T2, undefined],
        [T1, 'u1'],
      ],
    );
  });

  it('does not cache a run that failed', async () => {
    let attempt = 0;
    const cache = new TenantCheckCache((input) =>
      ++attempt === 1 ? Promise.reject(new Error('bug')) : Promise.resolve(report(input)),
    );
    await assert.rejects(cache.get(T1), /bug/);
    assert.equal((await cache.get(T1)).tenantId, T1);
    assert.equal(attempt, 2);
  });

  it('drops the oldest report beyond maxEntries', async () => {
    const h = harness();
    await h.cache.get(T1);
    await h.cache.get(T2);
    await h.cache.get('10000000-0000-4000-8000-000000000003');
    await h.cache.get(T2);
    assert.equal(h.runs.length, 3, 'T2 still cached');
    await h.cache.get(T1);
    assert.equal(h.runs.length, 4, 'T1 was evicted');
  });
});
