import type { CheckResult, TenantCheckReport } from './checkTypes';
import {
  mergeReports,
  type TenantCheckRunners,
  type TenantWideReport,
  type UserCheckReport,
} from './tenantChecks';

interface TenantCheckCacheOptions {
  /** How long a result where every check answered is reused. Default 5 minutes. */
  ttlMs?: number;
  /**
   * How long a result with an unavailable check is reused: short, so "run again" soon after
   * granting consent or after a timeout really asks Graph again. Default 30 seconds.
   */
  incompleteTtlMs?: number;
  /** Most results kept (tenants plus admins); the oldest entry goes first. Default 500. */
  maxEntries?: number;
  now?: () => number;
}

interface Entry<T> {
  value: T;
  expiresAt: number;
}

const isComplete = (results: ReadonlyArray<CheckResult<unknown> | undefined>): boolean =>
  results.every((c) => c === undefined || c.status === 'ok');

/**
 * Tenant check reports. The tenant-wide half (licences, directory sync, writeback failures) is cached per
 * tenant, so four admins of one tenant cause one `subscribedSkus` call; the admin's own account and roles
 * are cached per tenant and user. Concurrent requests for the same key share one run.
 */
export class TenantCheckCache {
  private readonly entries = new Map<string, Entry<TenantWideReport | UserCheckReport>>();
  private readonly running = new Map<string, Promise<TenantWideReport | UserCheckReport>>();
  private readonly ttlMs: number;
  private readonly incompleteTtlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    private readonly runners: TenantCheckRunners,
    options: TenantCheckCacheOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 5 * 60 * 1000;
    this.incompleteTtlMs = options.incompleteTtlMs ?? 30 * 1000;
    this.maxEntries = options.maxEntries ?? 500;
    this.now = options.now ?? Date.now;
  }

  /** Fresh cached halves where there are, new runs (shared with any under way) for the rest. */
  async get(tenantId: string, userAadObjectId?: string): Promise<TenantCheckReport> {
    const now = () => new Date(this.now());
    const tenant = this.part(
      tenantKey(tenantId),
      () => this.runners.tenantWide({ tenantId, now: now() }),
      (r) => isComplete([r.licences, r.directorySync, r.writebackFailures]),
    );
    const user =
      userAadObjectId === undefined
        ? undefined
        : this.part(
            userKey(tenantId, userAadObjectId),
            () => this.runners.perUser({ tenantId, userAadObjectId, now: now() }),
            (r) => isComplete([r.adminAccount, r.adminRoles]),
          );
    const [tenantReport, userReport] = await Promise.all([tenant, user]);
    return mergeReports(tenantReport, userReport);
  }

  /** Forgets every result for the tenant, its admins' included (e.g. after consent was granted). */
  invalidate(tenantId: string): void {
    const tenant = tenantKey(tenantId);
    for (const key of [...this.entries.keys()]) {
      if (key === tenant || key.startsWith(`${tenant}|`)) this.entries.delete(key);
    }
  }

  private part<T extends TenantWideReport | UserCheckReport>(
    key: string,
    run: () => Promise<T>,
    complete: (value: T) => boolean,
  ): Promise<T> {
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > this.now()) return Promise.resolve(cached.value as T);
    this.entries.delete(key);
    const running = this.running.get(key);
    if (running) return running as Promise<T>;
    const started = run()
      .then((value) => {
        this.store(key, value, complete(value));
        return value;
      })
      .finally(() => this.running.delete(key));
    this.running.set(key, started);
    return started;
  }

  private store(key: string, value: TenantWideReport | UserCheckReport, complete: boolean): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + (complete ? this.ttlMs : this.incompleteTtlMs) });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}

const tenantKey = (tenantId: string): string => tenantId.toLowerCase();
const userKey = (tenantId: string, user: string): string => `${tenantKey(tenantId)}|${user.toLowerCase()}`;
