import assert from 'node:assert/strict';
import type { TenantReports } from '../../src/tenantChecks/handlers/autoCheckSource';
import type { TenantCheckReport } from '../../src/tenantChecks/checkTypes';
import { SUPPORTED_LOCALES } from '../../src/i18n/locales';
import { Localizer } from '../../src/i18n/translator';
import { allText, BotHarness, cardOf, submitActions, type Card } from '../support/botHarness';
import { cardProblems } from '../support/validateCard';

const localizer = new Localizer();
const CLIENT_ID = '5e7a6d1c-0b1f-4c2a-9d43-7f1e2a3b4c5d';
const GRAPH_ENV = { GRAPH_CLIENT_ID: CLIENT_ID, GRAPH_CLIENT_SECRET: 'not-a-real-secret' };
const NOW = '2026-11-23T10:00:00.000Z';

const ok = <E>(verdict: 'pass' | 'fail' | 'unknown', evidence: E) => ({
  status: 'ok' as const,
  verdict,
  evidence,
});

function report(overrides: Partial<TenantCheckReport> = {}): TenantCheckReport {
  return {
    tenantId: 'tenant',
    checkedAt: NOW,
    licences: ok('pass', {
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
    directorySync: ok('unknown', {
      syncEnabled: true,
      lastSyncDateTime: '2026-11-23T09:48:00Z',
      minutesSinceLastSync: 12,
      stale: false,
    }),
    adminAccount: ok('pass', {
      userPrincipalName: 'alex@contoso.onmicrosoft.com',
      synced: false,
      cloudOnly: true,
      hasPremiumPlan: true,
    }),
    adminRoles: ok('pass', {
      roles: [
        { displayName: 'Hybrid Identity Administrator', templateId: '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2' },
      ],
      isGlobalAdmin: false,
      isHybridIdentityAdmin: true,
      scope: 'directActiveAssignments' as const,
    }),
    writebackFailures: ok('unknown', {
      since: NOW,
      eventCount: 0,
      failureCount: 0,
      lastFailure: null,
      truncated: false,
    }),
    ...overrides,
  };
}

class FakeReports implements TenantReports {
  readonly calls: Array<[string, string | undefined]> = [];
  constructor(private readonly result: TenantCheckReport) {}
  get(tenantId: string, user?: string): Promise<TenantCheckReport> {
    this.calls.push([tenantId, user]);
    return Promise.resolve({ ...this.result, tenantId });
  }
}

/** Starts the configuration section and returns the check cards (answering OK) and the typing indicators. */
async function walkConfiguration(
  h: BotHarness,
  locale: string,
): Promise<{ cards: Record<string, Card>; typing: number }> {
  const c = h.conversation({ locale });
  let turn = await h.send(c.submit({ wb: { v: 1, a: 'start', s: 'configuration' } }));
  const typing = turn.sent.filter((a) => a.type === 'typing').length;
  const cards: Record<string, Card> = {};
  for (const id of [
    'licensing',
    'licensedAccounts',
    'pdcEmulator',
    'ssprEnabled',
    'cloudAdmin',
    'connectorPermissions',
    'domainControllers',
    'fullSync',
  ]) {
    const card = cardOf(turn.sent[turn.sent.length - 1]);
    assert.deepEqual(cardProblems(card), [], id);
    cards[id] = card;
    const answer = submitActions(card).find((a) => (a.data.wb as Record<string, unknown>).ans === 'ok')!;
    turn = await h.send(c.submit(answer.data));
  }
  return { cards, typing };
}

const AUTO_TITLES = new Set(
  SUPPORTED_LOCALES.flatMap((l) =>
    ['pass', 'fail', 'unknown'].map((v) => localizer.for(l).t(`autoCheck.${v}`)),
  ),
);

/** The "Checked automatically" box: a container whose first line is one of the verdict titles. */
function autoBox(card: Card): Record<string, unknown> | undefined {
  return card.body.find((b) => {
    const first = (b.items as Array<{ text?: unknown }> | undefined)?.[0]?.text;
    return b.type === 'Container' && typeof first === 'string' && AUTO_TITLES.has(first);
  });
}

describe('configuration section with Microsoft Graph evidence', () => {
  let h: BotHarness | undefined;
  afterEach(async () => h?.stop());

  for (const [locale, lang] of [
    ['en-US', 'en'],
    ['lv-LV', 'lv'],
  ] as const) {
    it(`${lang}: a premium tenant and a cloud admin are checked automatically, with evidence`, async () => {
      const t = localizer.for(lang);
      const reports = new FakeReports(report());
      h = await new BotHarness({ env: GRAPH_ENV, tenantReports: reports }).start();
      const { cards, typing } = await walkConfiguration(h, locale);
      assert.equal(typing, 1, 'a typing indicator while the checks run');
      assert.equal(reports.calls.length, 1, 'one report for the whole section');
      const licensing = allText(cards.licensing);
      assert.ok(licensing.includes(t.t('autoCheck.pass')));
      assert.match(licensing, /AAD_PREMIUM \(P1, 5\)/);
      assert.equal(autoBox(cards.licensing)?.style, 'good');
      assert.match(allText(cards.cloudAdmin), /alex@contoso\.onmicrosoft\.com/);
      assert.match(allText(cards.cloudAdmin), /Hybrid Identity Administrator/);
      assert.ok(
        allText(cards.ssprEnabled).includes(t.t('autoCheck.manual.ssprToggle')),
        'what Graph cannot see stays manual',
      );
      assert.ok(allText(cards.fullSync).includes(t.t('autoCheck.manual.fullVsDelta')));
      assert.match(allText(cards.fullSync), /12/);
      assert.equal(autoBox(cards.pdcEmulator), undefined, 'checks Graph cannot speak to are unchanged');
    });
  }

  it('a tenant without Entra ID P1/P2, a synced admin and a stale sync are called out', async () => {
    const t = localizer.for('en');
    const bad = report({
      licences: ok('fail', { hasP1: false, hasP2: false, skus: [] }),
      adminAccount: ok('fail', {
        userPrincipalName: 'sam@fabrikam.com',
        synced: true,
        cloudOnly: false,
        hasPremiumPlan: false,
      }),
      directorySync: ok('fail', {
        syncEnabled: true,
        lastSyncDateTime: '2026-11-23T07:00:00Z',
        minutesSinceLastSync: 180,
        stale: true,
      }),
    });
    h = await new BotHarness({ env: GRAPH_ENV, tenantReports: new FakeReports(bad) }).start();
    const { cards } = await walkConfiguration(h, 'en-US');
    assert.ok(allText(cards.licensing).includes(t.t('autoCheck.licences.none')));
    assert.equal(autoBox(cards.licensing)?.style, 'attention');
    assert.ok(allText(cards.cloudAdmin).includes(t.t('autoCheck.admin.synced', { upn: 'sam@fabrikam.com' })));
    assert.match(allText(cards.fullSync), /180/);
    assert.equal(autoBox(cards.fullSync)?.style, 'attention');
  });

  it('403: the card names the missing permission and links to admin consent for this app', async () => {
    const forbidden = {
      status: 'unavailable' as const,
      verdict: 'unknown' as const,
      reason: 'forbidden' as const,
      code: 'WB-GRAPH-403' as const,
      missingPermission: 'Organization.Read.All' as const,
    };
    h = await new BotHarness({
      env: GRAPH_ENV,
      tenantReports: new FakeReports(report({ licences: forbidden })),
    }).start();
    const { cards } = await walkConfiguration(h, 'ro-RO');
    const text = allText(cards.licensing);
    assert.match(text, /Organization\.Read\.All/);
    assert.ok(
      text.includes(`https://login.microsoftonline.com/`) &&
        text.includes(`adminconsent?client_id=${CLIENT_ID}`),
    );
    assert.ok(text.includes(localizer.for('ro').t('autoCheck.unknown')));
  });

  it('a timeout leaves the manual question with a note', async () => {
    const timeout = {
      status: 'unavailable' as const,
      verdict: 'unknown' as const,
      reason: 'timeout' as const,
      code: 'WB-GRAPH-504' as const,
    };
    h = await new BotHarness({
      env: GRAPH_ENV,
      tenantReports: new FakeReports(report({ licences: timeout })),
    }).start();
    const { cards } = await walkConfiguration(h, 'en-US');
    assert.ok(allText(cards.licensing).includes(localizer.for('en').t('autoCheck.unavailable.timeout')));
    assert.ok(
      submitActions(cards.licensing).some((a) => (a.data.wb as Record<string, unknown>).ans === 'notOk'),
      'still answerable by hand',
    );
  });

  it('without Graph configuration the section is unchanged: no typing, no evidence', async () => {
    h = await new BotHarness().start();
    const { cards, typing } = await walkConfiguration(h, 'en-US');
    assert.equal(typing, 0);
    for (const card of Object.values(cards)) assert.equal(autoBox(card), undefined);
  });
});
