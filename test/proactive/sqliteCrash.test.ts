import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../src/core/logger';
import { SqliteReminderScheduler } from '../../src/proactive/sqliteScheduler';
import type { Reminder } from '../../src/proactive/types';

const CHILD = join(__dirname, 'support', 'sqliteChild.js');

/** Runs the child until it prints a line starting with `word`, then SIGKILLs it; returns the line's id. */
async function runUntilThenKill(dbFile: string, mode: string, word: string): Promise<string> {
  const child: ChildProcess = spawn(process.execPath, [CHILD, dbFile, mode], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  try {
    return await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`child never said "${word}":\n${output}`)), 15_000);
      const onData = (chunk: Buffer): void => {
        output += chunk.toString('utf8');
        const match = new RegExp(`^${word} (\\S+)$`, 'm').exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => reject(new Error(`child exited with ${code}:\n${output}`)));
    });
  } finally {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited.catch(() => undefined);
  }
}

describe('SqliteReminderScheduler after SIGKILL', function () {
  this.timeout(30_000);
  let dir: string;
  let restarted: SqliteReminderScheduler | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sqlite-crash-'));
  });
  afterEach(async () => {
    await restarted?.close(0);
    restarted = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  async function restartAndWatch(
    ms: number,
  ): Promise<{ delivered: Reminder[]; scheduler: SqliteReminderScheduler }> {
    const scheduler = new SqliteReminderScheduler({
      database: join(dir, 'r.sqlite'),
      logger: silentLogger(),
      pollMs: 50,
    });
    restarted = scheduler;
    const delivered: Reminder[] = [];
    scheduler.start(async (reminder, control) => {
      if (await control.beginAttempt()) delivered.push(reminder);
    });
    await new Promise((resolve) => setTimeout(resolve, ms));
    return { delivered, scheduler };
  }

  it('fires, after the restart, a reminder scheduled before the kill', async () => {
    const id = await runUntilThenKill(join(dir, 'r.sqlite'), 'scheduled', 'scheduled');
    const { delivered } = await restartAndWatch(2_500);
    assert.deepEqual(
      delivered.map((r) => [r.id, r.locale]),
      [[id, 'fr-FR']],
    );
  });

  it('fires a reminder that was claimed, but not sent, when the process was killed', async () => {
    const id = await runUntilThenKill(join(dir, 'r.sqlite'), 'claimed', 'claimed');
    const { delivered } = await restartAndWatch(1_000);
    assert.deepEqual(
      delivered.map((r) => r.id),
      [id],
    );
  });

  it('does not send twice a reminder whose send had begun when the process was killed', async () => {
    const id = await runUntilThenKill(join(dir, 'r.sqlite'), 'sending', 'sent');
    const { delivered, scheduler } = await restartAndWatch(1_000);
    assert.deepEqual(delivered, []);
    assert.equal((await scheduler.get(id))?.status, 'failed');
  });
});
