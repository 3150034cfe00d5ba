/**
 * Pure readings of Graph answers: a response body in, evidence and a verdict out. No I/O here, so
 * every rule (which plan counts, when sync is stale, which role is enough) is unit-testable.
 */
import { z } from 'zod';
import type {
  AdminAccountEvidence,
  AdminRolesEvidence,
  CheckVerdict,
  DirectorySyncEvidence,
  LicenceEvidence,
  PremiumPlan,
  PremiumSku,
  WritebackFailure,
  WritebackFailuresEvidence,
} from './checkTypes';
import { GraphError } from './graphErrors';

const ENTRA_P1_PLAN = { id: '41781fb2-bc02-4b7c-bd55-b576c07bb09d', name: 'AAD_PREMIUM' } as const;
const ENTRA_P2_PLAN = { id: 'eec0eb4f-6444-4f95-aba0-50c24d67f998', name: 'AAD_PREMIUM_P2' } as const;
const GLOBAL_ADMIN_TEMPLATE_ID = '62e90394-69f5-4237-9190-012177145e10';
const HYBRID_IDENTITY_ADMIN_TEMPLATE_ID = '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2';
/** The default sync cycle is 30 minutes; an hour without a sync is worth calling out. */
const STALE_SYNC_MINUTES = 60;

export interface Interpreted<E> {
  verdict: CheckVerdict;
  evidence: E;
}

function parse<S extends z.ZodType>(schema: S, body: unknown, what: string): z.output<S> {
  const result = schema.safeParse(body);
  if (!result.success) {
    throw new GraphError('failed', `unexpected ${what} response shape`);
  }
  return result.data;
}

const str = z.string().nullish();
const num = z.number().nullish();

function premiumPlanOf(plan: { servicePlanId?: string | null; servicePlanName?: string | null }) {
  const id = plan.servicePlanId?.toLowerCase();
  if (id === ENTRA_P2_PLAN.id || plan.servicePlanName === ENTRA_P2_PLAN.name) {
    return 'P2';
  }
  if (id === ENTRA_P1_PLAN.id || plan.servicePlanName === ENTRA_P1_PLAN.name) {
    return 'P1';
  }
  return undefined;
}

const subscribedSkusSchema = z.object({
  value: z.array(
    z.object({
      skuId: str,
      skuPartNumber: str,
      capabilityStatus: str,
      consumedUnits: num,
      prepaidUnits: z.object({ enabled: num }).nullish(),
      servicePlans: z
        .array(z.object({ servicePlanId: str, servicePlanName: str, provisioningStatus: str }))
        .nullish(),
    }),
  ),
});

/** GET /subscribedSkus: does an enabled SKU carry a provisioned Entra ID P1/P2 plan (bundles count). */
export function interpretSubscribedSkus(body: unknown): Interpreted<LicenceEvidence> {
  const skus: PremiumSku[] = [];
  for (const sku of parse(subscribedSkusSchema, body, 'subscribedSkus').value) {
    const plans = new Set<PremiumPlan>();
    for (const plan of sku.servicePlans ?? []) {
      const premium = premiumPlanOf(plan);
      if (premium && plan.provisioningStatus === 'Success') {
        plans.add(premium);
      }
    }
    if (plans.size === 0) {
      continue;
    }
    const enabledUnits = sku.prepaidUnits?.enabled ?? 0;
    const consumedUnits = sku.consumedUnits ?? 0;
    skus.push({
      skuPartNumber: sku.skuPartNumber ?? '',
      skuId: sku.skuId ?? '',
      capabilityStatus: sku.capabilityStatus ?? '',
      active: sku.capabilityStatus === 'Enabled',
      plans: [...plans].sort(),
      enabledUnits,
      consumedUnits,
      freeUnits: Math.max(0, enabledUnits - consumedUnits),
    });
  }
  const active = skus.filter((s) => s.active);
  const hasP1 = active.some((s) => s.plans.includes('P1'));
  const hasP2 = active.some((s) => s.plans.includes('P2'));
  return { verdict: hasP1 || hasP2 ? 'pass' : 'fail', evidence: { hasP1, hasP2, skus } };
}

const organizationSchema = z.object({
  value: z
    .array(z.object({ onPremisesSyncEnabled: z.boolean().nullish(), onPremisesLastSyncDateTime: str }))
    .min(1),
});

/** GET /organization: is directory sync on, and did it run within the last hour. */
export function interpretOrganization(body: unknown, now: Date): Interpreted<DirectorySyncEvidence> {
  const org = parse(organizationSchema, body, 'organization').value[0];
  const syncEnabled = org.onPremisesSyncEnabled ?? null;
  const last = org.onPremisesLastSyncDateTime ?? null;
  const lastMs = last === null ? NaN : Date.parse(last);
  const minutes = Number.isNaN(lastMs) ? null : Math.max(0, Math.floor((now.getTime() - lastMs) / 60_000));
  const stale = minutes === null || minutes > STALE_SYNC_MINUTES;
  return {
    verdict: syncEnabled === true && !stale ? 'pass' : 'fail',
    evidence: {
      syncEnabled,
      lastSyncDateTime: minutes === null ? null : new Date(lastMs).toISOString(),
      minutesSinceLastSync: minutes,
      stale,
    },
  };
}

const userSchema = z.object({
  userPrincipalName: str,
  onPremisesSyncEnabled: z.boolean().nullish(),
  assignedPlans: z.array(z.object({ servicePlanId: str, capabilityStatus: str })).nullish(),
});

/** GET /users/{id}: a synced admin cannot enable writeback; the admin must be a cloud account. */
export function interpretUser(body: unknown): Interpreted<AdminAccountEvidence> {
  const user = parse(userSchema, body, 'user');
  const synced = user.onPremisesSyncEnabled === true;
  const hasPremiumPlan = (user.assignedPlans ?? []).some(
    (plan) => plan.capabilityStatus === 'Enabled' && premiumPlanOf(plan) !== undefined,
  );
  return {
    verdict: synced ? 'fail' : 'pass',
    evidence: {
      userPrincipalName: user.userPrincipalName ?? null,
      synced,
      cloudOnly: !synced,
      hasPremiumPlan,
    },
  };
}

const roleAssignmentsSchema = z.object({
  value: z.array(
    z.object({
      roleDefinitionId: str,
      directoryScopeId: str,
      roleDefinition: z.object({ id: str, displayName: str, templateId: str }).nullish(),
    }),
  ),
});

/** GET /roleManagement/directory/roleAssignments: Global or Hybrid Identity Administrator, tenant-wide. */
export function interpretRoleAssignments(body: unknown): Interpreted<AdminRolesEvidence> {
  const roles = new Map<string, string>();
  const tenantWide = new Set<string>();
  for (const assignment of parse(roleAssignmentsSchema, body, 'roleAssignments').value) {
    const templateId = (
      assignment.roleDefinition?.templateId ??
      assignment.roleDefinition?.id ??
      assignment.roleDefinitionId ??
      ''
    ).toLowerCase();
    if (templateId === '') {
      continue;
    }
    roles.set(templateId, assignment.roleDefinition?.displayName ?? templateId);
    // An administrative-unit scope does not let the admin enable writeback.
    if ((assignment.directoryScopeId ?? '/') === '/') {
      tenantWide.add(templateId);
    }
  }
  const isGlobalAdmin = tenantWide.has(GLOBAL_ADMIN_TEMPLATE_ID);
  const isHybridIdentityAdmin = tenantWide.has(HYBRID_IDENTITY_ADMIN_TEMPLATE_ID);
  return {
    verdict: isGlobalAdmin || isHybridIdentityAdmin ? 'pass' : 'fail',
    evidence: {
      roles: [...roles].map(([templateId, displayName]) => ({ displayName, templateId })),
      isGlobalAdmin,
      isHybridIdentityAdmin,
      scope: 'directActiveAssignments',
    },
  };
}

const directoryAuditsSchema = z.object({
  value: z.array(
    z.object({ activityDateTime: str, activityDisplayName: str, result: str, resultReason: str }),
  ),
  '@odata.nextLink': str,
});

/** The nextLink of one directoryAudits page, if any. */
export function nextLinkOf(body: unknown): string | undefined {
  return parse(directoryAuditsSchema, body, 'directoryAudits')['@odata.nextLink'] ?? undefined;
}

/** Pages of GET /auditLogs/directoryAudits (Self-service Password Management, last 7 days). */
export function interpretDirectoryAudits(
  pages: readonly unknown[],
  since: string,
  truncated: boolean,
): Interpreted<WritebackFailuresEvidence> {
  let eventCount = 0;
  let failureCount = 0;
  let lastFailure: WritebackFailure | null = null;
  for (const page of pages) {
    for (const event of parse(directoryAuditsSchema, page, 'directoryAudits').value) {
      eventCount++;
      if (event.result?.toLowerCase() !== 'failure') {
        continue;
      }
      failureCount++;
      const at = event.activityDateTime ?? '';
      const previous = lastFailure === null ? NaN : Date.parse(lastFailure.activityDateTime);
      if (Number.isNaN(previous) || Date.parse(at) > previous) {
        lastFailure = {
          activityDisplayName: event.activityDisplayName ?? '',
          activityDateTime: at,
          resultReason: event.resultReason ?? '',
        };
      }
    }
  }
  return {
    verdict: failureCount === 0 ? 'pass' : 'fail',
    evidence: { since, eventCount, failureCount, lastFailure, truncated },
  };
}
