import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SECTIONS } from '../../src/troubleshooting/catalogue';
import { Localizer } from '../../src/i18n/translator';
import { silentLogger } from '../../src/core/logger';
import { SqliteReminderScheduler } from '../../src/proactive/sqliteScheduler';
import { allText, BotHarness, cardOf, submitActions, type Card } from '../support/botHarness';
import type { TeamsConversation } from '../support/teams';

const localizer = new Localizer();
const HOUR = 60 * 60 * 1000;

/** One clock for the dialogs (due times) and the scheduler (firing), moved by the test. */
class Clock {
  ms = Date.parse('2026-11-23T10:00:00Z');
  now = (): Date => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}

function action(card: Card, verb: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const found = submitActions(card).find((a) => {
    const wb = a.data.wb as Record<string, unknown>;
    return wb.a === verb && Object.entries(extra).every(([k, v]) => wb[k] === v);
  });
  if (!found) throw new Error(`no ${verb} action on ${JSON.stringify(card).slice(0, 200)}`);
  return found.data;
}

describe('full-sync reminders, as the admin sees them', () => {
  let h: BotHarness;
  let clock: Clock;
  let dir: string;
  let scheduler: SqliteReminderScheduler;

  beforeEach(async () => {
    clock = new Clock();
    dir = mkdtempSync(join(tmpdir(), 'wb-remind-'));
    scheduler = new SqliteReminderScheduler({
      database: join(dir, 'reminders.sqlite'),
      logger: silentLogger(),
      pollMs: 20,
      now: () => clock.ms,
    });
    h = await new BotHarness({ now: clock.now, reminderScheduler: scheduler }).start();
    h.app.startReminders();
  });
  afterEach(async () => {
    await h.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Walks the configuration section to the full-sync card (7 × OK). */
  async function toFullSync(c: TeamsConversation): Promise<Card> {
    let turn = await h.send(c.submit({ wb: { v: 1, a: 'start', s: 'configuration' } }));
    for (let i = 0; i < 7; i++)
      turn = await h.send(c.submit(action(cardOf(turn.sent[0]), 'answer', { ans: 'ok' })));
    return cardOf(turn.sent[0]);
  }

  async function waitForReminder(count: number): Promise<Card> {
    for (let i = 0; i < 100; i++) {
      const cards = h.connector.sent.filter((a) => JSON.stringify(a).includes('"reminderDone"'));
      if (cards.length >= count) return cardOf(cards[count - 1]);
      await new Promise((r) => setTimeout(r, 30));
    }
    throw new Error('no reminder arrived');
  }

  const reminderCount = (): number =>
    h.connector.sent.filter((a) => JSON.stringify(a).includes('"reminderDone"')).length;

  it('remind in 1 hour → the card arrives unprompted in the admin language; Done resumes after the full-sync check', async () => {
    const lv = localizer.for('lv');
    const c = h.conversation({ locale: 'lv-LV', timezone: 'Europe/Riga' });
    const fullSync = await toFullSync(c);
    assert.equal(fullSync.body[1].text, lv.t('checks.fullSync.title'));
    const scheduled = await h.send(c.submit(action(fullSync, 'remind', { choice: 'in1Hour' })));
    assert.match(String(scheduled.sent[0].text), /13:00/, 'due time in the admin time zone (Riga = UTC+2)');

    clock.advance(59 * 60 * 1000);
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(reminderCount(), 0, 'not before its time');
    clock.advance(2 * 60 * 1000);
    const reminder = await waitForReminder(1);
    assert.equal(reminder.body[0].text, lv.t('reminders.title'));
    assert.match(allText(reminder), /Get-ADSyncConnectorRunStatus/);

    const resumed = await h.send(c.submit(action(reminder, 'reminderDone')));
    const summary = cardOf(resumed.sent[resumed.sent.length - 1]);
    assert.equal(
      summary.body[0].text,
      lv.t('summary.title', { section: lv.t('sections.configuration.title') }),
    );
    const statuses = allText(summary)
      .split('\n')
      .filter((line) => line === lv.t('card.status.ok'));
    assert.equal(
      statuses.length,
      SECTIONS[0].checks.length,
      'the earlier answers are kept, full sync now OK',
    );
  });

  it('snooze moves the reminder by an hour; it never fires in its old slot', async () => {
    const c = h.conversation();
    await h.send(c.submit(action(await toFullSync(c), 'remind', { choice: 'in1Hour' })));
    clock.advance(HOUR + 1000);
    const first = await waitForReminder(1);
    const snoozed = await h.send(c.submit(action(first, 'snooze')));
    assert.match(String(snoozed.sent[0].text), /Snoozed/);
    clock.advance(30 * 60 * 1000);
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(reminderCount(), 1);
    clock.advance(31 * 60 * 1000);
    await waitForReminder(2);
  });

  it('"reminders" lists what is pending; cancel and stop mean it never fires, and a second click changes nothing', async () => {
    const en = localizer.for('en');
    const c = h.conversation();
    const fullSync = await toFullSync(c);
    await h.send(c.submit(action(fullSync, 'remind', { choice: 'in4Hours' })));
    // A second conversation of the same admin: one more pending reminder (in one conversation they fold).
    const other = h.conversation({ user: c.user });
    await h.send(other.submit(action(await toFullSync(other), 'remind', { choice: 'in1Hour' })));
    await h.send(c.submit(action(fullSync, 'remind', { choice: 'tomorrowMorning' })));
    const list = cardOf((await h.send(c.message('reminders'))).sent[0]);
    assert.equal(list.body[0].text, en.t('reminders.listTitle'));
    assert.equal(submitActions(list).length, 1, 'the second choice moved the first reminder');
    const cancels = [
      submitActions(list)[0],
      submitActions(cardOf((await h.send(other.message('reminders'))).sent[0]))[0],
    ];
    assert.deepEqual(
      (await h.send(c.submit(cancels[0].data))).sent.map((a) => a.text),
      [en.t('reminders.cancelled')],
    );
    assert.deepEqual(
      (await h.send(c.submit(cancels[0].data))).sent.map((a) => a.text),
      [en.t('reminders.gone')],
    );
    assert.deepEqual(
      (await h.send(other.submit(cancels[1].data))).sent.map((a) => a.text),
      [en.t('reminders.cancelled')],
    );
    assert.deepEqual(
      (await h.send(c.message('reminders'))).sent.map((a) => a.text),
      [en.t('reminders.listEmpty')],
    );
    clock.advance(2 * 24 * HOUR);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(reminderCount(), 0);
  });

  it("another user cannot cancel someone's reminder with forged card data", async () => {
    const owner = h.conversation();
    await h.send(owner.submit(action(await toFullSync(owner), 'remind', { choice: 'in1Hour' })));
    const [pending] = await scheduler.listPending(
      `${'72f988bf-0000-0000-0000-000000000001'}/${owner.user.aadObjectId}`,
      `msteams:${owner.conversationId}`,
    );
    const intruder = h.conversation();
    const turn = await h.send(intruder.submit({ wb: { v: 1, a: 'cancelReminder', id: pending.id } }));
    assert.deepEqual(
      turn.sent.map((a) => a.text),
      [localizer.for('en').t('reminders.gone')],
    );
    assert.equal((await scheduler.get(pending.id))?.status, 'pending');
  });

  it('uninstalling the app deletes the reminders and the stored conversation reference', async () => {
    const c = h.conversation();
    await h.send(c.submit(action(await toFullSync(c), 'remind', { choice: 'in1Hour' })));
    await h.send(c.installationRemove());
    assert.equal(await h.app.proactive.services.references.get(`msteams:${c.conversationId}`), undefined);
    clock.advance(2 * HOUR);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(reminderCount(), 0);
  });

  it('the section summary offers a reminder while the full sync is not done', async () => {
    const c = h.conversation();
    const fullSync = await toFullSync(c);
    const summary = cardOf((await h.send(c.submit(action(fullSync, 'answer', { ans: 'skip' })))).sent[0]);
    assert.ok(submitActions(summary).some((a) => (a.data.wb as Record<string, unknown>).a === 'remind'));
  });
});
