import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCodes } from '../../src/core/errors';
import { acquireDataDirLock, LOCK_FILE, prepareDataDir } from '../../src/storage/dataDir';
import { StorageFault } from '../../src/storage/storageFaults';
import { BotHarness } from '../support/botHarness';
import { freePort } from '../support/botProcess';
import { CapturedBot } from '../support/capturedBot';

const modeOf = (path: string): number => statSync(path).mode & 0o777;

/** The pid of a process that has already exited. */
function deadPid(): number {
  const result = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(result.stdout.toString());
}

describe('DATA_DIR permissions', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'wb-datadir-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('creates DATA_DIR 0700, and every SQLite file in it (with -wal and -shm) 0600', async () => {
    const dataDir = join(root, 'nested', 'data');
    prepareDataDir(dataDir);
    assert.equal(modeOf(dataDir), 0o700);
    const harness = await new BotHarness({ dataDir }).start();
    try {
      const c = harness.conversation();
      await harness.send(c.message('hi'));
      for (const file of ['bot-state.db', 'bot-state.db-wal', 'bot-state.db-shm', 'reminders.sqlite']) {
        const path = join(dataDir, file);
        assert.ok(existsSync(path), `${file} exists while the bot runs`);
        assert.equal(modeOf(path).toString(8), '600', file);
      }
      for (const file of readdirSync(dataDir))
        assert.equal(modeOf(join(dataDir, file)).toString(8), '600', file);
    } finally {
      await harness.stop();
    }
  });

  it('tightens an existing DATA_DIR that was world-readable', () => {
    const loose = join(root, 'loose');
    mkdirSync(loose);
    chmodSync(loose, 0o755);
    prepareDataDir(loose);
    assert.equal(modeOf(loose), 0o700);
  });

  it('refuses a DATA_DIR that is a file, naming it, with WB-STO-001', () => {
    const file = join(root, 'not-a-dir');
    writeFileSync(file, 'x');
    assert.throws(
      () => prepareDataDir(file),
      (err: unknown) =>
        err instanceof StorageFault &&
        err.code === ErrorCodes.STORAGE_DIR_UNUSABLE &&
        err.message.includes(file),
    );
  });
});

describe('DATA_DIR lock', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'wb-lock-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('writes the owner pid, 0600, and removes the file on release', () => {
    const lock = acquireDataDirLock(dataDir);
    assert.equal(readFileSync(lock.path, 'utf8').trim(), String(process.pid));
    assert.equal(modeOf(lock.path), 0o600);
    lock.release();
    assert.ok(!existsSync(lock.path));
  });

  it('takes over a stale lock whose pid is gone', () => {
    writeFileSync(join(dataDir, LOCK_FILE), `${deadPid()}\n`);
    const lock = acquireDataDirLock(dataDir);
    assert.equal(readFileSync(lock.path, 'utf8').trim(), String(process.pid));
    lock.release();
  });

  it('refuses while the pid in the lock is alive (WB-STO-002)', () => {
    writeFileSync(join(dataDir, LOCK_FILE), `${process.ppid}\n`);
    assert.throws(
      () => acquireDataDirLock(dataDir),
      (err: unknown) =>
        err instanceof StorageFault &&
        err.code === ErrorCodes.STORAGE_LOCKED &&
        err.message.includes(`pid ${process.ppid}`),
    );
  });

  it('a second bot process on the same DATA_DIR exits 1 with one clear line; the first keeps running', async () => {
    const first = await new CapturedBot(await freePort(), { DATA_DIR: dataDir }).ready();
    try {
      const second = new CapturedBot(await freePort(), { DATA_DIR: dataDir });
      assert.equal(await second.exited, 1);
      const lines = second.stderr.trim().split('\n');
      assert.equal(lines.length, 1, second.stderr);
      assert.match(lines[0], /^WB-STO-002 the data directory is in use by another process: /);
      assert.ok(lines[0].includes(dataDir) && lines[0].includes(`pid ${first.child.pid}`));
      assert.ok((await fetch(`http://127.0.0.1:${first.port}/healthz`)).ok, 'the first bot is untouched');
      assert.equal(readFileSync(join(dataDir, LOCK_FILE), 'utf8').trim(), String(first.child.pid));
    } finally {
      first.child.kill('SIGTERM');
      assert.equal(await first.exited, 0);
    }
    assert.ok(!existsSync(join(dataDir, LOCK_FILE)), 'released on a clean shutdown');
  });

  it('a bot started after a SIGKILL takes the stale lock over', async () => {
    const crashed = await new CapturedBot(await freePort(), { DATA_DIR: dataDir }).ready();
    crashed.child.kill('SIGKILL');
    await crashed.exited;
    assert.ok(existsSync(join(dataDir, LOCK_FILE)), 'a killed bot leaves its lock behind');
    const next = await new CapturedBot(await freePort(), { DATA_DIR: dataDir }).ready();
    assert.equal(readFileSync(join(dataDir, LOCK_FILE), 'utf8').trim(), String(next.child.pid));
    next.child.kill('SIGTERM');
    assert.equal(await next.exited, 0);
  });
});
