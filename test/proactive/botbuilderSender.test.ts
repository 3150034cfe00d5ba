import assert from 'node:assert/strict';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  MemoryStorage,
  type Activity,
} from 'botbuilder';
import { BotbuilderTransport, toConversationReference } from '../../src/proactive/botbuilderSender';
import { conversationKeyOf } from '../../src/proactive/conversationReference';
import { OutboundSender } from '../../src/proactive/outboundSender';
import { ConversationReferenceStore } from '../../src/proactive/referenceStore';
import { captureLogs } from './support/logCapture';
import { teamsReference } from './support/references';
import { connectorErrorBody, ScriptedConnector } from './support/scriptedConnector';

describe('BotbuilderTransport through CloudAdapter.continueConversationAsync', () => {
  const connector = new ScriptedConnector();
  let serviceUrl: string;
  let adapter: CloudAdapter;
  let turnErrors: unknown[];

  before(async () => {
    serviceUrl = await connector.start();
  });
  after(() => connector.stop());

  beforeEach(() => {
    connector.requests.length = 0;
    connector.script.length = 0;
    // No app id: the local, unauthenticated mode (as with the Agents Playground).
    adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
    turnErrors = [];
    adapter.onTurnError = (_context, error) => {
      turnErrors.push(error);
      return Promise.resolve();
    };
  });

  async function senderFor(conversationId: string) {
    const storage = new MemoryStorage();
    const references = new ConversationReferenceStore(storage);
    const reference = teamsReference(conversationId, 'tenant-9', serviceUrl);
    await references.save(reference);
    const gone: string[] = [];
    const sender = new OutboundSender<Partial<Activity>>({
      transport: new BotbuilderTransport(adapter, ''),
      references,
      onGone: (key) => {
        gone.push(key);
        return references.delete(key);
      },
      logger: captureLogs().logger,
    });
    return { sender, key: conversationKeyOf(reference), gone, references };
  }

  it('posts the activity into the stored conversation, addressed to the stored user', async () => {
    const { sender, key } = await senderFor('a:personal-1');
    const result = await sender.send(key, (ref) => ({ type: 'message', text: `Hallo (${ref.locale})` }));
    assert.equal(result.outcome, 'sent');
    assert.equal(connector.requests.length, 1);
    const [request] = connector.requests;
    assert.match(request.url, /^\/v3\/conversations\/a%3Apersonal-1\/activities/);
    assert.equal(request.activity.text, 'Hallo (de-DE)');
    assert.deepEqual(request.activity.recipient, {
      id: '29:a:personal-1',
      name: '',
      aadObjectId: 'aad-a:personal-1',
    });
    assert.equal((request.activity.from as { id: string }).id, '28:bot');
    assert.equal((request.activity.conversation as { tenantId?: string }).tenantId, 'tenant-9');
    assert.equal(request.activity.locale, 'de-DE');
  });

  it('lets a 403 reach the sender even when the adapter has an onTurnError handler', async () => {
    connector.script.push({ status: 403, body: connectorErrorBody('MessageWritesBlocked') });
    const { sender, key, gone, references } = await senderFor('a:blocked');
    const result = await sender.send(key, () => ({ type: 'message', text: 'reminder' }));
    assert.equal(result.outcome, 'gone');
    assert.deepEqual(gone, [key]);
    assert.equal(await references.get(key), undefined);
    assert.equal(connector.requests.length, 1);
    assert.deepEqual(turnErrors, []);
  });

  it('honours Retry-After of a 429 that outlasts the connector pipeline retries', async () => {
    for (let i = 0; i < 4; i++) {
      connector.script.push({
        status: 429,
        headers: { 'Retry-After': '1' },
        body: connectorErrorBody('TooManyRequests'),
      });
    }
    const { sender, key } = await senderFor('a:busy');
    const started = Date.now();
    const result = await sender.send(key, () => ({ type: 'message', text: 'reminder' }));
    assert.equal(result.outcome, 'sent');
    assert.equal(result.attempts, 2);
    assert.equal(result.status, 429);
    assert.equal(connector.requests.length, 5);
    assert.ok(Date.now() - started >= 4_000, 'three pipeline waits plus one sender wait of 1 s each');
  });

  it('maps a stored reference to a botbuilder ConversationReference', () => {
    const ref = toConversationReference(teamsReference('19:chat', 'tenant-2', 'https://smba.example/amer/'));
    assert.equal(ref.serviceUrl, 'https://smba.example/amer/');
    assert.equal(ref.channelId, 'msteams');
    assert.equal(ref.conversation?.id, '19:chat');
    assert.equal(ref.conversation?.tenantId, 'tenant-2');
    assert.equal(ref.user?.aadObjectId, 'aad-19:chat');
    assert.equal(ref.bot?.id, '28:bot');
    assert.equal(ref.locale, 'de-DE');
  });
});
