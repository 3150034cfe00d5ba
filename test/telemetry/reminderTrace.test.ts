import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { silentLogger } from '../../src/core/logger';
import { SqliteReminderScheduler } from '../../src/proactive/sqliteScheduler';

const TRACE_PARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

describe('a reminder keeps the traceparent of the turn that scheduled it (SQLite)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wb-remtrace-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a table from before telemetry gets the column; old reminders still load; new ones keep it', async () => {
    const file = join(dir, 'reminders.sqlite');
    const old = new Database(file);
    old.exec(`CREATE TABLE reminders (
      id TEXT PRIMARY KEY, version INTEGER NOT NULL, user_key TEXT NOT NULL, conversation_key TEXT NOT NULL,
      due_at INTEGER NOT NULL, kind TEXT NOT NULL, locale TEXT NOT NULL, time_zone TEXT, status TEXT NOT NULL,
      created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, lease_owner TEXT, lease_until INTEGER)`);
    old
      .prepare(
        `INSERT INTO reminders VALUES ('old', 1, 'u', 'c', ?, 'fullSync', 'en', NULL, 'pending', 1, 1, NULL, NULL)`,
      )
      .run(Date.now() + 3_600_000);
    old.close();

    const scheduler = new SqliteReminderScheduler({ database: file, logger: silentLogger(), pollMs: 1_000 });
    try {
      const before = await scheduler.get('old');
      assert.equal(before?.kind, 'fullSync');
      assert.equal(before?.traceParent, undefined);
      await scheduler.schedule({
        id: 'new',
        userKey: 'u',
        conversationKey: 'c',
        dueAt: Date.now() + 3_600_000,
        kind: 'fullSync',
        locale: 'en',
        traceParent: TRACE_PARENT,
      });
      assert.equal((await scheduler.get('new'))?.traceParent, TRACE_PARENT);
      await scheduler.schedule({
        id: 'forged',
        userKey: 'u',
        conversationKey: 'c',
        dueAt: Date.now() + 3_600_000,
        kind: 'fullSync',
        locale: 'en',
        traceParent: 'not a traceparent',
      });
      assert.equal(
        (await scheduler.get('forged'))?.traceParent,
        undefined,
        'only a well-formed traceparent is kept',
      );
    } finally {
      await scheduler.close(0);
    }
  });
});
