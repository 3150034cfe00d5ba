import { createHash } from 'node:crypto';
import { tenantIdsOf, type ActivityShape } from '../turn/activityFacts';

/**
 * The tenant boundary: with an allow-list configured, an activity from any other tenant (or with no
 * tenant at all) is refused after authentication and before the turn runs, so it gets no card, reads
 * and writes no state or conversation reference, and never reaches Microsoft Graph.
 */

/** A short, stable, non-reversible label for logs. */
function hashTenant(tenantId: string | undefined): string {
  if (!tenantId) return '(none)';
  return createHash('sha256').update(tenantId.toLowerCase()).digest('hex').slice(0, 12);
}

export type TenantCheck = { ok: true } | { ok: false; tenantHash: string };

/** `allowed` undefined: every tenant passes (local mode without ALLOWED_TENANT_IDS, multi-tenant bots). */
export function createTenantGuard(allowed: readonly string[] | undefined) {
  const set = allowed ? new Set(allowed.map((t) => t.toLowerCase())) : undefined;
  return (activity: ActivityShape): TenantCheck => {
    if (!set) return { ok: true };
    // Every place that names a tenant must be allowed: a turn reads its tenant from the first of them.
    const ids = tenantIdsOf(activity);
    if (ids.length > 0 && ids.every((id) => set.has(id.toLowerCase()))) return { ok: true };
    return { ok: false, tenantHash: hashTenant(ids.find((id) => !set.has(id.toLowerCase()))) };
  };
}
