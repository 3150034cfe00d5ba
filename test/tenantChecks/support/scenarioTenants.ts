/** The tenants of the end-to-end scenarios, each one a documented Graph shape or fault. */
import type { FakeGraphServer } from './fakeGraphServer';
import { auditEvent, organization, PLAN, ROLE, roleAssignment, sku, SKU_ID, user } from './graphFixtures';

export const NOW = new Date('2026-03-10T12:00:00Z');
export const minutesBefore = (m: number) => new Date(NOW.getTime() - m * 60_000).toISOString();
export const CLIENT_ID = '5e7a6d1c-0b1f-4c2a-9d43-7f1e2a3b4c5d';

export const T = {
  premium: '10000000-0000-4000-8000-000000000001',
  noPremium: '10000000-0000-4000-8000-000000000002',
  e5: '10000000-0000-4000-8000-000000000003',
  throttledOnce: '10000000-0000-4000-8000-000000000004',
  throttledAlways: '10000000-0000-4000-8000-000000000005',
  slow: '10000000-0000-4000-8000-000000000006',
  noConsent: '10000000-0000-4000-8000-000000000007',
  certificate: '10000000-0000-4000-8000-000000000008',
};
export const CLOUD_ADMIN = 'a0000000-0000-4000-8000-00000000000a';
export const SYNCED_ADMIN = 'a0000000-0000-4000-8000-00000000000b';

export function seedScenarioTenants(fake: FakeGraphServer): void {
  const cloudAdmin = user(CLOUD_ADMIN, 'alex@contoso.onmicrosoft.com', null, [PLAN.P1]);
  fake.tenants.set(T.premium, {
    subscribedSkus: [
      sku('AAD_PREMIUM', SKU_ID.AAD_PREMIUM, [PLAN.P1], { enabled: 25, consumed: 20 }),
      sku('ENTERPRISEPACK', SKU_ID.ENTERPRISEPACK, [PLAN.EXCHANGE, PLAN.TEAMS], {
        enabled: 50,
        consumed: 41,
      }),
    ],
    organization: [organization(true, minutesBefore(12))],
    users: { [CLOUD_ADMIN]: cloudAdmin },
    roleAssignments: { [CLOUD_ADMIN]: [roleAssignment(CLOUD_ADMIN, ROLE.hybridIdentityAdmin)] },
    auditPages: [
      [
        auditEvent(minutesBefore(2 * 24 * 60), 'failure', 'OnPremisesPolicyViolation'),
        auditEvent(minutesBefore(3 * 24 * 60), 'success', ''),
      ],
      [auditEvent(minutesBefore(24 * 60), 'failure', 'OnPremisesConnectivityFailure')],
    ],
  });
  fake.tenants.set(T.noPremium, {
    subscribedSkus: [
      sku('ENTERPRISEPACK', SKU_ID.ENTERPRISEPACK, [PLAN.EXCHANGE], { enabled: 10, consumed: 3 }),
    ],
    organization: [organization(null, null)],
    users: { [CLOUD_ADMIN]: user(CLOUD_ADMIN, 'sam@fabrikam.com', false) },
    roleAssignments: { [CLOUD_ADMIN]: [roleAssignment(CLOUD_ADMIN, ROLE.userAdmin)] },
    auditPages: [[]],
  });
  fake.tenants.set(T.e5, {
    subscribedSkus: [sku('SPE_E5', SKU_ID.SPE_E5, [PLAN.EXCHANGE, PLAN.P2], { enabled: 10, consumed: 10 })],
    organization: [organization(true, minutesBefore(180))],
    users: { [SYNCED_ADMIN]: user(SYNCED_ADMIN, 'kim@tailspin.com', true, [PLAN.P2]) },
    roleAssignments: { [SYNCED_ADMIN]: [roleAssignment(SYNCED_ADMIN, ROLE.globalAdmin)] },
    faults: {
      directoryAudits: {
        kind: 'forbidden',
        code: 'Authentication_MSGraphPermissionMissing',
        message: 'Calling principal does not have required MSGraph permissions AuditLog.Read.All',
      },
    },
  });
  const premiumSkus = fake.tenants.get(T.premium)?.subscribedSkus;
  fake.tenants.set(T.throttledOnce, {
    subscribedSkus: premiumSkus,
    faults: { subscribedSkus: { kind: 'throttle', times: 1, retryAfter: '1' } },
  });
  fake.tenants.set(T.throttledAlways, {
    subscribedSkus: premiumSkus,
    faults: { subscribedSkus: { kind: 'throttle', times: 100, retryAfter: '1' } },
  });
  fake.tenants.set(T.slow, {
    subscribedSkus: premiumSkus,
    organization: [organization(true, minutesBefore(5))],
    faults: { organization: { kind: 'hang' } },
  });
  fake.tenants.set(T.noConsent, {
    token: {
      status: 400,
      error: 'invalid_client',
      aadsts: 65001,
      description: `The user or administrator has not consented to use the application with ID '${CLIENT_ID}'.`,
    },
  });
  fake.tenants.set(T.certificate, { subscribedSkus: premiumSkus });
}
