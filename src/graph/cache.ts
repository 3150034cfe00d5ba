import type { TenantCheckReport } from './checkTypes';
import type { TenantCheckInput } from './tenantChecks';

export interface TenantCheckCacheOptions {
  /** How long a report where every check answered is reused. Default 5 minutes. */
  ttlMs?: number;
  /**
   * How long a report with an unavailable check is reused: short, so "run again" soon after
   * granting consent or after a timeout really asks Graph again. Default 30 seconds.
   */
  incompleteTtlMs?: number;
  /** Most reports kept; the oldest entry goes first. Default 500. */
  maxEntries?: number;
  now?: () => number;
}

export type RunChecks = (input: TenantCheckInput) => Promise<TenantCheckReport>;

interface Entry {
  report: TenantCheckReport;
  expiresAt: number;
}

/**
 * Tenant check reports per tenant (and per admin, since two of the checks are about the user
 * asking). Concurrent requests for the same key share one run.
 */
export class TenantCheckCache {
  private readonly entries = new Map<string, Entry>();
  private readonly running = new Map<string, Promise<TenantCheckReport>>();
  private readonly ttlMs: number;
  private readonly incompleteTtlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    private readonly runChecks: RunChecks,
    options: TenantCheckCacheOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 5 * 60 * 1000;
    this.incompleteTtlMs = options.incompleteTtlMs ?? 30 * 1000;
    this.maxEntries = options.maxEntries ?? 500;
    this.now = options.now ?? Date.now;
  }

  /** A cached report if still fresh, else a new run (shared with any run already under way). */
  get(tenantId: string, userAadObjectId?: string): Promise<TenantCheckReport> {
    const key = keyOf(tenantId, userAadObjectId);
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > this.now()) {
      return Promise.resolve(cached.report);
    }
    this.entries.delete(key);
    const running = this.running.get(key);
    if (running) {
      return running;
    }
    const run = this.runChecks({ tenantId, userAadObjectId, now: new Date(this.now()) })
      .then((report) => {
        this.store(key, report);
        return report;
      })
      .finally(() => this.running.delete(key));
    this.running.set(key, run);
    return run;
  }

  /** Forgets every report for the tenant (e.g. after the admin says consent was granted). */
  invalidate(tenantId: string): void {
    const prefix = keyOf(tenantId, undefined);
    for (const key of [...this.entries.keys()]) {
      if (key === prefix || key.startsWith(`${prefix}|`)) {
        this.entries.delete(key);
      }
    }
  }

  private store(key: string, report: TenantCheckReport): void {
    const checks = [
      report.licences,
      report.directorySync,
      report.adminAccount,
      report.adminRoles,
      report.writebackFailures,
    ];
    const complete = checks.every((c) => c === undefined || c.status === 'ok');
    this.entries.delete(key);
    this.entries.set(key, { report, expiresAt: this.now() + (complete ? this.ttlMs : this.incompleteTtlMs) });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) {
        break;
      }
      this.entries.delete(oldest);
    }
  }
}

function keyOf(tenantId: string, userAadObjectId: string | undefined): string {
  const tenant = tenantId.toLowerCase();
  return userAadObjectId ? `${tenant}|${userAadObjectId.toLowerCase()}` : tenant;
}
