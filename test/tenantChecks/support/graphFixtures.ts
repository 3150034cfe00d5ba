/**
 * Graph v1.0 resources in their documented shapes (subscribedSku, organization, user,
 * unifiedRoleAssignment with roleDefinition expanded, directoryAudit), built from small inputs.
 */

export const PLAN = {
  P1: { servicePlanId: '41781fb2-bc02-4b7c-bd55-b576c07bb09d', servicePlanName: 'AAD_PREMIUM' },
  P2: { servicePlanId: 'eec0eb4f-6444-4f95-aba0-50c24d67f998', servicePlanName: 'AAD_PREMIUM_P2' },
  EXCHANGE: {
    servicePlanId: 'efb87545-963c-4e0d-99df-69c6916d9eb0',
    servicePlanName: 'EXCHANGE_S_ENTERPRISE',
  },
  TEAMS: { servicePlanId: '57ff2da0-773e-42df-b2af-ffb7a2317929', servicePlanName: 'TEAMS1' },
} as const;

export const ROLE = {
  globalAdmin: { templateId: '62e90394-69f5-4237-9190-012177145e10', displayName: 'Global Administrator' },
  hybridIdentityAdmin: {
    templateId: '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2',
    displayName: 'Hybrid Identity Administrator',
  },
  userAdmin: { templateId: 'fe930be7-5e62-47db-91af-98c3a49a38b1', displayName: 'User Administrator' },
} as const;

type Plan = (typeof PLAN)[keyof typeof PLAN];

export function sku(
  skuPartNumber: string,
  skuId: string,
  plans: Array<Plan | { plan: Plan; provisioningStatus: string }>,
  units: { enabled: number; consumed: number; capabilityStatus?: string },
): unknown {
  return {
    capabilityStatus: units.capabilityStatus ?? 'Enabled',
    consumedUnits: units.consumed,
    id: `f0000000-0000-0000-0000-000000000000_${skuId}`,
    skuId,
    skuPartNumber,
    appliesTo: 'User',
    prepaidUnits: { enabled: units.enabled, suspended: 0, warning: 0, lockedOut: 0 },
    servicePlans: plans.map((p) => {
      const plan = 'plan' in p ? p.plan : p;
      return {
        ...plan,
        provisioningStatus: 'plan' in p ? p.provisioningStatus : 'Success',
        appliesTo: 'User',
      };
    }),
  };
}

export const SKU_ID = {
  AAD_PREMIUM: '078d2b04-f1bd-4111-bbd4-b4b1b354cef4',
  SPE_E5: '06ebc4ee-1bb5-47dd-8120-11324bc54e06',
  ENTERPRISEPACK: '6fd2c87f-b296-42f0-b197-1e91e994b900',
} as const;

export function organization(syncEnabled: boolean | null, lastSync: string | null): unknown {
  return {
    id: 'f0000000-0000-0000-0000-000000000000',
    onPremisesSyncEnabled: syncEnabled,
    onPremisesLastSyncDateTime: lastSync,
  };
}

export function user(
  id: string,
  userPrincipalName: string,
  onPremisesSyncEnabled: boolean | null,
  plans: Plan[] = [],
): unknown {
  return {
    '@odata.context':
      'https://graph.microsoft.com/v1.0/$metadata#users(id,onPremisesSyncEnabled,assignedPlans)/$entity',
    id,
    userPrincipalName,
    onPremisesSyncEnabled,
    assignedPlans: plans.map((p) => ({
      assignedDateTime: '2025-01-10T08:00:00Z',
      capabilityStatus: 'Enabled',
      service: 'AADPremiumService',
      servicePlanId: p.servicePlanId,
    })),
  };
}

export function roleAssignment(
  principalId: string,
  role: { templateId: string; displayName: string },
  directoryScopeId = '/',
): unknown {
  return {
    id: `assignment-${role.templateId}-${principalId}`,
    principalId,
    roleDefinitionId: role.templateId,
    directoryScopeId,
    roleDefinition: {
      id: role.templateId,
      templateId: role.templateId,
      displayName: role.displayName,
      description: `${role.displayName} role`,
      isBuiltIn: true,
      isEnabled: true,
    },
  };
}

export function auditEvent(
  activityDateTime: string,
  result: 'success' | 'failure',
  resultReason: string,
  activityDisplayName = 'Reset password (self-service)',
): unknown {
  return {
    id: `SSPR_${activityDateTime}`,
    category: 'UserManagement',
    correlationId: '00000000-0000-0000-0000-000000000001',
    result,
    resultReason,
    activityDisplayName,
    activityDateTime,
    loggedByService: 'Self-service Password Management',
    operationType: 'Update',
    initiatedBy: {
      user: { id: '00000000-0000-0000-0000-0000000000aa', userPrincipalName: 'pat@contoso.com' },
    },
    targetResources: [],
    additionalDetails: [{ key: 'OnPremisesAgent', value: 'Microsoft Entra Connect' }],
  };
}
