import assert from 'node:assert/strict';
import { ErrorCodes } from '../../src/core/errors';
import { APP_ID, authenticatedEnv, EdgeHarness } from '../support/edgeHarness';
import { CHANNEL_ISSUER, newKey, OpenIdStub, signToken } from '../support/openIdStub';
import { TENANT_ID, TeamsConversation } from '../support/teams';

const SERVICE_URL = 'https://smba.trafficmanager.test/emea/';

interface Answer {
  status: number;
  body: { error: { code: string; message: string; fields?: string[] } };
}

async function post(h: EdgeHarness, activity: Record<string, unknown>, token?: string): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await h.postRaw(JSON.stringify(activity), headers);
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

/** Envelope faults an attacker might probe with, each a different field. */
const FAULTS: Array<[string, (a: Record<string, unknown>) => Record<string, unknown>]> = [
  ['from is not an account', (a) => ({ ...a, from: 'x' })],
  ['conversation id is a number', (a) => ({ ...a, conversation: { id: 42 } })],
  ['text too long', (a) => ({ ...a, text: 'x'.repeat(40_001) })],
  ['entities not an array', (a) => ({ ...a, entities: {} })],
];

describe('the envelope’s field list goes to authenticated callers only', () => {
  const key = newKey('order-key');
  const stub = new OpenIdStub([key]);
  let h: EdgeHarness;

  const token = (serviceurl = SERVICE_URL): string => {
    const now = Math.floor(Date.now() / 1000);
    return signToken(
      { iss: CHANNEL_ISSUER, aud: APP_ID, serviceurl, nbf: now - 60, exp: now + 600 },
      { key },
    );
  };

  before(async () => {
    await stub.start();
    h = await new EdgeHarness({ env: authenticatedEnv(stub, TENANT_ID) }).start();
  });
  after(async () => {
    await h.stop();
    await stub.stop();
  });

  for (const [name, mutate] of FAULTS) {
    it(`${name}, without a token → 401 and nothing about the fields`, async () => {
      const c = new TeamsConversation({ serviceUrl: SERVICE_URL });
      const answer = await post(h, mutate(c.message('hi')));
      assert.equal(answer.status, 401);
      assert.deepEqual(answer.body, { error: { code: ErrorCodes.UNAUTHORIZED, message: 'Unauthorized.' } });
    });

    it(`${name}, with a valid token → 400 listing the field`, async () => {
      const c = new TeamsConversation({ serviceUrl: SERVICE_URL });
      const answer = await post(h, mutate(c.message('hi')), token());
      assert.equal(answer.status, 400);
      assert.equal(answer.body.error.code, ErrorCodes.ENVELOPE_INVALID);
      assert.ok(answer.body.error.fields && answer.body.error.fields.length > 0, JSON.stringify(answer));
    });
  }

  it('what authentication itself needs (serviceUrl, channelId) is checked first → 400 with no field list', async () => {
    const c = new TeamsConversation({ serviceUrl: SERVICE_URL });
    for (const activity of [
      { ...c.message('hi'), serviceUrl: undefined },
      { ...c.message('hi'), serviceUrl: 42 },
      { ...c.message('hi'), channelId: { nested: true } },
    ]) {
      const answer = await post(h, activity);
      assert.equal(answer.status, 400);
      assert.deepEqual(answer.body, {
        error: { code: ErrorCodes.ENVELOPE_INVALID, message: 'The activity envelope is invalid.' },
      });
    }
  });

  it('an http serviceUrl (only local mode may use one): 401 without a token, 400 naming serviceUrl with one', async () => {
    const c = new TeamsConversation({ serviceUrl: h.serviceUrl });
    assert.equal((await post(h, c.message('hi'))).status, 401);
    const answer = await post(h, c.message('hi'), token(h.serviceUrl));
    assert.equal(answer.status, 400);
    assert.deepEqual(answer.body.error.fields, ['serviceUrl']);
    assert.equal(h.outbound.length + h.connector.calls.length, 0, 'nothing sent');
    assert.deepEqual(h.storedFor(c.conversationId, c.user.id), [], 'nothing stored');
  });
});

describe('local mode (no authentication): replies go only to this machine', () => {
  let h: EdgeHarness;
  before(async () => {
    h = await new EdgeHarness().start();
  });
  after(async () => h.stop());
  beforeEach(() => {
    h.outbound.length = 0;
  });

  for (const serviceUrl of [
    'https://smba.trafficmanager.net/emea/',
    'https://attacker.example/',
    'https://127.0.0.1.attacker.example/',
    'https://localhost@attacker.example/',
    'http://10.0.0.5:3978/',
  ]) {
    it(`refuses ${serviceUrl} → 400 naming serviceUrl; nothing sent there, nothing stored`, async () => {
      const c = new TeamsConversation({ serviceUrl });
      const answer = await post(h, c.message('hello'));
      assert.equal(answer.status, 400);
      assert.equal(answer.body.error.code, ErrorCodes.ENVELOPE_INVALID);
      assert.deepEqual(answer.body.error.fields, ['serviceUrl'], 'local mode lists the fields (documented)');
      assert.deepEqual(h.outbound, [], 'no reply was sent');
      assert.deepEqual(h.storedFor(c.conversationId, c.user.id), [], 'nothing stored');
    });
  }

  for (const serviceUrl of ['http://127.0.0.1:56150/', 'https://localhost:3979/x/', 'http://[::1]:8080/']) {
    it(`accepts the loopback stand-in ${serviceUrl}`, async () => {
      const c = new TeamsConversation({ serviceUrl });
      const response = await h.postRaw(JSON.stringify(c.message('hello')));
      assert.equal(response.status, 200);
      assert.equal(h.outbound.length, 1, 'the welcome card');
    });
  }
});
