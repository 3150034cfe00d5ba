import assert from 'node:assert/strict';
import { TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { ETagConversationState, isStateConflict } from '../../src/storage/eTagConversationState';
import { startAzurite, type AzuriteInstance } from '../support/azurite';
import { BotHarness } from '../support/botHarness';
import { FakeConnector } from '../support/fakeConnector';
import { TeamsConversation } from '../support/teams';
import { notes, okAction, post, postedTo, stepCards, welcomeCards } from './raceHelpers';

/**
 * Two bot instances on one Azure Storage (Azurite): the twin install events and a double click land on
 * different instances at the same moment, and still have one effect each (the blob lease serialises them).
 */
describe('two turns of one conversation at once on two instances (Azurite)', () => {
  let azurite: AzuriteInstance;
  let a: BotHarness;
  let b: BotHarness;
  const connector = new FakeConnector();
  let serviceUrl: string;

  before(async function () {
    this.timeout(60_000);
    azurite = await startAzurite();
    serviceUrl = await connector.start();
    const env = { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString };
    a = await new BotHarness({ env, configuredStorage: true }).start();
    b = await new BotHarness({ env, configuredStorage: true }).start();
  });
  after(async () => {
    await a?.stop();
    await b?.stop();
    await connector.stop();
    await azurite?.stop();
  });

  it('installationUpdate on one instance and conversationUpdate on the other: one welcome', async function () {
    this.timeout(60_000);
    for (let i = 0; i < 10; i++) {
      const c = new TeamsConversation({ serviceUrl });
      const [x, y] = i % 2 === 0 ? [a, b] : [b, a];
      const statuses = await Promise.all([
        post(x.baseUrl, c.installationAdd()),
        post(y.baseUrl, c.botAdded()),
      ]);
      assert.deepEqual(statuses, [200, 200]);
      assert.equal(welcomeCards(postedTo(connector, c.conversationId)), 1, `round ${i + 1}`);
    }
  });

  it('the same click on both instances: one next card, at most one stale note', async function () {
    this.timeout(60_000);
    for (let i = 0; i < 5; i++) {
      const c = new TeamsConversation({ serviceUrl });
      assert.equal(await post(a.baseUrl, c.submit({ wb: { v: 1, a: 'start', s: 'connectivity' } })), 200);
      const [first] = stepCards(postedTo(connector, c.conversationId), 'connectVersion');
      assert.ok(first, 'the first check card');
      const click = c.submit(okAction(first));
      const statuses = await Promise.all([post(a.baseUrl, click), post(b.baseUrl, { ...click })]);
      assert.deepEqual(statuses, [200, 200]);
      const sent = postedTo(connector, c.conversationId);
      assert.equal(stepCards(sent, 'firewall').length, 1, `one next card (round ${i + 1})`);
      assert.ok(notes(sent, 'notes.stale') <= 1);
    }
  });

  it('BlobsStorage: a save with a stale eTag is refused as a conflict, the first save is kept', async () => {
    const state = new ETagConversationState(new BlobsStorage(azurite.connectionString, 'etag-test'));
    const activity = {
      type: 'message',
      channelId: 'msteams',
      conversation: { id: 'a:blob-conflict' },
      from: { id: 'u', name: 'User' },
      recipient: { id: 'b', name: 'Bot' },
    } as Partial<Activity>;
    const turn = (): TurnContext => new TurnContext(new TestAdapter(), { ...activity });
    const step = state.createProperty<number>('step');
    const seed = turn();
    await step.set(seed, 1);
    await state.saveChanges(seed);
    const [first, second] = [turn(), turn()];
    assert.equal(await step.get(first), 1);
    assert.equal(await step.get(second), 1);
    await step.set(first, 2);
    await step.set(second, 3);
    await state.saveChanges(first);
    await assert.rejects(state.saveChanges(second), (err) => isStateConflict(err));
    assert.equal(await step.get(turn()), 2);
  });
});
