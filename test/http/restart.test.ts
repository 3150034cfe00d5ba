import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Localizer } from '../../src/i18n/translator';
import { cardOf, submitActions } from '../support/botHarness';
import { FakeConnector } from '../support/fakeConnector';
import { freePort, postActivity, startBotProcess } from '../support/botProcess';
import Database from 'better-sqlite3';
import { TeamsConversation } from '../support/teams';

describe('a locally started bot killed with SIGKILL mid-section', () => {
  const connector = new FakeConnector();
  let dataDir: string;
  let child: ChildProcess | undefined;
  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'wb-kill-'));
  });
  after(async () => {
    child?.kill('SIGKILL');
    await connector.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('continues that section at the same step after a restart', async () => {
    const serviceUrl = await connector.start();
    const port = await freePort();
    const c = new TeamsConversation({ serviceUrl, locale: 'ro-RO' });
    const post = async (activity: Record<string, unknown>): Promise<void> => {
      const before = connector.calls.length;
      const res = await fetch(`http://127.0.0.1:${port}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      });
      assert.equal(res.status, 200);
      await connector.waitForCalls(before + 1);
    };
    const lastCard = (): ReturnType<typeof cardOf> => cardOf(connector.sent[connector.sent.length - 1]);
    const ok = () =>
      submitActions(lastCard()).find((a) => (a.data.wb as Record<string, unknown>).ans === 'ok')!.data;

    child = await startBotProcess(port, { DATA_DIR: dataDir });
    await post(c.submit({ wb: { v: 1, a: 'start', s: 'configuration' } }));
    await post(c.submit(ok()));
    await post(c.submit(ok()));
    const third = lastCard();
    const click = ok();
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));

    child = await startBotProcess(port, { DATA_DIR: dataDir });
    await post(c.submit(click));
    const ro = new Localizer().for('ro');
    assert.equal(third.body[1].text, ro.t('checks.pdcEmulator.title'));
    assert.equal(lastCard().body[1].text, ro.t('checks.ssprEnabled.title'), 'the 4th check follows the 3rd');
    assert.equal(
      lastCard().body[0].text,
      ro.t('card.progress', { section: ro.t('sections.configuration.title'), n: 4, m: 8 }),
    );
  });
});

describe('a reminder across a SIGKILL of the bot process', () => {
  const connector = new FakeConnector();
  let dataDir: string;
  let child: ChildProcess | undefined;
  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'wb-kill-remind-'));
  });
  after(async () => {
    child?.kill('SIGKILL');
    await connector.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is asked for, survives the kill, and arrives after the restart in the chosen language', async () => {
    const serviceUrl = await connector.start();
    const port = await freePort();
    const c = new TeamsConversation({ serviceUrl, locale: 'sl-SI' });
    child = await startBotProcess(port, { DATA_DIR: dataDir, REMINDER_POLL_MS: '100' });
    const post = async (activity: Record<string, unknown>): Promise<void> => {
      const before = connector.calls.length;
      assert.equal(await postActivity(port, activity), 200);
      await connector.waitForCalls(before + 1);
    };
    const lastCard = (): ReturnType<typeof cardOf> => cardOf(connector.sent[connector.sent.length - 1]);
    await post(c.submit({ wb: { v: 1, a: 'start', s: 'configuration' } }));
    for (let i = 0; i < 7; i++) {
      await post(
        c.submit(
          submitActions(lastCard()).find((a) => (a.data.wb as Record<string, unknown>).ans === 'ok')!.data,
        ),
      );
    }
    const remind = submitActions(lastCard()).find(
      (a) => (a.data.wb as Record<string, unknown>).choice === 'in1Hour',
    )!;
    await post(c.submit(remind.data));
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));

    // An hour cannot pass in a test: bring the stored reminder's due time forward in the bot's own file.
    const db = new Database(join(dataDir, 'reminders.sqlite'));
    const moved = db
      .prepare('UPDATE reminders SET due_at = ? WHERE status = ?')
      .run(Date.now() - 1000, 'pending');
    db.close();
    assert.equal(moved.changes, 1, 'the reminder was stored before the kill');

    const before = connector.sent.length;
    child = await startBotProcess(port, { DATA_DIR: dataDir, REMINDER_POLL_MS: '100' });
    for (let i = 0; i < 100 && connector.sent.length === before; i++)
      await new Promise((r) => setTimeout(r, 100));
    const reminder = cardOf(connector.sent[connector.sent.length - 1]);
    assert.equal(reminder.body[0].text, new Localizer().for('sl').t('reminders.title'));
  });
});
