import assert from 'node:assert/strict';
import { MemoryStorage } from 'botbuilder';
import { Localizer } from '../../src/i18n/translator';
import { allText, BotHarness, cardOf, type Card } from '../support/botHarness';
import { sectionSummary, sendValue } from '../support/escalationFlow';
import { TENANT_ID, type TeamsConversation } from '../support/teams';
import { agent, TeamsChannel } from '../support/teamsChannel';
import { cardProblems } from '../support/validateCard';

const localizer = new Localizer();
const en = localizer.for('en');
const lv = localizer.for('lv');

/** The "Copy the case as text" box of a card: its text. */
function copiedCase(card: Card): string | undefined {
  let found: string | undefined;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.id === 'hdCaseText' && typeof record.value === 'string') found = record.value;
    Object.values(record).forEach(visit);
  };
  visit(card);
  return found;
}

describe('helpdesk lifecycle: channel and team events, the bot removed, refused posts (two instances)', () => {
  let h: BotHarness;
  let h2: BotHarness;
  let channel: TeamsChannel;
  let storage: Record<string, string>;
  const lead = agent('Alex Agent');

  beforeEach(async () => {
    storage = {};
    const shared = new MemoryStorage(storage);
    h = await new BotHarness({ storage: shared }).start();
    h2 = await new BotHarness({ storage: shared }).start();
    channel = new TeamsChannel(h.serviceUrl);
    for (const connector of [h.connector, h2.connector])
      connector.teams.set(channel.teamId, new Set([lead.id]));
    assert.equal((await h.send(channel.mention(lead, 'helpdesk here'))).status, 200);
  });
  afterEach(async () => {
    await h.stop();
    await h2.stop();
  });

  /** Both instances get the same event at once (Teams retries, twin deliveries). */
  async function twice(event: Record<string, unknown>): Promise<void> {
    const [a, b] = await Promise.all([h.send(event), h2.send(event)]);
    assert.equal(a.status, 200);
    assert.equal(b.status, 200);
  }

  /** The kept case offered again to this admin (by whichever instance took the event). */
  async function offeredTo(admin: TeamsConversation, t = en): Promise<Card> {
    for (let i = 0; i < 100; i++) {
      const offer = [...h.connector.calls, ...h2.connector.calls]
        .filter((c) => c.conversationId === admin.conversationId && Array.isArray(c.activity.attachments))
        .map((c) => cardOf(c.activity))
        .find((card) => allText(card).includes(t.t('helpdesk.unavailable.backTitle')));
      if (offer) return offer;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.fail('the kept case was not offered again');
  }

  async function escalate(admin: TeamsConversation, t = en, description = 'Nobody can reset passwords') {
    const { card, id } = await sectionSummary(h, admin, t);
    return h.send(admin.submit(sendValue(card, description), id));
  }

  const unavailableCard = (turn: { sent: Array<Record<string, unknown>> }): Card => {
    const last = turn.sent.at(-1);
    const card = cardOf(last);
    assert.deepEqual(cardProblems(card), []);
    return card;
  };

  it('a deleted channel: the admin is told why in Latvian, keeps the case to copy, and it is offered again when a channel is set', async () => {
    await twice(channel.lifecycle('channelDeleted', lead));
    const admin = h.conversation({ locale: 'lv-LV' });
    const turn = await escalate(admin, lv, 'Atiestatīšana neizdodas');
    assert.equal(h.connector.created.length, 0, 'nothing posted into the deleted channel');
    const card = unavailableCard(turn);
    const text = allText(card);
    assert.ok(text.includes(lv.t('helpdesk.unavailable.reasons.channelDeleted', { channel: 'IT Helpdesk' })));
    assert.ok(text.includes(lv.t('helpdesk.unavailable.setup')), 'how to set a channel up again');
    assert.ok(!text.includes(lv.t('helpdesk.failed', { code: 'WB-HD-502', ref: '' }).slice(0, 20)));
    const copy = copiedCase(card);
    assert.ok(copy?.includes('Atiestatīšana neizdodas'), 'the case, with the description, to copy');
    assert.ok(copy?.includes(lv.t('sections.connectivity.title')), 'and the checks');
    assert.equal(storage[`helpdesk/${TENANT_ID}/ticket/1`], undefined, 'no ticket, no number used');

    // The IT team sets a new channel up (same team, another channel): the admin is offered the case again.
    const next = new TeamsChannel(h.serviceUrl, 'IT Support');
    Object.assign(next, { teamId: channel.teamId });
    h.connector.clear();
    await h.send(next.mention(lead, 'helpdesk here'));
    const offerCard = await offeredTo(admin, lv);
    assert.deepEqual(cardProblems(offerCard), []);
    assert.ok(allText(offerCard).includes(lv.t('helpdesk.unavailable.back', { channel: 'IT Support' })));
    const send = sendValue(offerCard, 'Atiestatīšana neizdodas');
    const sent = await h.send(admin.submit(send));
    assert.equal(h.connector.created.length, 1, 'sent from the offer: one ticket in the new channel');
    assert.equal(
      (h.connector.created[0]?.parameters.channelData as { channel: { id: string } }).channel.id,
      next.channelId,
    );
    assert.ok(allText(cardOf(sent.sent.at(-1))).includes(lv.t('helpdesk.confirm.title', { number: 1 })));

    // Offered once: another `helpdesk here` (back in a restored channel) offers nothing again.
    h.connector.clear();
    await h.send(channel.mention(lead, 'helpdesk here'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(h.connector.calls.filter((c) => c.conversationId === admin.conversationId).length, 0);
  });

  it('an admin who uninstalls the app while their case is kept: it is forgotten, not offered again', async () => {
    await twice(channel.lifecycle('channelDeleted', lead));
    const admin = h.conversation();
    await escalate(admin);
    const pendingKey = `helpdesk/${TENANT_ID}/pending`;
    assert.ok(storage[pendingKey]?.includes(admin.conversationId), 'kept');
    await h.send(admin.installationRemove());
    assert.ok(!storage[pendingKey]?.includes(admin.conversationId), 'forgotten with the conversation');
    h.connector.clear();
    await h.send(channel.mention(lead, 'helpdesk here'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(h.connector.calls.filter((c) => c.conversationId === admin.conversationId).length, 0);
  });

  it('requesters with open tickets in a deleted channel are told once, in their language (twin events, two instances)', async () => {
    const admin = h.conversation({ locale: 'lv-LV' });
    await escalate(admin, lv);
    const other = h.conversation();
    await escalate(other, en);
    assert.equal(h.connector.created.length, 2);
    h.connector.clear();
    h2.connector.clear();
    await twice(channel.lifecycle('channelDeleted', lead));
    await twice(channel.lifecycle('channelDeleted', lead));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const toAdmin = [...h.connector.calls, ...h2.connector.calls].filter(
      (c) => c.conversationId === admin.conversationId,
    );
    assert.deepEqual(
      toAdmin.map((c) => c.activity.text),
      [lv.t('helpdesk.notify.channelGone', { number: 1 })],
    );
    const toOther = [...h.connector.calls, ...h2.connector.calls].filter(
      (c) => c.conversationId === other.conversationId,
    );
    assert.deepEqual(
      toOther.map((c) => c.activity.text),
      [en.t('helpdesk.notify.channelGone', { number: 2 })],
    );
  });

  it('a renamed channel is named by its new name; a restored one takes cases again', async () => {
    await twice(channel.lifecycle('channelRenamed', lead, 'IT Service Desk'));
    await twice(channel.lifecycle('channelDeleted', lead));
    const admin = h.conversation();
    const turn = await escalate(admin);
    assert.ok(
      allText(unavailableCard(turn)).includes(
        en.t('helpdesk.unavailable.reasons.channelDeleted', { channel: 'IT Service Desk' }),
      ),
    );
    h.connector.clear();
    await twice(channel.lifecycle('channelRestored', lead));
    const offer = await offeredTo(admin);
    await h.send(admin.submit(sendValue(offer)));
    assert.equal(h.connector.created.length, 1, 'the restored channel takes the case');
  });

  for (const [lost, back, reason] of [
    ['teamArchived', 'teamUnarchived', 'teamArchived'],
    ['teamDeleted', 'teamRestored', 'teamDeleted'],
    ['teamHardDeleted', 'teamRestored', 'teamDeleted'],
  ] as const) {
    it(`${lost} makes the helpdesk unavailable with its reason; ${back} makes it available again`, async () => {
      await twice(channel.lifecycle(lost, lead));
      const admin = h.conversation();
      const turn = await escalate(admin);
      assert.equal(h.connector.created.length, 0);
      assert.ok(
        allText(unavailableCard(turn)).includes(
          en.t(`helpdesk.unavailable.reasons.${reason}`, { channel: 'IT Helpdesk' }),
        ),
      );
      await twice(channel.lifecycle(back, lead));
      await offeredTo(admin);
      const again = h.conversation();
      await escalate(again);
      assert.equal(h.connector.created.length, 1, 'available again');
    });
  }

  it('only the helpdesk’s own channel and team count: other teams’ and channels’ events change nothing', async () => {
    const other = new TeamsChannel(h.serviceUrl, 'Sales', 'Sales');
    await twice(other.lifecycle('channelDeleted', lead));
    await twice(other.lifecycle('teamArchived', lead));
    const sibling = new TeamsChannel(h.serviceUrl, 'Random');
    Object.assign(sibling, { teamId: channel.teamId });
    await twice(sibling.lifecycle('channelDeleted', lead));
    await escalate(h.conversation());
    assert.equal(h.connector.created.length, 1);
    await twice(channel.lifecycle('channelDeleted', lead));
    const turn = await escalate(h.conversation());
    assert.equal(h.connector.created.length, 1, 'its own channel deleted: nothing posted');
    assert.ok(allText(unavailableCard(turn)).includes(en.t('helpdesk.unavailable.title')));
  });

  it('the bot removed from the team: unavailable with that reason; added back: available again', async () => {
    for (const event of channel.botRemoved(lead)) await twice(event);
    const admin = h.conversation();
    const turn = await escalate(admin);
    assert.equal(h.connector.created.length, 0);
    assert.ok(
      allText(unavailableCard(turn)).includes(
        en.t('helpdesk.unavailable.reasons.botRemoved', { channel: 'IT Helpdesk' }),
      ),
    );
    await twice(channel.botAdded(lead));
    await escalate(h.conversation());
    assert.equal(h.connector.created.length, 1, 'available again');
  });

  for (const status of [404, 403]) {
    it(`Teams answering a helpdesk post with ${status}: not "try again later" but unavailable, the case kept`, async () => {
      h.connector.createFailures.push(status);
      const admin = h.conversation();
      const turn = await escalate(admin);
      const card = unavailableCard(turn);
      assert.ok(
        allText(card).includes(en.t('helpdesk.unavailable.reasons.postRejected', { channel: 'IT Helpdesk' })),
      );
      assert.ok(copiedCase(card)?.includes('Nobody can reset passwords'));
      // Marked: the next escalation does not post into it again.
      const before = h.connector.createAttempts;
      const turn2 = await escalate(h.conversation());
      assert.equal(h.connector.createAttempts, before, 'no further post into a channel Teams refused');
      assert.ok(allText(unavailableCard(turn2)).includes(en.t('helpdesk.unavailable.title')));
      // `helpdesk here` in the channel again clears it, and the kept cases are offered again.
      h.connector.clear();
      await h.send(channel.mention(lead, 'helpdesk here'));
      await offeredTo(admin);
    });
  }
});
