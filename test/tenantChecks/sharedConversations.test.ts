import assert from 'node:assert/strict';
import type { TenantReports } from '../../src/tenantChecks/handlers/autoCheckSource';
import type { TenantCheckReport } from '../../src/tenantChecks/checkTypes';
import { Localizer } from '../../src/i18n/translator';
import { allText, BotHarness, cardOf } from '../support/botHarness';

const en = new Localizer().for('en');
const GRAPH_ENV = {
  GRAPH_CLIENT_ID: '5e7a6d1c-0b1f-4c2a-9d43-7f1e2a3b4c5d',
  GRAPH_CLIENT_SECRET: 'not-real',
};
const ok = <E>(evidence: E) => ({ status: 'ok' as const, verdict: 'pass' as const, evidence });

const REPORT: TenantCheckReport = {
  tenantId: 'tenant',
  checkedAt: '2026-11-23T10:00:00.000Z',
  licences: ok({
    hasP1: true,
    hasP2: false,
    skus: [
      {
        skuPartNumber: 'AAD_PREMIUM',
        skuId: '078d2b04-f1bd-4111-bbd4-b4b1b354cef4',
        capabilityStatus: 'Enabled',
        active: true,
        plans: ['P1' as const],
        enabledUnits: 25,
        consumedUnits: 20,
        freeUnits: 5,
      },
    ],
  }),
  directorySync: ok({
    syncEnabled: true,
    lastSyncDateTime: '2026-11-23T09:48:00Z',
    minutesSinceLastSync: 12,
    stale: false,
  }),
  adminAccount: ok({
    userPrincipalName: 'alex@contoso.onmicrosoft.com',
    synced: false,
    cloudOnly: true,
    hasPremiumPlan: true,
  }),
  adminRoles: ok({
    roles: [
      { displayName: 'Hybrid Identity Administrator', templateId: '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2' },
    ],
    isGlobalAdmin: false,
    isHybridIdentityAdmin: true,
    scope: 'directActiveAssignments' as const,
  }),
  writebackFailures: ok({
    since: '2026-11-23T10:00:00.000Z',
    eventCount: 0,
    failureCount: 0,
    lastFailure: null,
    truncated: false,
  }),
};

class CountingReports implements TenantReports {
  calls = 0;
  get(tenantId: string): Promise<TenantCheckReport> {
    this.calls += 1;
    return Promise.resolve({ ...REPORT, tenantId });
  }
}

/** Tenant evidence from Microsoft Graph is for the admin's eyes: personal chat only. */
describe('Graph evidence in shared conversations', () => {
  let h: BotHarness;
  let reports: CountingReports;
  beforeEach(async () => {
    reports = new CountingReports();
    h = await new BotHarness({ env: GRAPH_ENV, tenantReports: reports }).start();
  });
  afterEach(async () => h.stop());

  for (const conversationType of ['channel', 'groupChat'] as const) {
    it(`in a ${conversationType}: manual questions, no evidence, and no Graph call`, async () => {
      const c = h.conversation({ conversationType });
      const turn = await h.send(c.mention('configuration'));
      const card = cardOf(turn.sent[turn.sent.length - 1]);
      assert.equal(card.body[1].text, en.t('checks.licensing.title'));
      const text = allText(card);
      assert.ok(!text.includes(en.t('autoCheck.pass')), 'no "checked automatically" box');
      assert.doesNotMatch(text, /AAD_PREMIUM|alex@contoso/);
      assert.equal(turn.sent.filter((a) => a.type === 'typing').length, 0);
      assert.equal(reports.calls, 0, 'Graph is not asked');
    });
  }

  it('in the personal chat of the same tenant the evidence is shown', async () => {
    const c = h.conversation({ conversationType: 'personal' });
    const turn = await h.send(c.message('configuration'));
    const text = allText(cardOf(turn.sent[turn.sent.length - 1]));
    assert.ok(text.includes(en.t('autoCheck.pass')));
    assert.match(text, /AAD_PREMIUM \(P1, 5\)/);
    assert.equal(reports.calls, 1);
  });
});
