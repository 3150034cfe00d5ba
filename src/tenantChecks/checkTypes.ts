import type { ErrorCode } from '../core/errors';
import type { GraphPermission } from './consent';
import type { GraphFailureReason } from './graphErrors';

/** How a checklist item reads after an automatic check; 'unknown' keeps the manual question. */
export type CheckVerdict = 'pass' | 'fail' | 'unknown';

export type CheckResult<E> =
  | { status: 'ok'; verdict: CheckVerdict; evidence: E }
  | {
      status: 'unavailable';
      verdict: 'unknown';
      reason: GraphFailureReason;
      code: ErrorCode;
      /** For 'forbidden': the application permission to grant. */
      missingPermission?: GraphPermission;
      /** For 'throttled': what Graph asked for. */
      retryAfterSeconds?: number;
    };

export type PremiumPlan = 'P1' | 'P2';

export interface PremiumSku {
  skuPartNumber: string;
  skuId: string;
  capabilityStatus: string;
  /** capabilityStatus Enabled: the SKU counts toward the licence check. */
  active: boolean;
  /** Premium plans of this SKU whose provisioningStatus is Success. */
  plans: PremiumPlan[];
  enabledUnits: number;
  consumedUnits: number;
  /** enabledUnits - consumedUnits, never below 0. */
  freeUnits: number;
}

export interface LicenceEvidence {
  hasP1: boolean;
  hasP2: boolean;
  /** Every SKU carrying a provisioned Entra ID P1/P2 plan, active or not. */
  skus: PremiumSku[];
}

export interface DirectorySyncEvidence {
  /** true: synced; false: sync was on and is now off; null: never synced. */
  syncEnabled: boolean | null;
  /** ISO time of the last sync of any kind (Graph cannot tell full from delta). */
  lastSyncDateTime: string | null;
  minutesSinceLastSync: number | null;
  /** Last sync older than STALE_SYNC_MINUTES (default cycle is 30 minutes). */
  stale: boolean;
}

export interface AdminAccountEvidence {
  userPrincipalName: string | null;
  /** true when onPremisesSyncEnabled is true; false/null means a cloud account. */
  synced: boolean;
  cloudOnly: boolean;
  /** The admin holds an enabled Entra ID P1/P2 plan (from assignedPlans). */
  hasPremiumPlan: boolean;
}

interface AdminRole {
  displayName: string;
  templateId: string;
}

export interface AdminRolesEvidence {
  roles: AdminRole[];
  isGlobalAdmin: boolean;
  isHybridIdentityAdmin: boolean;
  /** Direct, active assignments only: roles through groups or PIM eligibility are not listed. */
  scope: 'directActiveAssignments';
}

export interface WritebackFailure {
  activityDisplayName: string;
  activityDateTime: string;
  resultReason: string;
}

export interface WritebackFailuresEvidence {
  /** ISO start of the window looked at (now - 7 days). */
  since: string;
  eventCount: number;
  failureCount: number;
  lastFailure: WritebackFailure | null;
  /** More pages existed than were read: counts are lower bounds. */
  truncated: boolean;
}

export interface TenantCheckReport {
  tenantId: string;
  /** ISO time the checks ran. */
  checkedAt: string;
  licences: CheckResult<LicenceEvidence>;
  directorySync: CheckResult<DirectorySyncEvidence>;
  /** Present only when the user's aadObjectId was known. */
  adminAccount?: CheckResult<AdminAccountEvidence>;
  adminRoles?: CheckResult<AdminRolesEvidence>;
  writebackFailures: CheckResult<WritebackFailuresEvidence>;
}
