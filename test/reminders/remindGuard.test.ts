import assert from 'node:assert/strict';
import {
  conversationKeyOf,
  referenceFromActivity,
  userKeyOf,
} from '../../src/proactive/conversationReference';
import { MAX_PENDING_PER_USER } from '../../src/reminders/reminderQuota';
import { BotHarness, cardOf, submitActions, type Card } from '../support/botHarness';
import { newUser, type TeamsConversation, type TeamsUser } from '../support/teams';
import { en, okAction, post } from '../turn/raceHelpers';

function remindAction(card: Card, choice: string): Record<string, unknown> {
  const found = submitActions(card).find((a) => {
    const wb = a.data.wb as Record<string, unknown>;
    return wb.a === 'remind' && wb.choice === choice;
  });
  if (!found) throw new Error('no remind choice on the card');
  return found.data;
}

/** "Remind me later" needs the current card's token; duplicates fold; each user has a cap. */
describe('reminders need a current card, fold duplicates and have a cap', () => {
  let h: BotHarness;
  beforeEach(async () => {
    h = await new BotHarness().start();
  });
  afterEach(async () => h.stop());

  const pendingOf = (c: TeamsConversation) => {
    const reference = referenceFromActivity(c.message('x'))!;
    return h.app.proactive.services.scheduler.listPending(userKeyOf(reference), conversationKeyOf(reference));
  };

  async function toFullSync(c: TeamsConversation): Promise<Card> {
    let turn = await h.send(c.submit({ wb: { v: 1, a: 'start', s: 'configuration' } }));
    for (let i = 0; i < 7; i++) turn = await h.send(c.submit(okAction(cardOf(turn.sent[0]))));
    return cardOf(turn.sent[0]);
  }

  it('a forged remind without a token, or with a wrong one, schedules nothing', async () => {
    const c = h.conversation();
    await toFullSync(c);
    for (const wb of [
      { v: 1, a: 'remind', choice: 'in1Hour' },
      { v: 1, a: 'remind', choice: 'in1Hour', t: '00000000-0000-4000-8000-000000000000' },
    ]) {
      const turn = await h.send(c.submit({ wb }));
      assert.deepEqual(
        turn.sent.map((a) => a.text),
        [en.t('notes.stale')],
      );
    }
    assert.equal((await pendingOf(c)).length, 0);
  });

  it('a card that offers no reminder gives no token that works', async () => {
    const c = h.conversation();
    const turn = await h.send(c.submit({ wb: { v: 1, a: 'start', s: 'configuration' } }));
    const t = (submitActions(cardOf(turn.sent[0]))[0].data.wb as { t: string }).t;
    const forged = await h.send(c.submit({ wb: { v: 1, a: 'remind', choice: 'in1Hour', t } }));
    assert.deepEqual(
      forged.sent.map((a) => a.text),
      [en.t('notes.stale')],
    );
    assert.equal((await pendingOf(c)).length, 0);
  });

  it('the same choice twice is one reminder; 50 valid-shaped posts leave at most 5 pending', async () => {
    const c = h.conversation();
    const card = await toFullSync(c);
    const first = await h.send(c.submit(remindAction(card, 'in1Hour')));
    assert.match(String(first.sent[0].text), /^OK, I'll remind you/);
    const again = await h.send(c.submit(remindAction(card, 'in1Hour')));
    const movedPrefix = en.t('guard.remindMoved', { time: '§' }).split('§')[0];
    assert.ok(String(again.sent[0].text).startsWith(movedPrefix), String(again.sent[0].text));
    assert.equal((await pendingOf(c)).length, 1);

    const burst = Array.from({ length: 50 }, () => post(h.baseUrl, c.submit(remindAction(card, 'in4Hours'))));
    assert.ok((await Promise.all(burst)).every((s) => s === 200));
    const pending = await pendingOf(c);
    assert.ok(pending.length <= MAX_PENDING_PER_USER);
    assert.equal(pending.length, 1, 'one kind of reminder per user and conversation');
  });

  it("the summary's own token works; an answered step card's token no longer does", async () => {
    const skipped = h.conversation();
    const card = await toFullSync(skipped);
    const skip = submitActions(card).find((a) => (a.data.wb as { ans?: string }).ans === 'skip')!;
    const summary = cardOf((await h.send(skipped.submit(skip.data))).sent[0]);
    const viaSummary = await h.send(skipped.submit(remindAction(summary, 'in4Hours')));
    assert.match(String(viaSummary.sent[0].text), /^OK, I'll remind you/);
    assert.equal((await pendingOf(skipped)).length, 1);

    const done = h.conversation();
    const fullSync = await toFullSync(done);
    await h.send(done.submit(okAction(fullSync))); // the summary offers no reminder now
    const late = await h.send(done.submit(remindAction(fullSync, 'in1Hour')));
    assert.deepEqual(
      late.sent.map((a) => a.text),
      [en.t('notes.stale')],
    );
    assert.equal((await pendingOf(done)).length, 0);
  });

  it('one user across many conversations: at most 5 pending, the sixth is refused with a note', async () => {
    const user: TeamsUser = newUser('Admin');
    const conversations = Array.from({ length: MAX_PENDING_PER_USER + 1 }, () => h.conversation({ user }));
    const answers: string[] = [];
    for (const c of conversations) {
      const turn = await h.send(c.submit(remindAction(await toFullSync(c), 'in1Hour')));
      answers.push(String(turn.sent[0].text));
    }
    assert.equal(answers[MAX_PENDING_PER_USER], en.t('guard.remindLimit', { count: MAX_PENDING_PER_USER }));
    const counts = await Promise.all(conversations.map(async (c) => (await pendingOf(c)).length));
    assert.equal(
      counts.reduce((a, b) => a + b, 0),
      MAX_PENDING_PER_USER,
    );
  });
});
