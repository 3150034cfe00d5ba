import assert from 'node:assert/strict';
import { request } from 'node:http';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Writable } from 'node:stream';
import { ErrorCodes } from '../../src/core/errors';
import { createLogger } from '../../src/core/logger';
import { BotHarness } from '../support/botHarness';

const MAX_BODY = 65_536;

function uploads(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith('upload_'));
}

/** Posts a body in chunks with no Content-Length (Transfer-Encoding: chunked); resolves with the status. */
function postChunked(url: string, chunks: string[], contentType = 'application/json'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': contentType } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    // The server may close the connection once it has answered 413: that is the point.
    req.on('error', (err) => (req.writableEnded ? undefined : reject(err)));
    let i = 0;
    const writeNext = (): void => {
      if (i >= chunks.length) {
        req.end();
        return;
      }
      req.write(chunks[i++], () => setImmediate(writeNext));
    };
    writeNext();
  });
}

describe('the public endpoint: what is read before anything else', () => {
  let h: BotHarness;
  const logLines: string[] = [];
  before(async () => {
    const stream = new Writable({
      write: (chunk: Buffer, _enc, done) => {
        logLines.push(chunk.toString('utf8'));
        done();
      },
    });
    h = await new BotHarness({
      env: { MAX_BODY_BYTES: String(MAX_BODY) },
      logger: createLogger('info', stream),
    }).start();
  });
  after(async () => h.stop());
  beforeEach(() => {
    logLines.length = 0;
    h.connector.clear();
  });

  it('a 3 MB multipart upload without Authorization → 415, and no upload_* file appears in the temp directory', async () => {
    const before = uploads();
    const form = new FormData();
    form.append('file', new Blob([Buffer.alloc(3 * 1024 * 1024, 65)]), 'big.bin');
    const response = await fetch(`${h.baseUrl}/api/messages`, { method: 'POST', body: form });
    assert.equal(response.status, 415);
    assert.equal(
      ((await response.json()) as { error: { code: string } }).error.code,
      ErrorCodes.UNSUPPORTED_MEDIA_TYPE,
    );
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(
      uploads().filter((name) => !before.includes(name)),
      [],
    );
  });

  for (const contentType of [
    'text/plain',
    'application/x-www-form-urlencoded',
    'application/json; charset=latin1',
    'application/jsonx',
  ]) {
    it(`Content-Type ${contentType} → 415`, async () => {
      const response = await h.postRaw(JSON.stringify(h.conversation().message('hi')), {
        'content-type': contentType,
      });
      assert.equal(response.status, 415);
      assert.equal(h.connector.calls.length, 0);
    });
  }

  it('no Content-Type → 415', async () => {
    const response = await fetch(`${h.baseUrl}/api/messages`, {
      method: 'POST',
      body: new Uint8Array(Buffer.from(JSON.stringify(h.conversation().message('hi')))),
    });
    assert.equal(response.status, 415);
  });

  it('application/json with charset=utf-8 is accepted', async () => {
    const response = await h.postRaw(JSON.stringify(h.conversation().message('hi')), {
      'content-type': 'Application/JSON; charset=UTF-8',
    });
    assert.equal(response.status, 200);
    assert.equal(h.connector.sent.length, 1);
  });

  it('a chunked body without Content-Length over MAX_BODY_BYTES → 413, counted as it streams', async () => {
    const status = await postChunked(`${h.baseUrl}/api/messages`, [
      '{"type":"message","text":"',
      ...Array.from({ length: 80 }, () => 'x'.repeat(1024)),
      '"}',
    ]);
    assert.equal(status, 413);
    assert.equal(h.connector.calls.length, 0);
  });

  it('a chunked body within the limit is read and answered', async () => {
    const body = JSON.stringify(h.conversation().message('hi'));
    const status = await postChunked(`${h.baseUrl}/api/messages`, [body.slice(0, 50), body.slice(50)]);
    assert.equal(status, 200);
  });

  it('GET /healthz still answers, with no body to read', async () => {
    assert.equal((await fetch(`${h.baseUrl}/healthz`)).status, 200);
  });

  const envelopes: Array<[string, (a: Record<string, unknown>) => Record<string, unknown>]> = [
    ['a serviceUrl that is not a URL', (a) => ({ ...a, serviceUrl: 'not a url' })],
    ['a missing serviceUrl', ({ serviceUrl: _s, ...a }) => a],
    ['an http serviceUrl to another host', (a) => ({ ...a, serviceUrl: 'http://smba.example.com/' })],
    ['a missing from', ({ from: _f, ...a }) => a],
    ['a from without id', (a) => ({ ...a, from: { name: 'x' } })],
    ['a missing conversation', ({ conversation: _c, ...a }) => a],
    ['a conversation id that is a number', (a) => ({ ...a, conversation: { id: 42 } })],
    ['a missing recipient', ({ recipient: _r, ...a }) => a],
    ['entities that is not an array', (a) => ({ ...a, entities: { type: 'clientInfo' } })],
    ['membersAdded that is not an array', (a) => ({ ...a, type: 'conversationUpdate', membersAdded: 'bot' })],
    ['membersRemoved items without id', (a) => ({ ...a, type: 'conversationUpdate', membersRemoved: [{}] })],
    ['attachments that is a string', (a) => ({ ...a, attachments: 'x' })],
    ['a text longer than 40,000 characters', (a) => ({ ...a, text: 'x'.repeat(40_001) })],
    ['a conversation id of 2 KB', (a) => ({ ...a, conversation: { id: 'a'.repeat(2048) } })],
    ['a timestamp that is not a date', (a) => ({ ...a, timestamp: 'yesterday-ish' })],
    // Found by the fuzz test: each failed inside the turn (the user got an error note).
    [
      'conversation.isGroup that is not a boolean',
      (a) => ({ ...a, conversation: { id: 'a:1', isGroup: 'yes' } }),
    ],
    ['a conversation id with a control character', (a) => ({ ...a, conversation: { id: 'a:1\u0001' } })],
    ['an entity without a type', (a) => ({ ...a, entities: [{ locale: 'en-US' }] })],
    [
      'a mention without the mentioned account',
      (a) => ({ ...a, entities: [{ type: 'mention', text: '<at>bot</at>' }] }),
    ],
    [
      'a mention in an activity without text',
      ({ text: _t, ...a }) => ({
        ...a,
        entities: [{ type: 'mention', text: '<at>bot</at>', mentioned: { id: 'x' } }],
      }),
    ],
    [
      'an invoke whose value is not an object',
      (a) => ({ ...a, type: 'invoke', name: 'task/fetch', value: 5 }),
    ],
    [
      'an Action.Execute invoke without an action',
      (a) => ({ ...a, type: 'invoke', name: 'adaptiveCard/action', value: { trigger: 'manual' } }),
    ],
  ];
  for (const [name, mutate] of envelopes) {
    it(`${name} → 400 with ${ErrorCodes.ENVELOPE_INVALID}, quickly, nothing sent, no stack logged`, async () => {
      const started = Date.now();
      const response = await h.postRaw(JSON.stringify(mutate(h.conversation().message('hi'))), {
        'content-type': 'application/json',
      });
      assert.equal(response.status, 400);
      const body = (await response.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, ErrorCodes.ENVELOPE_INVALID);
      assert.ok(Date.now() - started < 1000, 'no retries against any connector');
      assert.equal(h.connector.calls.length, 0);
      const logs = logLines.join('');
      assert.doesNotMatch(logs, /"stack"|\n\s+at /);
      assert.match(logs, new RegExp(ErrorCodes.ENVELOPE_INVALID));
    });
  }

  it('extra fields Teams may add are allowed', async () => {
    const activity = { ...h.conversation().message('hi'), somethingNew: { nested: [1, 2] }, attachments: [] };
    const response = await h.postRaw(JSON.stringify(activity));
    assert.equal(response.status, 200);
  });
});

// With authentication on, the envelope is checked after the token: test/http/envelopeOrder.test.ts.
