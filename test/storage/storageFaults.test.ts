import assert from 'node:assert/strict';
import sinon from 'sinon';
import { TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ErrorCodes } from '../../src/core/errors';
import { Localizer } from '../../src/i18n/translator';
import { LOCK_FILE } from '../../src/storage/dataDir';
import { SqliteStorage } from '../../src/storage/sqliteStorage';
import { StorageFault, storageFaultOf } from '../../src/storage/storageFaults';
import { saveTogether } from '../../src/storage/turnBatch';
import { ETagConversationState, JsonCheckedUserState } from '../../src/storage/eTagConversationState';
import { BotHarness, cardOf, submitActions } from '../support/botHarness';
import { freePort } from '../support/botProcess';
import { CapturedBot } from '../support/capturedBot';

/** Runs `fn`, expecting a throw; returns what was thrown. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  assert.fail('expected a throw');
}

describe('storage faults: genuine SQLite and file-system errors get one WB-STO code each', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'wb-faults-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('full disk (SQLITE_FULL, produced with max_page_count) → WB-STO-004', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (x)');
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    const err = thrown(() => db.prepare('INSERT INTO t VALUES (?)').run('x'.repeat(100_000)));
    const fault = storageFaultOf(err, '/data/bot-state.db');
    assert.equal(fault?.code, ErrorCodes.STORAGE_FULL);
    assert.equal(
      fault?.message,
      'WB-STO-004 storage is full: /data/bot-state.db (SQLITE_FULL: database or disk is full)',
    );
  });

  it('read-only file (SQLITE_OPEN_READONLY) → WB-STO-003', () => {
    const file = join(dir, 'ro.db');
    new Database(file).exec('CREATE TABLE t (x)');
    const err = thrown(() =>
      new Database(file, { readonly: true }).prepare('INSERT INTO t VALUES (1)').run(),
    );
    assert.equal(storageFaultOf(err, file)?.code, ErrorCodes.STORAGE_READ_ONLY);
  });

  it('a file of garbage bytes (SQLITE_NOTADB) → WB-STO-005, from the SqliteStorage constructor', () => {
    const file = join(dir, 'garbage.db');
    writeFileSync(file, Buffer.alloc(8192, 0x5a));
    const err = thrown(() => new SqliteStorage(file));
    assert.ok(err instanceof StorageFault);
    assert.equal(err.code, ErrorCodes.STORAGE_CORRUPT);
    assert.ok(err.message.includes(file));
  });

  it('a parent path that is a file (ENOTDIR) → WB-STO-001', () => {
    const file = join(dir, 'plain-file');
    writeFileSync(file, 'x');
    const err = thrown(() => new SqliteStorage(join(file, 'bot-state.db')));
    assert.ok(err instanceof StorageFault);
    assert.equal(err.code, ErrorCodes.STORAGE_DIR_UNUSABLE);
  });

  it('an error that is no storage fault is left alone', () => {
    assert.equal(storageFaultOf(new Error('boom'), '/x'), undefined);
  });
});

describe('storage faults at start (a real bot process): exit 1, one line on stderr, no stack', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'wb-start-fault-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const startFails = async (dataDir: string): Promise<string> => {
    const bot = new CapturedBot(await freePort(), { DATA_DIR: dataDir });
    const code = await bot.exited;
    assert.equal(code, 1, bot.stderr);
    const lines = bot.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `one line, got:\n${bot.stderr}`);
    assert.ok(!/\bat \S+ \(/.test(bot.stderr), 'no stack trace');
    return lines[0];
  };

  it('DATA_DIR is a file → WB-STO-001 naming it', async () => {
    const file = join(root, 'data');
    writeFileSync(file, 'not a directory');
    const line = await startFails(file);
    assert.match(line, /^WB-STO-001 the data directory cannot be used: /);
    assert.ok(line.includes(file));
  });

  it('bot-state.db is corrupt → WB-STO-005 naming the file; the lock is released', async () => {
    const dataDir = join(root, 'data');
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'bot-state.db'), Buffer.alloc(16_384, 0xa5));
    const line = await startFails(dataDir);
    assert.match(line, /^WB-STO-005 the database file is corrupt or not a database: /);
    assert.ok(line.includes(join(dataDir, 'bot-state.db')));
    assert.ok(!existsSync(join(dataDir, LOCK_FILE)));
  });

  it('reminders.sqlite is corrupt → WB-STO-005 naming that file', async () => {
    const dataDir = join(root, 'data');
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'reminders.sqlite'), Buffer.alloc(16_384, 0x3c));
    const line = await startFails(dataDir);
    assert.ok(line.startsWith('WB-STO-005 ') && line.includes(join(dataDir, 'reminders.sqlite')), line);
  });
});

describe('a storage fault during a turn', () => {
  let dir: string;
  let db: Database.Database;
  let harness: BotHarness;
  const en = new Localizer().for('en');

  const rows = (): unknown[] => db.prepare('SELECT key, value, etag FROM bot_state ORDER BY key').all();

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wb-turn-fault-'));
    db = new Database(join(dir, 'bot-state.db'));
    harness = await new BotHarness({ storage: new SqliteStorage(db) }).start();
  });
  afterEach(async () => {
    await harness.stop();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('read-only storage: a localized "try again" with a reference, nothing half-written, /healthz 503; the retry works', async () => {
    const c = harness.conversation({ locale: 'lv-LV' });
    const first = await harness.send(c.submit({ wb: { v: 1, a: 'start', s: 'configuration' } }));
    const ok = (sent: Array<Record<string, unknown>>): Record<string, unknown> =>
      submitActions(cardOf(sent[sent.length - 1])).find(
        (a) => (a.data.wb as Record<string, unknown>).ans === 'ok',
      )!.data;
    const click = ok(first.sent);
    const before = rows();

    // SQLite's query_only: every write fails with a genuine SQLITE_READONLY, as on a read-only mount.
    db.pragma('query_only = 1');
    const failed = await harness.send(c.submit(click));
    assert.equal(failed.status, 200);
    const note = failed.sent.find((a) => typeof a.text === 'string');
    assert.ok(note, 'the user is told');
    const lv = new Localizer().for('lv');
    const expected = lv.t('faults.storage', { code: ErrorCodes.STORAGE_READ_ONLY, ref: '§' }).split('§')[0];
    assert.ok(String(note.text).startsWith(expected), String(note.text));
    assert.notEqual(
      lv.t('faults.storage', { code: 'x', ref: 'y' }),
      en.t('faults.storage', { code: 'x', ref: 'y' }),
    );
    assert.deepEqual(rows(), before, 'neither conversation nor user state was written');

    const health = await fetch(`${harness.baseUrl}/healthz`);
    assert.equal(health.status, 503);
    assert.deepEqual(
      ((await health.json()) as { error: { code: string } }).error.code,
      ErrorCodes.STORAGE_READ_ONLY,
    );

    db.pragma('query_only = 0');
    const retried = await harness.send(c.submit(click));
    const card = cardOf(retried.sent[retried.sent.length - 1]);
    assert.equal(
      card.body[0].text,
      lv.t('card.progress', { section: lv.t('sections.configuration.title'), n: 2, m: 8 }),
      'the same click, repeated, moves on one step',
    );
    await new Promise((r) => setTimeout(r, 1_100)); // the probe result is reused for a second
    assert.equal((await fetch(`${harness.baseUrl}/healthz`)).status, 200);
    assert.ok(
      !(rows() as Array<{ key: string }>).some((r) => r.key.startsWith('health/')),
      'the probe leaves nothing behind',
    );
  });
});

describe('one write per turn (saveTogether)', () => {
  let db: Database.Database;
  let storage: SqliteStorage;
  let conversation: ETagConversationState;
  let users: JsonCheckedUserState;
  const turn = () =>
    new TurnContext(new TestAdapter(), {
      type: 'message',
      channelId: 'msteams',
      conversation: { id: 'a:1' },
      from: { id: '29:u' },
      recipient: { id: '28:bot' },
    } as Partial<Activity>);
  const step = () => conversation.createProperty<number>('step');
  const lang = () => users.createProperty<string>('lang');
  beforeEach(async () => {
    db = new Database(':memory:');
    storage = new SqliteStorage(db);
    conversation = new ETagConversationState(storage);
    users = new JsonCheckedUserState(storage);
    const seed = turn();
    await step().set(seed, 1);
    await lang().set(seed, 'en');
    await saveTogether(seed, [conversation, users]);
    // A failure that only the user state's write meets: stands in for the disk filling up mid-turn.
    db.exec(
      "CREATE TRIGGER fail_user BEFORE UPDATE ON bot_state WHEN NEW.key LIKE 'msteams/users/%' BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    );
  });
  afterEach(() => db.close());

  const changeBoth = async () => {
    const context = turn();
    await step().set(context, 2);
    await lang().set(context, 'lv');
    return context;
  };
  const stored = async () => {
    const context = turn();
    return { step: await step().get(context), lang: await lang().get(context) };
  };

  it('conversation and user state are written together or not at all', async () => {
    await assert.rejects(saveTogether(await changeBoth(), [conversation, users]), /disk full/);
    assert.deepEqual(await stored(), { step: 1, lang: 'en' }, 'the conversation did not move on alone');
  });

  it('(saved one after the other, the same failure leaves the conversation state written: what it prevents)', async () => {
    const context = await changeBoth();
    await conversation.saveChanges(context);
    await assert.rejects(users.saveChanges(context), /disk full/);
    assert.deepEqual(await stored(), { step: 2, lang: 'en' });
  });

  it('writes nothing when neither state changed, and only the changed one otherwise', async () => {
    const writes = sinon.spy(storage, 'write');
    await saveTogether(turn(), [conversation, users]);
    const context = turn();
    await step().set(context, 3);
    await lang().get(context);
    await saveTogether(context, [conversation, users]);
    assert.deepEqual(
      writes.getCalls().map((call) => Object.keys(call.args[0])),
      [['msteams/conversations/a:1/']],
    );
    writes.restore();
  });
});
