import assert from 'node:assert/strict';
import { OWNER_IDLE_MS } from '../../src/troubleshooting/handlers/ownership';
import { BotHarness, cardOf, viewAs, type Card } from '../support/botHarness';
import { newUser, type TeamsConversation, type TeamsUser } from '../support/teams';
import { en, okAction, stepCards } from '../turn/raceHelpers';

/** The same channel conversation, as another member writes in it. */
function as(user: TeamsUser, activity: Record<string, unknown>): Record<string, unknown> {
  return { ...activity, from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId } };
}

describe('who may click in a channel: the section belongs to its starter', () => {
  let h: BotHarness;
  let clock = Date.parse('2026-12-02T10:00:00Z');
  const alex = newUser('Alex');
  const sam = newUser('Sam');
  let channel: TeamsConversation;
  let firstCard: Card;

  beforeEach(async () => {
    clock = Date.parse('2026-12-02T10:00:00Z');
    h = await new BotHarness({ now: () => new Date(clock) }).start();
    channel = h.conversation({ user: alex, conversationType: 'channel' });
    const started = await h.send(channel.mention('connectivity'));
    const [posted] = stepCards(started.sent, 'connectVersion');
    assert.ok(posted, "Alex's first card");
    // In a channel the posted card is read-only; Alex's Teams client refreshes it to his view, with the buttons.
    firstCard = await viewAs(h, channel, posted);
  });
  afterEach(async () => h.stop());

  const samInChannel = () =>
    h.conversation({ user: sam, conversationType: 'channel', conversationId: channel.conversationId });
  const texts = (turn: { sent: Array<Record<string, unknown>> }) => turn.sent.map((a) => a.text);

  it("another member's click on the owner's card gets a note and changes nothing", async () => {
    const click = await h.send(as(sam, channel.submit(okAction(firstCard))));
    assert.deepEqual(texts(click), [en.t('guard.notYours')]);
    assert.equal(click.updates.length, 0, 'the card is not marked answered');
    const owner = await h.send(channel.submit(okAction(firstCard)));
    assert.equal(stepCards(owner.sent, 'firewall').length, 1, 'the owner still answers the same card');
  });

  it('others cannot cancel, restart or replace the section; help and event IDs still work for them', async () => {
    for (const text of ['cancel', 'restart', 'menu', 'configuration', 'run all', '2.4.18.0']) {
      assert.deepEqual(texts(await h.send(as(sam, channel.mention(text)))), [en.t('guard.notYours')], text);
    }
    const help = await h.send(as(sam, channel.mention('help')));
    assert.equal(cardOf(help.sent[0]).body[0].text, en.t('welcome.helpTitle'));
    const event = await h.send(as(sam, channel.mention('33004')));
    assert.equal(event.sent.length, 1);
    assert.notEqual(event.sent[0].text, en.t('guard.notYours'));
    const owner = await h.send(channel.submit(okAction(firstCard)));
    assert.equal(stepCards(owner.sent, 'firewall').length, 1);
  });

  it("another member's language change is theirs alone: the owner's card is not re-sent", async () => {
    const changed = await h.send(as(sam, channel.mention('language lv')));
    assert.equal(changed.sent.length, 1, 'only the confirmation, no re-sent step card');
    assert.equal(changed.updates.length, 0);
    const owner = await h.send(channel.submit(okAction(firstCard)));
    assert.equal(stepCards(owner.sent, 'firewall').length, 1, "the owner's card is still the current one");
  });

  it('once the owner stops, anyone may start a section of their own and owns it', async () => {
    assert.deepEqual(texts(await h.send(channel.mention('cancel'))), [en.t('notes.cancelled')]);
    const mine = await h.send(as(sam, channel.mention('connectivity')));
    const [samPosted] = stepCards(mine.sent, 'connectVersion');
    assert.ok(samPosted);
    const samCard = await viewAs(h, samInChannel(), samPosted);
    assert.deepEqual(texts(await h.send(channel.submit(okAction(samCard)))), [en.t('guard.notYours')]);
    const own = await h.send(as(sam, channel.submit(okAction(samCard))));
    assert.equal(stepCards(own.sent, 'firewall').length, 1);
  });

  it('an owner silent for an hour no longer holds the section: the next member takes it over', async () => {
    clock += OWNER_IDLE_MS - 60_000;
    assert.deepEqual(texts(await h.send(as(sam, channel.submit(okAction(firstCard))))), [
      en.t('guard.notYours'),
    ]);
    clock += 2 * 60_000;
    const takeOver = await h.send(as(sam, channel.submit(okAction(firstCard))));
    const [nextPosted] = stepCards(takeOver.sent, 'firewall');
    assert.ok(nextPosted, 'Sam answered the card');
    const next = await viewAs(h, samInChannel(), nextPosted);
    assert.deepEqual(texts(await h.send(channel.submit(okAction(next)))), [en.t('guard.notYours')]);
  });

  it('in a personal chat nothing changes (one user)', async () => {
    const personal = h.conversation({ user: alex });
    const turn = await h.send(personal.message('connectivity'));
    const [card] = stepCards(turn.sent, 'connectVersion');
    assert.equal(stepCards((await h.send(personal.submit(okAction(card)))).sent, 'firewall').length, 1);
  });
});
