import assert from 'node:assert/strict';
import {
  interpretDirectoryAudits,
  interpretOrganization,
  interpretRoleAssignments,
  interpretSubscribedSkus,
  interpretUser,
} from '../../src/tenantChecks/interpret';
import { GraphError } from '../../src/tenantChecks/graphErrors';
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

const ADMIN = 'a0000000-0000-4000-8000-00000000000a';
const NOW = new Date('2026-03-10T12:00:00Z');
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();

describe('interpretSubscribedSkus', () => {
  it('passes on an enabled SKU with a provisioned AAD_PREMIUM plan and counts free units', () => {
    const { verdict, evidence } = interpretSubscribedSkus({
      value: [sku('AAD_PREMIUM', SKU_ID.AAD_PREMIUM, [PLAN.P1], { enabled: 30, consumed: 12 })],
    });
    assert.equal(verdict, 'pass');
    assert.equal(evidence.hasP1, true);
    assert.equal(evidence.skus[0].freeUnits, 18);
    assert.equal(evidence.skus[0].enabledUnits, 30);
  });

  it('counts a bundle through its AAD_PREMIUM_P2 plan', () => {
    const { verdict, evidence } = interpretSubscribedSkus({
      value: [sku('SPE_E5', SKU_ID.SPE_E5, [PLAN.EXCHANGE, PLAN.P1, PLAN.P2], { enabled: 5, consumed: 1 })],
    });
    assert.equal(verdict, 'pass');
    assert.deepEqual(evidence.skus[0].plans, ['P1', 'P2']);
    assert.equal(evidence.hasP2, true);
  });

  it('fails when the premium plan is disabled in the SKU or the SKU is suspended', () => {
    const disabledPlan = interpretSubscribedSkus({
      value: [
        sku('SPE_E5', SKU_ID.SPE_E5, [{ plan: PLAN.P2, provisioningStatus: 'Disabled' }], {
          enabled: 5,
          consumed: 1,
        }),
      ],
    });
    assert.equal(disabledPlan.verdict, 'fail');
    assert.deepEqual(disabledPlan.evidence.skus, []);

    const suspended = interpretSubscribedSkus({
      value: [
        sku('AAD_PREMIUM', SKU_ID.AAD_PREMIUM, [PLAN.P1], {
          enabled: 0,
          consumed: 3,
          capabilityStatus: 'Suspended',
        }),
      ],
    });
    assert.equal(suspended.verdict, 'fail');
    assert.equal(suspended.evidence.hasP1, false);
    assert.equal(suspended.evidence.skus[0].active, false, 'still listed as evidence');
    assert.equal(suspended.evidence.skus[0].freeUnits, 0, 'over-assigned SKU has no free units, not -3');
  });

  it('fails on a tenant with only non-premium SKUs and rejects a body that is not a collection', () => {
    assert.equal(
      interpretSubscribedSkus({
        value: [sku('ENTERPRISEPACK', SKU_ID.ENTERPRISEPACK, [PLAN.EXCHANGE], { enabled: 1, consumed: 1 })],
      }).verdict,
      'fail',
    );
    assert.throws(
      () => interpretSubscribedSkus({ skus: [] }),
      (err: unknown) => err instanceof GraphError && err.reason === 'failed',
    );
  });
});

describe('interpretOrganization', () => {
  it('passes when sync is on and ran within the hour; 60 minutes is still fresh, 61 is stale', () => {
    const fresh = interpretOrganization({ value: [organization(true, ago(60))] }, NOW);
    assert.equal(fresh.verdict, 'pass');
    assert.equal(fresh.evidence.minutesSinceLastSync, 60);
    const stale = interpretOrganization({ value: [organization(true, ago(61))] }, NOW);
    assert.equal(stale.verdict, 'fail');
    assert.equal(stale.evidence.stale, true);
  });

  it('fails when sync was never enabled or was turned off', () => {
    const never = interpretOrganization({ value: [organization(null, null)] }, NOW);
    assert.deepEqual(never, {
      verdict: 'fail',
      evidence: { syncEnabled: null, lastSyncDateTime: null, minutesSinceLastSync: null, stale: true },
    });
    assert.equal(interpretOrganization({ value: [organization(false, ago(5))] }, NOW).verdict, 'fail');
  });

  it('treats a last sync slightly in the future (clock skew) as just now', () => {
    const { evidence } = interpretOrganization({ value: [organization(true, ago(-2))] }, NOW);
    assert.equal(evidence.minutesSinceLastSync, 0);
  });

  it('rejects an empty organization collection', () => {
    assert.throws(() => interpretOrganization({ value: [] }, NOW), GraphError);
  });
});

describe('interpretUser', () => {
  it('a synced admin fails, a cloud admin (false or null) passes', () => {
    assert.equal(interpretUser(user(ADMIN, 'a@contoso.com', true)).verdict, 'fail');
    assert.equal(interpretUser(user(ADMIN, 'a@contoso.com', false)).evidence.cloudOnly, true);
    assert.equal(interpretUser(user(ADMIN, 'a@contoso.com', null)).verdict, 'pass');
  });

  it('sees a premium plan among the assigned plans', () => {
    assert.equal(interpretUser(user(ADMIN, 'a@contoso.com', null, [PLAN.P2])).evidence.hasPremiumPlan, true);
    assert.equal(
      interpretUser(user(ADMIN, 'a@contoso.com', null, [PLAN.EXCHANGE])).evidence.hasPremiumPlan,
      false,
    );
  });
});

describe('interpretRoleAssignments', () => {
  it('passes for a tenant-wide Global or Hybrid Identity Administrator', () => {
    const ga = interpretRoleAssignments({ value: [roleAssignment(ADMIN, ROLE.globalAdmin)] });
    assert.equal(ga.verdict, 'pass');
    assert.equal(ga.evidence.isGlobalAdmin, true);
    const hia = interpretRoleAssignments({
      value: [roleAssignment(ADMIN, ROLE.userAdmin), roleAssignment(ADMIN, ROLE.hybridIdentityAdmin)],
    });
    assert.equal(hia.evidence.isHybridIdentityAdmin, true);
    assert.deepEqual(
      hia.evidence.roles.map((r) => r.displayName),
      ['User Administrator', 'Hybrid Identity Administrator'],
    );
  });

  it('does not count a role scoped to an administrative unit, nor unrelated roles', () => {
    const scoped = interpretRoleAssignments({
      value: [
        roleAssignment(ADMIN, ROLE.globalAdmin, '/administrativeUnits/5d1f8a2e-0000-4000-8000-000000000001'),
      ],
    });
    assert.equal(scoped.verdict, 'fail');
    assert.equal(scoped.evidence.isGlobalAdmin, false);
    assert.equal(interpretRoleAssignments({ value: [] }).verdict, 'fail');
  });
});

describe('interpretDirectoryAudits', () => {
  const since = '2026-03-03T12:00:00Z';

  it('counts failures over all pages and keeps the most recent one', () => {
    const { verdict, evidence } = interpretDirectoryAudits(
      [
        { value: [auditEvent(ago(300), 'failure', 'older reason'), auditEvent(ago(10), 'success', '')] },
        {
          value: [
            auditEvent(
              ago(60),
              'failure',
              'newest reason',
              'Self-service password reset flow activity progress',
            ),
          ],
        },
      ],
      since,
      false,
    );
    assert.equal(verdict, 'fail');
    assert.equal(evidence.eventCount, 3);
    assert.equal(evidence.failureCount, 2);
    assert.deepEqual(evidence.lastFailure, {
      activityDisplayName: 'Self-service password reset flow activity progress',
      activityDateTime: ago(60),
      resultReason: 'newest reason',
    });
  });

  it('passes without failures and says when the pages were cut short', () => {
    const { verdict, evidence } = interpretDirectoryAudits(
      [{ value: [auditEvent(ago(5), 'success', '')] }],
      since,
      true,
    );
    assert.equal(verdict, 'pass');
    assert.equal(evidence.truncated, true);
    assert.equal(evidence.since, since);
  });
});
