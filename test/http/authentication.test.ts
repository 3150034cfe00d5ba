import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { ErrorCodes } from '../../src/core/errors';
import { createLogger } from '../../src/core/logger';
import { allText, cardOf } from '../support/botHarness';
import { APP_ID, authenticatedEnv, cloudEnv, EdgeHarness } from '../support/edgeHarness';
import { CHANNEL_ISSUER, newKey, OpenIdStub, signToken, type TestKey } from '../support/openIdStub';
import { TENANT_ID, TeamsConversation } from '../support/teams';

const SERVICE_URL = 'https://smba.trafficmanager.test/emea/';

/** Captures pino lines and anything written to stderr while a request runs. */
class Capture {
  readonly lines: string[] = [];
  readonly stderr: string[] = [];
  readonly stream = new Writable({
    write: (chunk: Buffer, _enc, done) => {
      this.lines.push(chunk.toString('utf8'));
      done();
    },
  });
  /** Runs `fn` with stderr captured (the SDK's console.error would land there). */
  async duringStderr<T>(fn: () => Promise<T>): Promise<T> {
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = (chunk: string | Uint8Array): boolean => {
      this.stderr.push(String(chunk));
      return true;
    };
    try {
      return await fn();
    } finally {
      process.stderr.write = original;
    }
  }
}

function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: CHANNEL_ISSUER,
    aud: APP_ID,
    serviceurl: SERVICE_URL,
    nbf: now - 60,
    iat: now - 60,
    exp: now + 3600,
    ...overrides,
  };
}

describe('authentication of /api/messages against a local OpenID metadata + JWKS endpoint', () => {
  const known: TestKey = newKey('known-key');
  const webchatOnly: TestKey = newKey('webchat-key', ['webchat', 'directline']);
  const impostor: TestKey = newKey('known-key'); // same key id, another private key: never published
  const stub = new OpenIdStub([known, webchatOnly]);
  let h: EdgeHarness;
  let capture: Capture;

  before(async () => {
    await stub.start();
  });
  after(async () => stub.stop());

  beforeEach(async () => {
    capture = new Capture();
    h = await new EdgeHarness({
      env: authenticatedEnv(stub, TENANT_ID),
      logger: createLogger('info', capture.stream),
    }).start();
  });
  afterEach(async () => h.stop());

  function conversation(): TeamsConversation {
    return new TeamsConversation({ serviceUrl: SERVICE_URL });
  }

  async function post(
    activity: Record<string, unknown>,
    token?: string,
  ): Promise<{ status: number; text: string }> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    return capture.duringStderr(async () => {
      const response = await h.postRaw(JSON.stringify(activity), headers);
      return { status: response.status, text: await response.text() };
    });
  }

  it('a valid channel token: the turn runs (welcome card, state and reference stored)', async () => {
    const c = conversation();
    const { status } = await post(c.message('hello'), signToken(claims(), { key: known }));
    assert.equal(status, 200);
    assert.equal(h.outbound.length, 1);
    assert.match(allText(cardOf(h.outbound[0])), /Run all checks/);
    assert.ok(h.storedFor(c.conversationId, c.user.id).length > 0, 'state and reference stored');
  });

  const forged: Array<[string, () => string | undefined]> = [
    ['no Authorization header', () => undefined],
    [
      'a known key id with a wrong signature',
      () => {
        const token = signToken(claims(), { key: known });
        const [head, body] = token.split('.');
        return `${head}.${body}.${Buffer.from('not the signature').toString('base64url')}`;
      },
    ],
    ['alg: none', () => signToken(claims(), { alg: 'none', kid: known.kid })],
    [
      'a stripped signature',
      () => signToken(claims(), { key: known }).split('.').slice(0, 2).join('.') + '.',
    ],
    ['an HS256 token', () => signToken(claims(), { alg: 'HS256', kid: known.kid, secret: 'guess' })],
    [
      'a token not valid yet',
      () => signToken(claims({ nbf: Math.floor(Date.now() / 1000) + 3600 }), { key: known }),
    ],
    [
      'an expired token',
      () => signToken(claims({ exp: Math.floor(Date.now() / 1000) - 3600 }), { key: known }),
    ],
    [
      'a wrong audience',
      () => signToken(claims({ aud: '99999999-9999-4999-8999-999999999999' }), { key: known }),
    ],
    ['a wrong issuer', () => signToken(claims({ iss: 'https://evil.example' }), { key: known })],
    [
      'a wrong serviceUrl claim',
      () => signToken(claims({ serviceurl: 'https://evil.example/' }), { key: known }),
    ],
    ['an unknown key id', () => signToken(claims(), { key: { ...known, kid: 'nobody-knows' } })],
    ['a known key id signed by another key', () => signToken(claims(), { key: impostor })],
    ['a key not endorsed for msteams', () => signToken(claims(), { key: webchatOnly })],
    ['garbage', () => 'x.y.z'],
  ];
  for (const [name, token] of forged) {
    it(`${name} → 401, no detail, logged once, nothing sent or stored`, async () => {
      const c = conversation();
      const bearer = token();
      const { status, text } = await post(c.message('hello'), bearer);
      assert.equal(status, 401);
      assert.deepEqual(JSON.parse(text), {
        error: { code: ErrorCodes.UNAUTHORIZED, message: 'Unauthorized.' },
      });
      assert.equal(h.outbound.length, 0, 'nothing sent');
      assert.equal(h.connector.calls.length, 0);
      assert.deepEqual(h.storedFor(c.conversationId, c.user.id), [], 'nothing stored');
      const failures = capture.lines.filter((l) => l.includes('"authentication failed"'));
      assert.equal(failures.length, 1, capture.lines.join(''));
      assert.equal((JSON.parse(failures[0]) as { code: string }).code, ErrorCodes.UNAUTHORIZED);
      if (bearer) assert.ok(!capture.lines.join('').includes(bearer.split('.')[1]), 'no token in the log');
      assert.deepEqual(capture.stderr, [], 'no SDK output on stderr');
    });
  }
});

describe('authentication when the OpenID metadata endpoint is unreachable', () => {
  it('answers 503 and runs nothing', async () => {
    const gone = await new OpenIdStub([]).start();
    await gone.stop(); // a port nobody listens on any more
    const h = await new EdgeHarness({
      env: {
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'test-only-secret',
        MicrosoftAppTenantId: TENANT_ID,
        ...cloudEnv(gone.metadataUrl),
      },
    }).start();
    try {
      const c = new TeamsConversation({ serviceUrl: SERVICE_URL });
      const key = newKey('k');
      const response = await h.postRaw(JSON.stringify(c.message('hello')), {
        'content-type': 'application/json',
        authorization: `Bearer ${signToken(claims(), { key })}`,
      });
      assert.equal(response.status, 503);
      assert.equal(
        ((await response.json()) as { error: { code: string } }).error.code,
        ErrorCodes.AUTH_UNAVAILABLE,
      );
      assert.equal(h.outbound.length, 0);
      assert.deepEqual(h.storedFor(c.conversationId, c.user.id), []);
    } finally {
      await h.stop();
    }
  });
});
