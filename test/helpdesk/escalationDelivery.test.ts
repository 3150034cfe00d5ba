import assert from 'node:assert/strict';
import type { TenantReports } from '../../src/tenantChecks/handlers/autoCheckSource';
import type { TenantCheckReport } from '../../src/tenantChecks/checkTypes';
import { Localizer } from '../../src/i18n/translator';
import { allText, BotHarness, cardOf } from '../support/botHarness';
import { sectionSummary, sendValue, textsIn } from '../support/escalationFlow';
import { agent, TeamsChannel } from '../support/teamsChannel';

const en = new Localizer().for('en');
const GRAPH_ENV = {
  GRAPH_CLIENT_ID: '5e7a6d1c-0b1f-4c2a-9d43-7f1e2a3b4c5d',
  GRAPH_CLIENT_SECRET: 'not-a-real-secret',
};
const HOSTILE = '**Boss** [click](https://evil.example/x) <at>CEO</at> ${secret}';
const ok = <E>(verdict: 'pass' | 'fail' | 'unknown', evidence: E) => ({
  status: 'ok' as const,
  verdict,
  evidence,
});

/** A tenant whose admin-chosen names (roles, UPN, SKU) are hostile markup. */
function hostileReport(tenantId: string): TenantCheckReport {
  return {
    tenantId,
    checkedAt: '2026-11-23T10:00:00.000Z',
    licences: ok('pass', {
      hasP1: true,
      hasP2: false,
      skus: [
        {
          skuPartNumber: '[sku](https://evil.example/s)',
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
      userPrincipalName: 'x<at>y</at>@contoso.com',
      synced: false,
      cloudOnly: true,
      hasPremiumPlan: true,
    }),
    adminRoles: ok('pass', {
      roles: [{ displayName: HOSTILE, templateId: '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2' }],
      isGlobalAdmin: false,
      isHybridIdentityAdmin: true,
      scope: 'directActiveAssignments' as const,
    }),
    writebackFailures: ok('unknown', {
      since: '2026-11-23T10:00:00.000Z',
      eventCount: 0,
      failureCount: 0,
      lastFailure: null,
      truncated: false,
    }),
  };
}

const reports: TenantReports = { get: (tenantId) => Promise.resolve(hostileReport(tenantId)) };

describe('escalation delivery: Graph evidence neutralised, threads and lines through the outbound sender', () => {
  let h: BotHarness;
  let channel: TeamsChannel;
  const lead = agent('Alex Agent');

  beforeEach(async () => {
    h = await new BotHarness({ env: GRAPH_ENV, tenantReports: reports }).start();
    channel = new TeamsChannel(h.serviceUrl);
    h.connector.teams.set(channel.teamId, new Set([lead.id]));
    await h.send(channel.mention(lead, 'helpdesk here'));
  });
  afterEach(async () => h.stop());

  it('role names, UPNs and SKU names from Graph reach the ticket neutralised', async () => {
    const admin = h.conversation();
    const { card, id } = await sectionSummary(h, admin, en, 'configuration');
    await h.send(admin.submit(sendValue(card, 'plain description'), id));
    const created = h.connector.created[0];
    assert.ok(created, 'the ticket was posted');
    const ticket = cardOf(created.parameters.activity as Record<string, unknown>);
    const text = allText(ticket);
    assert.ok(text.includes('Boss'), 'the roles are on the ticket');
    const json = JSON.stringify(ticket);
    for (const raw of ['<at>', '](https://', '${', '**Boss**', 'https://evil'])
      assert.ok(!json.includes(raw), `no raw ${raw}`);
    assert.ok(json.includes('\\\\*\\\\*Boss\\\\*\\\\*'), 'markdown escaped');
  });

  it('Teams throttling a new thread (429) delays it: the outbound sender retries, the ticket is not lost', async () => {
    const admin = h.conversation();
    const { card, id } = await sectionSummary(h, admin, en);
    // More 429s than the connector client retries by itself: only the outbound sender gets it through.
    h.connector.createFailures.push(429, 429, 429, 429);
    const sent = await h.send(admin.submit(sendValue(card), id));
    assert.equal(h.connector.created.length, 1, 'the thread was started after the 429s');
    assert.equal(h.connector.createAttempts, 5);
    assert.ok(allText(cardOf(sent.sent.at(-1))).includes(en.t('helpdesk.confirm.title', { number: 1 })));
  });

  it('Teams throttling a line in the ticket thread (429) delays it: the outbound sender retries it', async () => {
    const admin = h.conversation();
    const { card, id } = await sectionSummary(h, admin, en);
    await h.send(admin.submit(sendValue(card), id));
    const thread = h.connector.created[0];
    assert.ok(thread, 'the ticket was posted');
    h.connector.failures.push(429, 429, 429, 429);
    const assigned = await h.send(
      channel.submit(lead, thread.conversationId, thread.activityId, {
        wb: { v: 1, a: 'ticket', op: 'assign', n: 1 },
      }),
    );
    assert.equal(assigned.status, 200);
    const inThread = textsIn(h, thread.conversationId);
    assert.equal(
      inThread.filter((t) => t.includes('took ticket #1')).length,
      5,
      'four throttled tries, then the line',
    );
    assert.ok(!inThread.some((t) => t.includes('WB-')), 'no error note');
  });
});
