import assert from 'node:assert/strict';
import { BotHarness, cardOf, viewAs } from '../support/botHarness';
import { newUser } from '../support/teams';
import { consoleSession, SESSION_PROBLEMS } from '../paste/readers/sessions';
import { en, okAction, stepCards } from './raceHelpers';

describe("a session pasted into someone else's running section (channel)", () => {
  it('is diagnosed for the one who pasted it, but records nothing into the owner’s section', async () => {
    const h = await new BotHarness().start();
    try {
      const alex = newUser('Alex');
      const sam = newUser('Sam');
      const channel = h.conversation({ user: alex, conversationType: 'channel' });
      const [versionCard] = stepCards((await h.send(channel.mention('connectivity'))).sent, 'connectVersion');
      const pasted = await h.send({
        ...channel.mention(consoleSession(SESSION_PROBLEMS)),
        from: { id: sam.id, name: sam.name, aadObjectId: sam.aadObjectId },
      });
      assert.equal(pasted.sent.length, 1);
      const card = cardOf(pasted.sent[0]);
      assert.equal(card.body[0].text, en.t('diagnosis.title'));
      assert.ok(!JSON.stringify(card).includes(en.t('diagnosis.recordedRunning', { count: 3 })));
      // Alex's version card still answers as Alex clicks it, and the firewall check is Alex's to answer.
      // (In a channel the posted card is read-only; Alex's client refreshes it to his view, with the buttons.)
      const next = await h.send(channel.submit(okAction(await viewAs(h, channel, versionCard))));
      assert.equal(stepCards(next.sent, 'firewall').length, 1, 'the firewall check card, not its fix card');
    } finally {
      await h.stop();
    }
  });
});
