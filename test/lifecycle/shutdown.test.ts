import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/botProcess';
import { CapturedBot } from '../support/capturedBot';
import { SlowConnector } from '../support/slowConnector';
import { TeamsConversation } from '../support/teams';

/** POST with node:http so the response's Connection header is visible. */
function post(port: number, body: unknown): Promise<{ status: number; connection?: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/messages',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** A keep-alive connection that made one request and now sits idle; resolves `closed` when the server ends it. */
async function idleKeepAlive(port: number): Promise<{ socket: Socket; closed: Promise<void> }> {
  const socket = connect(port, '127.0.0.1');
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const answered = new Promise<void>((resolve) => socket.once('data', () => resolve()));
  socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
  await answered;
  return { socket, closed };
}

describe('shutdown on SIGTERM (a real bot process)', () => {
  const connector = new SlowConnector(1_500);
  let dataDir: string;
  let bot: CapturedBot | undefined;

  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'wb-shutdown-'));
  });
  after(async () => {
    bot?.kill();
    await connector.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('finishes the turn in flight, refuses new connections, closes both databases and exits 0', async () => {
    const serviceUrl = await connector.start();
    const port = await freePort();
    bot = await new CapturedBot(port, { DATA_DIR: dataDir, SHUTDOWN_TIMEOUT_MS: '10000' }).ready();
    const idle = await idleKeepAlive(port);
    const c = new TeamsConversation({ serviceUrl });

    const inFlight = post(port, c.message('hi'));
    await connector.waitForReceived(1); // the turn is now waiting for the connector's answer
    assert.equal(connector.answered, 0);
    bot.child.kill('SIGTERM');

    await idle.closed; // the idle keep-alive socket is closed at once, not left to time out
    await new Promise((r) => setTimeout(r, 200));
    await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`), 'no new connections are accepted');

    const answer = await inFlight;
    assert.equal(answer.status, 200, 'the turn in flight completed');
    assert.equal(answer.connection, 'close');
    assert.equal(connector.answered, 1, 'its reply reached the connector');

    assert.equal(await bot.exited, 0);
    const left = readdirSync(dataDir);
    assert.deepEqual(left.sort(), ['bot-state.db', 'reminders.sqlite'], `left behind: ${left.join(', ')}`);
    for (const db of ['bot-state.db', 'reminders.sqlite']) {
      assert.ok(!existsSync(join(dataDir, `${db}-wal`)), `${db}-wal removed (checkpointed on close)`);
      assert.ok(!existsSync(join(dataDir, `${db}-shm`)), `${db}-shm removed`);
    }
    const messages = bot.logLines().map((l) => l.msg);
    assert.ok(messages.includes('stopped'));
    assert.equal(bot.stderr, '');
  });
});

describe('shutdown deadline (SHUTDOWN_TIMEOUT_MS)', () => {
  const connector = new SlowConnector(20_000);
  let dataDir: string;
  let bot: CapturedBot | undefined;

  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'wb-shutdown-deadline-'));
  });
  after(async () => {
    bot?.kill();
    await connector.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('cuts off a turn that outlives the deadline, still closes the databases and exits 0', async () => {
    const serviceUrl = await connector.start();
    const port = await freePort();
    bot = await new CapturedBot(port, { DATA_DIR: dataDir, SHUTDOWN_TIMEOUT_MS: '500' }).ready();
    const stuck = post(port, new TeamsConversation({ serviceUrl }).message('hi')).catch((err: Error) => err);
    await connector.waitForReceived(1);
    const started = Date.now();
    bot.child.kill('SIGTERM');
    assert.equal(await bot.exited, 0);
    assert.ok(Date.now() - started < 5_000, 'did not wait for the 20 s turn');
    assert.ok((await stuck) instanceof Error, 'the cut-off request got no answer');
    assert.ok(!existsSync(join(dataDir, 'bot-state.db-wal')));
    assert.ok(!existsSync(join(dataDir, 'reminders.sqlite-wal')));
    assert.ok(
      bot.logLines().some((l) => l.msg === 'requests still running at the shutdown deadline were cut off'),
    );
  });
});

describe('shutdown on SIGINT (Ctrl+C)', () => {
  let dataDir: string;
  let bot: CapturedBot | undefined;
  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'wb-sigint-'));
  });
  after(() => {
    bot?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('goes the same way: exit 0, databases closed, lock released', async () => {
    bot = await new CapturedBot(await freePort(), { DATA_DIR: dataDir }).ready();
    bot.child.kill('SIGINT');
    assert.equal(await bot.exited, 0);
    assert.deepEqual(readdirSync(dataDir).sort(), ['bot-state.db', 'reminders.sqlite']);
    assert.ok(bot.logLines().some((l) => l.msg === 'stopped' && l.signal === 'SIGINT'));
  });
});
