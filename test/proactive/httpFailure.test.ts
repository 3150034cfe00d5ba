import assert from 'node:assert/strict';
import { ConnectorClient, MicrosoftAppCredentials } from 'botframework-connector';
import { httpFailureOf, isTransientNetworkFailure } from '../../src/proactive/httpFailure';
import { connectorError } from './support/fakeTransport';
import { connectorErrorBody, ScriptedConnector } from './support/scriptedConnector';

const NOW = Date.UTC(2026, 4, 4, 12, 0, 0);

describe('httpFailureOf', () => {
  it('takes status, Retry-After and the connector code from a RestError', () => {
    const failure = httpFailureOf(connectorError(429, '7', 'TooManyRequests'), NOW);
    assert.deepEqual(failure, { status: 429, retryAfterMs: 7_000, code: 'TooManyRequests' });
  });

  it('reads a Retry-After date from a RestError', () => {
    const failure = httpFailureOf(connectorError(503, new Date(NOW + 30_000).toUTCString()), NOW);
    assert.equal(failure.status, 503);
    assert.equal(failure.retryAfterMs, 30_000);
  });

  it('accepts plain header objects and any header case', () => {
    const failure = httpFailureOf({ statusCode: 429, response: { headers: { 'Retry-After': '2' } } }, NOW);
    assert.deepEqual(failure, { status: 429, retryAfterMs: 2_000 });
  });

  it('recognises a network failure without a status as transient', () => {
    const failure = httpFailureOf(
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      NOW,
    );
    assert.equal(failure.status, undefined);
    assert.ok(isTransientNetworkFailure(failure));
    assert.ok(!isTransientNetworkFailure(httpFailureOf(new Error('boom'), NOW)));
  });

  it('returns nothing for values that are not errors', () => {
    assert.deepEqual(httpFailureOf(undefined, NOW), {});
    assert.deepEqual(httpFailureOf('429', NOW), {});
  });
});

describe('httpFailureOf on errors thrown by botbuilder ConnectorClient', () => {
  const connector = new ScriptedConnector();
  let client: ConnectorClient;

  before(async () => {
    const baseUri = await connector.start();
    client = new ConnectorClient(new MicrosoftAppCredentials('', ''), { baseUri });
  });
  after(() => connector.stop());
  beforeEach(() => {
    connector.requests.length = 0;
    connector.script.length = 0;
  });

  async function sendAndCatch(): Promise<unknown> {
    try {
      await client.conversations.sendToConversation('a:1', { type: 'message', text: 'hi' });
    } catch (err) {
      return err;
    }
    assert.fail('expected the send to fail');
  }

  it('sees 429 + Retry-After after the connector pipeline has retried three times itself', async () => {
    for (let i = 0; i < 4; i++) {
      connector.script.push({
        status: 429,
        headers: { 'Retry-After': '1' },
        body: connectorErrorBody('TooManyRequests'),
      });
    }
    const failure = httpFailureOf(await sendAndCatch());
    assert.deepEqual(failure, { status: 429, retryAfterMs: 1_000, code: 'TooManyRequests' });
    // Each OutboundSender attempt can cost up to 4 HTTP requests: its budget is counted in attempts.
    assert.equal(connector.requests.length, 4);
  });

  it('sees 403 MessageWritesBlocked on the first request', async () => {
    connector.script.push({ status: 403, body: connectorErrorBody('MessageWritesBlocked') });
    const failure = httpFailureOf(await sendAndCatch());
    assert.deepEqual(failure, { status: 403, code: 'MessageWritesBlocked' });
    assert.equal(connector.requests.length, 1);
  });
});
