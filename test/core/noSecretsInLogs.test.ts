import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { cardOf, submitActions } from '../support/botHarness';
import { freePort, postActivity } from '../support/botProcess';
import { CapturedBot } from '../support/capturedBot';
import { FakeConnector } from '../support/fakeConnector';
import { newUser, TeamsConversation } from '../support/teams';

const APP_PASSWORD = 'Tst~AppPassw0rd.Secret-8Q';
const GRAPH_SECRET = 'Tst~GraphS3cret.Value-4Z';
const DISPLAY_NAME = 'Anna Bērziņa-Testere';
const UPN = 'anna.berzina.testere@contoso-test.example';
const TYPED_TEXT = 'my printer says qwertyzebra';

describe('logs of a full run carry no secrets and no personal data', () => {
  const connector = new FakeConnector();
  let dataDir: string;
  let bot: CapturedBot | undefined;
  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'wb-logscan-'));
  });
  after(async () => {
    bot?.kill();
    await connector.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('welcome, a section with card updates, an error turn and a reminder: nothing leaks at debug level', async () => {
    const serviceUrl = await connector.start();
    const port = await freePort();
    const closedPort = await freePort(); // Graph's authority: nothing listens, token requests fail fast
    bot = await new CapturedBot(port, {
      DATA_DIR: dataDir,
      LOG_LEVEL: 'debug',
      REMINDER_POLL_MS: '100',
      MicrosoftAppPassword: APP_PASSWORD,
      GRAPH_CLIENT_ID: '11111111-2222-3333-4444-555555555555',
      GRAPH_CLIENT_SECRET: GRAPH_SECRET,
      GRAPH_AUTHORITY_HOST: `127.0.0.1:${closedPort}`,
      GRAPH_CACHE_SECONDS: '0',
    }).ready();
    const user = { ...newUser(DISPLAY_NAME), id: `29:${UPN}` };
    const c = new TeamsConversation({ serviceUrl, user, locale: 'lv-LV' });
    const post = async (activity: Record<string, unknown>): Promise<void> => {
      const before = connector.calls.length;
      assert.equal(await postActivity(port, activity), 200);
      await connector.waitForCalls(before + 1, 15_000);
    };
    const lastCard = (): ReturnType<typeof cardOf> =>
      cardOf([...connector.sent].reverse().find((a) => Array.isArray(a.attachments)));
    const choose = (pick: (wb: Record<string, unknown>) => boolean): Record<string, unknown> =>
      submitActions(lastCard()).find((a) => pick(a.data.wb as Record<string, unknown>))!.data;

    await post(c.installationAdd());
    await post(c.message(`${TYPED_TEXT} ${UPN}`));
    await post(c.submit({ wb: { v: 1, a: 'start', s: 'configuration' } }));
    for (let i = 0; i < 7; i++) await post(c.submit(choose((wb) => wb.ans === 'ok')));
    assert.ok(connector.updates.length > 0, 'answered cards were updated in place');

    await post(c.submit(choose((wb) => wb.choice === 'in1Hour')));
    // An error turn: the connector refuses the reply, the turn fails and the user gets the error note.
    connector.failures = [400];
    await post(c.message(`help ${TYPED_TEXT}`));

    const db = new Database(join(dataDir, 'reminders.sqlite'));
    db.prepare('UPDATE reminders SET due_at = ? WHERE status = ?').run(Date.now() - 1000, 'pending');
    db.close();
    const before = connector.sent.length;
    for (let i = 0; i < 100 && connector.sent.length === before; i++)
      await new Promise((r) => setTimeout(r, 100));
    assert.ok(connector.sent.length > before, 'the reminder was delivered');

    bot.child.kill('SIGTERM');
    assert.equal(await bot.exited, 0);

    const lines = bot.logLines();
    assert.ok(
      lines.some((l) => l.msg === 'turn failed'),
      'the error turn was logged',
    );
    assert.ok(lines.length > 20, 'there was plenty to scan');
    const everything = bot.stdout + bot.stderr;
    for (const [what, value] of Object.entries({
      APP_PASSWORD,
      GRAPH_SECRET,
      DISPLAY_NAME,
      UPN,
      TYPED_TEXT,
      aadObjectId: user.aadObjectId,
      conversationId: c.conversationId,
    })) {
      assert.ok(!everything.includes(value), `${what} appears in the logs:\n${lineWith(everything, value)}`);
    }
    assert.equal(bot.stderr, '', 'nothing written to stderr outside pino');
  });
});

function lineWith(text: string, value: string): string {
  return text.split('\n').find((l) => l.includes(value)) ?? '';
}
