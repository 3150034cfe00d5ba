import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStorage } from 'botbuilder';
import { unassignedReminderId } from '../../src/helpdesk/escalation';
import { Localizer } from '../../src/i18n/translator';
import { silentLogger } from '../../src/core/logger';
import { SqliteReminderScheduler } from '../../src/proactive/sqliteScheduler';
import { allText, BotHarness, cardOf, submitActions, type Card } from '../support/botHarness';
import { TENANT_ID, type TeamsConversation, type TeamsUser } from '../support/teams';
import { agent, TeamsChannel } from '../support/teamsChannel';

const localizer = new Localizer();
const en = localizer.for('en');
const lv = localizer.for('lv');

const profileKey = (user: TeamsUser): string => `msteams/users/${user.id}/`;
const quotaKey = (user: TeamsUser): string =>
  `reminderQuota/${createHash('sha256').update(`${TENANT_ID}/${user.aadObjectId}`).digest('hex')}`;
const refKey = (conversationId: string): string => `ref/msteams:${conversationId}`;
const stateKey = (conversationId: string): string => `msteams/conversations/${conversationId}/`;

function submitWith(card: Card, verb: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const found = submitActions(card).find((a) => {
    const wb = a.data.wb as Record<string, unknown>;
    return wb.a === verb && Object.entries(extra).every(([k, v]) => wb[k] === v);
  });
  if (!found) throw new Error(`no ${verb} on ${JSON.stringify(card).slice(0, 300)}`);
  return found.data;
}

describe('uninstall and removal from a team or chat: what the bot kept is deleted (storage)', () => {
  let h: BotHarness;
  let memory: Record<string, string>;
  let dir: string;
  let scheduler: SqliteReminderScheduler;

  beforeEach(async () => {
    memory = {};
    dir = mkdtempSync(join(tmpdir(), 'wb-uninstall-'));
    scheduler = new SqliteReminderScheduler({
      database: join(dir, 'reminders.sqlite'),
      logger: silentLogger(),
      pollMs: 60_000,
    });
    h = await new BotHarness({ storage: new MemoryStorage(memory), reminderScheduler: scheduler }).start();
  });
  afterEach(async () => {
    await h.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  // botbuilder's MemoryStorage deletes by setting the key to undefined.
  const live = (): string[] => Object.keys(memory).filter((k) => memory[k] !== undefined);
  const stored = (key: string): boolean => memory[key] !== undefined;
  const keys = (prefix: string): string[] => live().filter((k) => k.startsWith(prefix));

  /** Configuration (7 × OK) to the full-sync card, then "Remind me in 1 hour": a reminder and its quota. */
  async function askForReminder(c: TeamsConversation): Promise<void> {
    let turn = await h.send(c.submit({ wb: { v: 1, a: 'start', s: 'configuration' } }));
    for (let i = 0; i < 7; i++)
      turn = await h.send(c.submit(submitWith(cardOf(turn.sent[0]), 'answer', { ans: 'ok' })));
    await h.send(c.submit(submitWith(cardOf(turn.sent[0]), 'remind', { choice: 'in1Hour' })));
  }

  it('uninstalling the personal app deletes the profile and the reminder quota when nothing else needs them', async () => {
    const c = h.conversation();
    await h.send(c.installationAdd());
    await h.send(c.message('language lv'));
    await askForReminder(c);
    for (const key of [
      profileKey(c.user),
      quotaKey(c.user),
      refKey(c.conversationId),
      stateKey(c.conversationId),
    ])
      assert.ok(stored(key), `${key} is stored while installed`);

    assert.equal((await h.send(c.installationRemove())).status, 200);

    assert.deepEqual(live(), [], 'nothing of the user or the chat is left');
    assert.equal(await scheduler.deleteForConversation(`msteams:${c.conversationId}`), 0);
  });

  it('a profile another chat still needs stays; removing the bot from that chat then deletes every member’s', async () => {
    const personal = h.conversation();
    const chat = h.conversation({ user: personal.user, conversationType: 'groupChat' });
    const colleague = h.conversation({
      conversationType: 'groupChat',
      conversationId: chat.conversationId,
    });
    await h.send(personal.message('language lv'));
    await h.send(chat.mention('help'));
    await h.send(colleague.mention('help'));

    await h.send(personal.installationRemove());
    assert.ok(stored(profileKey(personal.user)), 'the group chat still needs the profile');
    const answer = await h.send(chat.mention('help'));
    assert.match(
      allText(cardOf(answer.sent[0])),
      new RegExp(lv.t('welcome.runAll')),
      'the language chosen in the personal chat still applies in the group chat',
    );

    // Teams sends both when the bot is removed from a chat: the second finds nothing left to do.
    assert.equal((await h.send(colleague.botRemoved())).status, 200);
    assert.equal((await h.send(colleague.installationRemove())).status, 200);

    assert.equal(stored(profileKey(personal.user)), false, 'no other chat needs it any more');
    assert.equal(stored(profileKey(colleague.user)), false);
    assert.deepEqual(keys('install/'), []);
    assert.deepEqual(keys('ref/'), []);
    assert.deepEqual(live(), []);
  });

  describe('the helpdesk team', () => {
    let channel: TeamsChannel;
    const lead = agent('Alex Agent');

    beforeEach(() => {
      channel = new TeamsChannel(h.serviceUrl);
      h.connector.teams.set(channel.teamId, new Set([lead.id]));
    });

    async function escalate(admin: TeamsConversation): Promise<void> {
      let turn = await h.send(admin.submit({ wb: { v: 1, a: 'start', s: 'connectivity' } }));
      for (let i = 0; i < 4; i++)
        turn = await h.send(admin.submit(submitWith(cardOf(turn.sent[0]), 'answer', { ans: 'ok' })));
      const summary = turn.sent.find((a) => allText(cardOf(a)).includes(en.t('helpdesk.offer.send')));
      assert.ok(summary, 'the section summary offers "Send to helpdesk"');
      const data = submitWith(cardOf(summary), 'escalate', { s: 'connectivity' });
      const sent = await h.send(admin.submit({ ...data, hdDescription: 'Resets fail' }, String(summary.id)));
      assert.equal(sent.status, 200);
    }

    it('removing the bot from the helpdesk’s team marks the helpdesk unavailable and deletes its ticket threads’ references', async () => {
      await h.send(channel.mention(lead, 'helpdesk here'));
      const admin = h.conversation();
      await escalate(admin);
      const thread = h.connector.created.at(-1);
      assert.ok(thread, 'the ticket started a thread');
      const channelRecord = `helpdesk/${TENANT_ID}/channel`;
      assert.ok(stored(channelRecord));
      assert.ok(stored(refKey(thread.conversationId)));
      assert.equal((await scheduler.get(unassignedReminderId(TENANT_ID, 1)))?.status, 'pending');

      // Another team's removal leaves this helpdesk alone.
      const other = new TeamsChannel(h.serviceUrl, 'General', 'Sales');
      for (const event of other.botRemoved(agent('Sam Sales')))
        assert.equal((await h.send(event)).status, 200);
      assert.ok(stored(channelRecord), 'another team is not the helpdesk');

      for (const event of channel.botRemoved(lead)) assert.equal((await h.send(event)).status, 200);

      const record = JSON.parse(memory[channelRecord]) as { unavailable?: { reason: string } };
      assert.equal(record.unavailable?.reason, 'botRemoved', 'the helpdesk is marked unavailable, with why');
      assert.equal(stored(refKey(thread.conversationId)), false, 'the ticket thread reference is gone');
      assert.equal(await scheduler.get(unassignedReminderId(TENANT_ID, 1)), undefined);
      assert.equal(stored(profileKey(lead)), false, 'the agent used the bot only in that team');
      assert.ok(stored(`helpdesk/${TENANT_ID}/ticket/1`), 'the ticket stays: the requester’s record');
      assert.ok(stored(profileKey(admin.user)), 'the requester’s personal chat still needs theirs');
    });
  });
});
