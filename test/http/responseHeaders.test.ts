import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import restify from 'restify';
import { ErrorCodes } from '../../src/core/errors';
import { answerRestifyErrors, securityHeaders } from '../../src/http/responseHeaders';
import { createLogger } from '../../src/core/logger';
import { BotHarness } from '../support/botHarness';

const PROBE = '/no-such-page/<script>alert(1)</script>';

function assertHardened(response: Response, what: string): void {
  assert.equal(response.headers.get('x-content-type-options'), 'nosniff', `${what}: nosniff`);
  assert.equal(response.headers.get('cache-control'), 'no-store', `${what}: no-store`);
}

describe('every answer carries nosniff and no-store; restify’s own errors use the app’s shape', () => {
  let h: BotHarness;
  before(async () => {
    h = await new BotHarness().start();
  });
  after(async () => h.stop());

  it('a turn (200), a refused envelope (400), a wrong content type (415) and /healthz (200)', async () => {
    const ok = await h.postRaw(JSON.stringify(h.conversation().message('hello')));
    assert.equal(ok.status, 200);
    assertHardened(ok, '200 from /api/messages');

    const bad = await h.postRaw(JSON.stringify({ ...h.conversation().message('hi'), from: 'x' }));
    assert.equal(bad.status, 400);
    assertHardened(bad, '400 envelope');

    const text = await h.postRaw('hi', { 'content-type': 'text/plain' });
    assert.equal(text.status, 415);
    assertHardened(text, '415');

    const health = await fetch(`${h.baseUrl}/healthz`);
    assert.equal(health.status, 200);
    assertHardened(health, '/healthz');
  });

  it('an unknown path → 404 WB-HTTP-404 whose body does not echo the path', async () => {
    const response = await fetch(`${h.baseUrl}${PROBE}?q=<b>`, { headers: { accept: 'text/html' } });
    assert.equal(response.status, 404);
    assertHardened(response, '404');
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    const body = await response.text();
    assert.deepEqual(JSON.parse(body), { error: { code: ErrorCodes.NOT_FOUND, message: 'Not found.' } });
    for (const echoed of ['no-such-page', 'script', '%3Cscript', 'q='])
      assert.ok(!body.includes(echoed), body);
  });

  it('a wrong method → 405 WB-HTTP-405, with Allow', async () => {
    for (const [path, method, allow] of [
      ['/api/messages', 'GET', 'POST'],
      ['/healthz', 'DELETE', 'GET'],
    ]) {
      const response = await fetch(`${h.baseUrl}${path}`, { method });
      assert.equal(response.status, 405);
      assertHardened(response, `405 ${method} ${path}`);
      assert.equal(response.headers.get('allow'), allow);
      assert.deepEqual(await response.json(), {
        error: { code: ErrorCodes.METHOD_NOT_ALLOWED, message: 'Method not allowed.' },
      });
    }
  });
});

describe('a handler’s unexpected error', () => {
  it('→ 500 WB-HTTP-500 without the error text, logged with its code', async () => {
    const lines: string[] = [];
    const logger = createLogger(
      'info',
      new Writable({
        write: (chunk: Buffer, _enc, done) => {
          lines.push(chunk.toString('utf8'));
          done();
        },
      }),
    );
    const server = restify.createServer({ handleUncaughtExceptions: false });
    server.pre(securityHeaders());
    answerRestifyErrors(server, logger);
    server.get('/boom', async () => {
      await Promise.resolve();
      throw new Error('secret internals at /srv/db');
    });
    await new Promise<void>((resolve) => {
      server.listen(0, '127.0.0.1', resolve);
    });
    try {
      const response = await fetch(`http://127.0.0.1:${server.address().port}/boom`);
      assert.equal(response.status, 500);
      assertHardened(response, '500');
      const body = await response.text();
      assert.deepEqual(JSON.parse(body), {
        error: { code: ErrorCodes.HTTP_FAILED, message: 'The request failed.' },
      });
      assert.ok(lines.some((l) => l.includes(ErrorCodes.HTTP_FAILED) && l.includes('secret internals')));
    } finally {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
      });
    }
  });
});
