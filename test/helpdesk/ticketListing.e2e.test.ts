import assert from 'node:assert/strict';
import { MemoryStorage } from 'botbuilder';
import { newTicket } from '../../src/helpdesk/escalation';
import { HelpdeskStore } from '../../src/helpdesk/store';
import { Localizer } from '../../src/i18n/translator';
import { allText, BotHarness, cardOf, submitActions, type Card } from '../support/botHarness';
import { captureLogs, WARN } from '../proactive/support/logCapture';
import { TENANT_ID, type TeamsConversation } from '../support/teams';
import { agent, TeamsChannel } from '../support/teamsChannel';

const en = new Localizer().for('en');

const listed = (card: Card): number[] => [...allText(card).matchAll(/^#(\d+) · /gm)].map((m) => Number(m[1]));

describe('`tickets`: pages past the newest 200; stored tickets validated when loaded', () => {
  let h: BotHarness;
  let memory: Record<string, string>;
  let store: HelpdeskStore;
  let channel: TeamsChannel;
  let admin: TeamsConversation;
  const logs = captureLogs('info');
  const lead = agent('Alex Agent');

  beforeEach(async () => {
    memory = {};
    logs.lines.length = 0;
    const storage = new MemoryStorage(memory);
    store = new HelpdeskStore(storage);
    h = await new BotHarness({ storage, logger: logs.logger }).start();
    channel = new TeamsChannel(h.serviceUrl);
    h.connector.teams.set(channel.teamId, new Set([lead.id]));
    await h.send(channel.mention(lead, 'helpdesk here'));
    admin = h.conversation();
  });
  afterEach(async () => h.stop());

  /** `count` tickets from the admin, oldest first; `open(n)` says which stay open. */
  async function tickets(count: number, open: (n: number) => boolean): Promise<void> {
    for (let n = 1; n <= count; n++) {
      const draft = newTicket({
        tenantId: TENANT_ID,
        scope: 'connectivity',
        requester: {
          id: admin.user.id,
          aadObjectId: admin.user.aadObjectId,
          name: 'Admin',
          conversationKey: `msteams:${admin.conversationId}`,
          locale: 'en-US',
        },
        helpdesk: { teamId: channel.teamId, channelId: channel.channelId, locale: 'en-US' },
        snapshot: { answers: {}, events: [] },
        description: `case ${n}`,
        now: Date.parse('2026-11-01T10:00:00Z') + n * 60_000,
      });
      const created = await store.create({ ...draft, status: open(n) ? 'open' : 'resolved' });
      assert.equal(created.kind, 'created');
    }
  }

  it('open tickets older than the newest 200 are listed, 30 a page, with "Show older"', async () => {
    await tickets(260, (n) => n <= 40);
    const first = await h.send(channel.mention(lead, 'tickets'));
    const card = cardOf(first.sent[0]);
    assert.deepEqual(
      listed(card),
      Array.from({ length: 30 }, (_, i) => 40 - i),
    );
    const older = submitActions(card).find((a) => a.title === en.t('helpdesk.list.older'));
    assert.ok(older, 'a "Show older" button');
    const second = await h.send(
      channel.submit(lead, channel.channelId, String(first.sent[0]?.id), older.data),
    );
    assert.deepEqual(
      listed(cardOf(second.sent[0])),
      Array.from({ length: 10 }, (_, i) => 10 - i),
    );
    // The admin's own list pages the same way.
    const mine = await h.send(admin.message('tickets'));
    assert.equal(listed(cardOf(mine.sent[0])).length, 30);
  });

  it('a damaged ticket record is logged (WB-HD-604) and skipped; the others are listed', async () => {
    await tickets(3, () => true);
    const key = `helpdesk/${TENANT_ID}/ticket/2`;
    const damaged = { ...(JSON.parse(memory[key]) as Record<string, unknown>), createdAt: 'yesterday' };
    memory[key] = JSON.stringify(damaged);
    const turn = await h.send(admin.message('tickets'));
    assert.equal(turn.status, 200);
    assert.deepEqual(listed(cardOf(turn.sent[0])), [3, 1]);
    const line = logs.lines.find((l) => l.code === 'WB-HD-604');
    assert.ok(line, 'logged with its code');
    assert.equal(line.level, WARN);
    assert.equal(line.ticket, 2);
    // Asked for on its own (a click on its card): not shown, no crash.
    const click = await h.send(
      channel.submit(lead, channel.channelId, 'card-2', { wb: { v: 1, a: 'ticket', op: 'assign', n: 2 } }),
    );
    assert.equal(click.status, 200);
    assert.ok(click.sent.some((a) => a.text === en.t('helpdesk.refusals.missing')));
  });
});
