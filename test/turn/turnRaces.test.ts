import assert from 'node:assert/strict';
import { BotHarness } from '../support/botHarness';
import { en, notes, okAction, post, postedTo, stepCards, welcomeCards } from './raceHelpers';

/**
 * Teams fires installationUpdate and conversationUpdate together on install, and a double click posts
 * the same card submit twice: both must have one effect (one welcome, one next card).
 */
describe('two turns of one conversation at once (one instance, over HTTP)', () => {
  let h: BotHarness;
  before(async () => {
    h = await new BotHarness().start();
  });
  after(async () => h.stop());

  it('the twin install events give exactly one welcome, 20 times out of 20', async () => {
    for (let i = 0; i < 20; i++) {
      const c = h.conversation();
      const statuses = await Promise.all([
        post(h.baseUrl, c.installationAdd()),
        post(h.baseUrl, c.botAdded()),
      ]);
      assert.deepEqual(statuses, [200, 200]);
      assert.equal(welcomeCards(postedTo(h.connector, c.conversationId)), 1, `round ${i + 1}`);
    }
  });

  it('a double click on a step card gives one next card and at most one "no longer current" note', async () => {
    for (let i = 0; i < 5; i++) {
      const c = h.conversation();
      await post(h.baseUrl, c.submit({ wb: { v: 1, a: 'start', s: 'connectivity' } }));
      const [first] = stepCards(postedTo(h.connector, c.conversationId), 'connectVersion');
      assert.ok(first, 'the first check card');
      const click = c.submit(okAction(first));
      const statuses = await Promise.all([post(h.baseUrl, click), post(h.baseUrl, { ...click })]);
      assert.deepEqual(statuses, [200, 200]);
      const sent = postedTo(h.connector, c.conversationId);
      assert.equal(stepCards(sent, 'firewall').length, 1, `one next card (round ${i + 1})`);
      assert.ok(notes(sent, 'notes.stale') <= 1);
      assert.equal(sent.length, 3, 'first card, next card, one note: nothing else');
    }
    assert.ok(en.t('notes.stale').length > 0);
  });

  it('turns of different conversations still run side by side', async () => {
    const conversations = Array.from({ length: 10 }, () => h.conversation());
    await Promise.all(conversations.map((c) => post(h.baseUrl, c.message('hi'))));
    for (const c of conversations) assert.equal(welcomeCards(postedTo(h.connector, c.conversationId)), 1);
  });
});
