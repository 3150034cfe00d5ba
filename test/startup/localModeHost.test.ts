import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/core/paths';
import { freePort } from '../support/botProcess';

/** Starts the bot in local mode with `env`, waits for /healthz on `host`, stops it; returns its log. */
async function startLocal(host: string, env: Record<string, string>): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wb-host-'));
  const port = await freePort();
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'dist/src/index.js')], {
    env: {
      ...process.env,
      MicrosoftAppId: '',
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (c: Buffer) => (log += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (log += c.toString('utf8')));
  try {
    let ok = false;
    for (let i = 0; i < 150 && !ok; i++) {
      ok = await fetch(`http://${host}:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (!ok) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(ok, `bot answered on ${host}:\n${log}`);
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
  return log;
}

describe('local mode and HOST (how a container is reached)', function () {
  this.timeout(30_000);

  it('without HOST listens on 127.0.0.1 and warns about nothing', async () => {
    const log = await startLocal('127.0.0.1', { HOST: '' });
    assert.match(log, /"url":"http:\/\/127\.0\.0\.1:\d+\/api\/messages"/);
    assert.doesNotMatch(log, /WITHOUT authentication/);
  });

  it('with HOST set explicitly listens there and says at warn level that nothing authenticates', async () => {
    // 127.0.0.2 is still this machine (the loopback range) but not the loopback default.
    const log = await startLocal('127.0.0.2', { HOST: '127.0.0.2' });
    const warning = log
      .split('\n')
      .filter((l) => l.includes('WITHOUT authentication'))
      .map((l) => JSON.parse(l) as { level: number; host: string });
    assert.equal(warning.length, 1, log);
    assert.equal(warning[0].level, 40);
    assert.equal(warning[0].host, '127.0.0.2');
  });
});
