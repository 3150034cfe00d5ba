import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStorage } from 'botbuilder';
import { Localizer } from '../../src/i18n/translator';
import { silentLogger } from '../../src/core/logger';
import { SqliteReminderScheduler } from '../../src/proactive/sqliteScheduler';
import { allText, BotHarness, cardOf, submitActions, type Card } from '../support/botHarness';
import type { TeamsConversation } from '../support/teams';
import { agent, TeamsChannel } from '../support/teamsChannel';
import { cardProblems } from '../support/validateCard';

const localizer = new Localizer();
const en = localizer.for('en');
const lv = localizer.for('lv');
const MINUTE = 60_000;

class Clock {
  ms = Date.parse('2026-11-23T10:00:00Z');
  now = (): Date => new Date(this.ms);
}

function submitWith(card: Card, verb: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const found = submitActions(card).find((a) => {
    const wb = a.data.wb as Record<string, unknown>;
    return wb.a === verb && Object.entries(extra).every(([k, v]) => wb[k] === v);
  });
  if (!found) throw new Error(`no ${verb} on ${JSON.stringify(card).slice(0, 300)}`);
  return found.data;
}

interface InvokeAnswer {
  status: number;
  body: { statusCode: number; type: string; value: Card };
}

/** Waits (up to 3 s) for what is sent after a turn is answered. */
async function eventually(done: () => boolean): Promise<void> {
  for (let i = 0; i < 150 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
}

const texts = (activities: Array<Record<string, unknown>>): string[] =>
  activities.map((a) => (typeof a.text === 'string' ? a.text : ''));

describe('helpdesk escalation, end to end over HTTP (two bot instances, one storage)', () => {
  let h: BotHarness;
  let h2: BotHarness;
  let clock: Clock;
  let dir: string;
  let scheduler: SqliteReminderScheduler;
  let channel: TeamsChannel;
  const lead = agent('Alex Agent');
  const second = agent('Bea Agent');
  const outsider = agent('Olga Outsider');

  beforeEach(async () => {
    clock = new Clock();
    dir = mkdtempSync(join(tmpdir(), 'wb-helpdesk-'));
    scheduler = new SqliteReminderScheduler({
      database: join(dir, 'reminders.sqlite'),
      logger: silentLogger(),
      pollMs: 20,
      now: () => clock.ms,
    });
    const storage = new MemoryStorage();
    h = await new BotHarness({ storage, now: clock.now, reminderScheduler: scheduler }).start();
    h.app.startReminders();
    h2 = await new BotHarness({ storage, now: clock.now }).start();
    channel = new TeamsChannel(h.serviceUrl);
    for (const connector of [h.connector, h2.connector])
      connector.teams.set(channel.teamId, new Set([lead.id, second.id]));
  });
  afterEach(async () => {
    await h.stop();
    await h2.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function setUpChannel(): Promise<void> {
    const turn = await h.send(channel.mention(lead, 'helpdesk here'));
    assert.equal(turn.status, 200);
    assert.equal(
      turn.sent[0]?.text,
      en.t('helpdesk.setup.set', { channel: 'IT Helpdesk', language: 'English' }),
    );
  }

  /** The Latvian admin runs Connectivity (all OK), looks up an event, and returns the summary card. */
  async function connectivitySummary(admin: TeamsConversation): Promise<{ card: Card; id: string }> {
    let turn = await h.send(admin.submit({ wb: { v: 1, a: 'start', s: 'connectivity' } }));
    for (let i = 0; i < 4; i++)
      turn = await h.send(admin.submit(submitWith(cardOf(turn.sent[0]), 'answer', { ans: 'ok' })));
    const summary = turn.sent.find((a) => allText(cardOf(a)).includes(lv.t('helpdesk.offer.send')));
    assert.ok(summary, 'the section summary offers "Send to helpdesk"');
    await h.send(admin.message('notikums 6329'));
    return { card: cardOf(summary), id: String(summary.id) };
  }

  async function escalate(admin: TeamsConversation, description: string) {
    const { card, id } = await connectivitySummary(admin);
    const data = submitWith(card, 'escalate', { s: 'connectivity' });
    return h.send(admin.submit({ ...data, hdDescription: description }, id));
  }

  async function invoke(target: BotHarness, activity: Record<string, unknown>): Promise<InvokeAnswer> {
    const response = await target.postRaw(JSON.stringify(activity));
    return { status: response.status, body: (await response.json()) as InvokeAnswer['body'] };
  }

  function ticketThread(): { conversationId: string; activityId: string; card: Card } {
    const created = h.connector.created.at(-1);
    assert.ok(created, 'a new thread was started in the helpdesk channel');
    const activity = created.parameters.activity as Record<string, unknown>;
    return { conversationId: created.conversationId, activityId: created.activityId, card: cardOf(activity) };
  }

  const assignData = { wb: { v: 1, a: 'ticket', op: 'assign', n: 1 } };

  it('before setup, "Send to helpdesk" explains how an IT team sets one up', async () => {
    const admin = h.conversation({ locale: 'lv-LV' });
    const turn = await escalate(admin, 'Palīdziet');
    assert.equal(turn.sent[0]?.text, lv.t('helpdesk.setup.notConfigured'));
    assert.equal(h.connector.created.length, 0);
  });

  it('set channel, escalate from Latvian, assign, two agents at once, resolve: the admin hears it in Latvian', async () => {
    await setUpChannel();
    const admin = h.conversation({ locale: 'lv-LV' });
    const sent = await escalate(admin, 'Since Monday nobody can reset passwords.');

    // The ticket card starts a new thread in the helpdesk channel, in English (the helpdesk's language).
    const created = h.connector.created[0];
    assert.deepEqual((created.parameters.channelData as { channel: unknown }).channel, {
      id: channel.channelId,
    });
    const thread = ticketThread();
    assert.deepEqual(cardProblems(thread.card), []);
    const text = allText(thread.card);
    assert.match(text, /Ticket #1/);
    assert.match(text, /Latviešu/);
    assert.match(text, new RegExp(en.t('checks.connectVersion.title')));
    assert.match(text, /6329/);
    assert.match(text, /Since Monday nobody can reset passwords/);
    assert.ok(text.includes(en.t('helpdesk.ticket.copy')), 'offers the case as text');
    // The requester's confirmation, in Latvian, with the ticket number.
    assert.equal(cardOf(sent.sent[0]).body[0].text, lv.t('helpdesk.confirm.title', { number: 1 }));

    // An outsider is refused, sees nothing of the ticket, and nothing changes.
    const refused = await invoke(
      h,
      channel.execute(outsider, thread.conversationId, thread.activityId, 'assign', assignData),
    );
    assert.equal(refused.status, 200);
    assert.equal(refused.body.type, 'application/vnd.microsoft.card.adaptive');
    assert.equal(allText(refused.body.value), en.t('helpdesk.refusals.unavailable'));

    // Two agents press "Assign to me" at the same moment, on two bot instances: exactly one wins.
    const before = h.connector.sent.length + h2.connector.sent.length;
    const [a, b] = await Promise.all([
      invoke(h, channel.execute(lead, thread.conversationId, thread.activityId, 'assign', assignData)),
      invoke(h2, channel.execute(second, thread.conversationId, thread.activityId, 'assign', assignData)),
    ]);
    const notes = [a, b].map((r) => allText(r.body.value));
    const losers = notes.filter((n) => n.includes('took this ticket just before you'));
    assert.equal(losers.length, 1, 'one agent is told the other was first');
    const lines = [...h.connector.sent, ...h2.connector.sent]
      .slice(0)
      .map((x) => (typeof x.text === 'string' ? x.text : ''))
      .filter((x) => x.includes('took ticket #1'));
    assert.equal(lines.length, 1, 'one "took ticket" line in the thread');
    assert.ok(h.connector.sent.length + h2.connector.sent.length > before);
    const winner = a.body.value && !losers.includes(notes[0]) ? lead : second;
    assert.ok(
      allText((winner === lead ? a : b).body.value).includes(en.t('helpdesk.ticket.statuses.assigned')),
    );

    // The admin is told in Latvian, in their own chat, through the outbound sender, once the invoke is answered.
    await eventually(() =>
      [...h.connector.calls, ...h2.connector.calls].some(
        (c) => c.conversationId === admin.conversationId && String(c.activity.text).includes('#1'),
      ),
    );
    const toAdmin = [...h.connector.calls, ...h2.connector.calls].filter(
      (c) => c.conversationId === admin.conversationId && c.method === 'POST',
    );
    assert.ok(
      texts(toAdmin.map((c) => c.activity)).includes(
        lv.t('helpdesk.notify.assigned', { name: winner.name, number: 1 }),
      ),
    );

    // The requester cannot work on their own ticket, even as a team member.
    h.connector.teams.get(channel.teamId)?.add(admin.user.id);
    const own = await invoke(
      h,
      channel.execute(admin.user, thread.conversationId, thread.activityId, 'resolve', {
        wb: { v: 1, a: 'ticket', op: 'resolve', n: 1 },
      }),
    );
    assert.ok(allText(own.body.value).includes(en.t('helpdesk.refusals.ownTicket')));

    // Resolve with a note: a line in the thread, the admin told in Latvian with the note.
    const resolved = await invoke(
      h,
      channel.execute(winner, thread.conversationId, thread.activityId, 'resolve', {
        wb: { v: 1, a: 'ticket', op: 'resolve', n: 1 },
        hdNote: 'Opened port 443 to Service Bus',
      }),
    );
    assert.ok(allText(resolved.body.value).includes(en.t('helpdesk.ticket.statuses.resolved')));
    assert.deepEqual(cardProblems(resolved.body.value), []);
    const resolvedNote = lv.t('helpdesk.notify.resolvedWithNote', {
      number: 1,
      note: 'Opened port 443 to Service Bus',
    });
    await eventually(() => h.connector.calls.some((c) => c.activity.text === resolvedNote));
    const adminMessages = texts(
      h.connector.calls.filter((c) => c.conversationId === admin.conversationId).map((c) => c.activity),
    );
    assert.ok(
      adminMessages.includes(
        lv.t('helpdesk.notify.resolvedWithNote', { number: 1, note: 'Opened port 443 to Service Bus' }),
      ),
      adminMessages.join('\n'),
    );
    // The ticket card in the thread was updated for everyone.
    const update = h.connector.updates.at(-1);
    assert.equal(update?.activityId, thread.activityId);

    // "tickets": the admin sees theirs with status, the helpdesk sees no open ones.
    const mine = await h.send(admin.message('tickets'));
    assert.match(allText(cardOf(mine.sent[0])), /#1/);
    const open = await h.send(channel.mention(lead, 'tickets'));
    assert.ok(allText(cardOf(open.sent[0])).includes(en.t('helpdesk.list.noneOpen')));
  });

  it('a hostile description is shown as plain text', async () => {
    await setUpChannel();
    const admin = h.conversation({ locale: 'lv-LV' });
    await escalate(
      admin,
      '**urgent** [click](https://evil.example/x) <at>CEO</at> ${secret} www.evil.example',
    );
    const json = JSON.stringify(ticketThread().card);
    assert.ok(!json.includes('](https://'), 'no markdown link');
    assert.ok(!json.includes('<at>'), 'no mention');
    assert.ok(!json.includes('${'), 'no template expression');
    assert.ok(!json.includes('https://evil'), 'no autolink');
    assert.ok(json.includes('\\\\*\\\\*urgent\\\\*\\\\*'), 'markdown escaped');
  });

  it('an oversize case is truncated with a note and the card stays under 25 KB', async () => {
    await setUpChannel();
    const admin = h.conversation({ locale: 'lv-LV' });
    await escalate(admin, '界'.repeat(60_000));
    const card = ticketThread().card;
    assert.ok(
      Buffer.byteLength(JSON.stringify(card)) < 25 * 1024,
      `${Buffer.byteLength(JSON.stringify(card))} bytes`,
    );
    assert.match(allText(card), /shortened: 59000 more characters/);
    assert.deepEqual(cardProblems(card), []);
  });

  it('an unassigned ticket gets one reminder line in its thread after 30 minutes', async () => {
    await setUpChannel();
    const admin = h.conversation({ locale: 'lv-LV' });
    await escalate(admin, 'x');
    const thread = ticketThread();
    const reminderLine = en.t('helpdesk.thread.reminder', { number: 1, count: 30 });
    const inThread = (): string[] =>
      texts(
        h.connector.calls.filter((c) => c.conversationId === thread.conversationId).map((c) => c.activity),
      );
    clock.ms += 29 * MINUTE;
    await new Promise((r) => setTimeout(r, 150));
    assert.ok(!inThread().includes(reminderLine));
    clock.ms += 2 * MINUTE;
    for (let i = 0; i < 100 && !inThread().includes(reminderLine); i++)
      await new Promise((r) => setTimeout(r, 30));
    assert.deepEqual(
      inThread().filter((t) => t === reminderLine),
      [reminderLine],
    );
    // A second ticket, taken before its 30 minutes are up, never gets one.
    const admin2 = h.conversation({ locale: 'lv-LV' });
    await escalate(admin2, 'y');
    const second = ticketThread();
    await invoke(
      h,
      channel.execute(lead, second.conversationId, second.activityId, 'assign', {
        wb: { v: 1, a: 'ticket', op: 'assign', n: 2 },
      }),
    );
    clock.ms += 31 * MINUTE;
    await new Promise((r) => setTimeout(r, 200));
    const secondLine = en.t('helpdesk.thread.reminder', { number: 2, count: 30 });
    assert.ok(!JSON.stringify(h.connector.calls).includes(secondLine));
  });

  it('Action.Submit fallback: assigning updates the ticket message and posts the line', async () => {
    await setUpChannel();
    const admin = h.conversation({ locale: 'lv-LV' });
    await escalate(admin, 'x');
    const thread = ticketThread();
    const turn = await h.send(channel.submit(lead, thread.conversationId, thread.activityId, assignData));
    assert.ok(texts(turn.sent).some((t) => t.includes('took ticket #1')));
    assert.equal(turn.updates[0]?.id, thread.activityId);
    assert.ok(allText(cardOf(turn.updates[0])).includes(en.t('helpdesk.ticket.statuses.assigned')));
  });

  it('setup names the channel as Teams lists it when the message carries no name (as real channel messages)', async () => {
    const nameless = (text: string): Record<string, unknown> => {
      const activity = channel.mention(lead, text);
      const data = activity.channelData as {
        channel: { id: string; name?: string };
        team: { name?: string };
      };
      delete data.channel.name;
      delete data.team.name;
      return activity;
    };
    h.connector.channels.set(channel.teamId, [
      { id: channel.teamId },
      { id: channel.channelId, name: 'Service Desk' },
    ]);
    let turn = await h.send(nameless('helpdesk here'));
    assert.equal(
      turn.sent[0]?.text,
      en.t('helpdesk.setup.set', { channel: 'Service Desk', language: 'English' }),
    );
    // Without the channel list (Teams refuses it), the id names the channel rather than the team's name.
    h.connector.channels.delete(channel.teamId);
    await h.send(nameless('helpdesk off'));
    turn = await h.send(nameless('helpdesk here'));
    assert.equal(
      turn.sent[0]?.text,
      en.t('helpdesk.setup.set', { channel: channel.channelId, language: 'English' }),
    );
  });

  it('setup: replacing says which channel it replaces; language; off; only in the helpdesk channel', async () => {
    await setUpChannel();
    const other = new TeamsChannel(h.serviceUrl, 'Service Desk');
    h.connector.teams.set(other.teamId, new Set([lead.id]));
    const moved = await h.send(other.mention(lead, 'helpdesk here'));
    assert.equal(
      moved.sent[0]?.text,
      en.t('helpdesk.setup.replaced', {
        channel: 'Service Desk',
        previous: 'IT Helpdesk',
        language: 'English',
      }),
    );
    const elsewhere = await h.send(channel.mention(lead, 'helpdesk off'));
    assert.equal(elsewhere.sent[0]?.text, en.t('helpdesk.setup.notHere', { channel: 'Service Desk' }));
    const language = await h.send(other.mention(lead, 'helpdesk language lv'));
    assert.equal(language.sent[0]?.text, lv.t('helpdesk.setup.languageSet', { language: 'Latviešu' }));

    // The next ticket card is in Latvian, in the new channel.
    const admin = h.conversation({ locale: 'lv-LV' });
    await escalate(admin, 'x');
    assert.deepEqual((h.connector.created[0].parameters.channelData as { channel: unknown }).channel, {
      id: other.channelId,
    });
    assert.match(allText(ticketThread().card), new RegExp(lv.t('helpdesk.ticket.title', { number: 1 })));

    // Typed in the member's own language (Latvian keywords for a Latvian client).
    const off = await h.send(other.mention(lead, 'atbalsta dienests izslēgt', 'lv-LV'));
    assert.equal(off.sent[0]?.text, lv.t('helpdesk.setup.off'));
    const none = await h.send(other.mention(lead, 'helpdesk off'));
    assert.equal(none.sent[0]?.text, en.t('helpdesk.setup.offNone'));
  });

  it('a double click on Send creates one ticket; the second click is told the number', async () => {
    await setUpChannel();
    const admin = h.conversation({ locale: 'lv-LV' });
    const { card, id } = await connectivitySummary(admin);
    const data = { ...submitWith(card, 'escalate', { s: 'connectivity' }), hdDescription: 'x' };
    const [one, two] = await Promise.all([h.send(admin.submit(data, id)), h2.send(admin.submit(data, id))]);
    assert.equal(h.connector.created.length + h2.connector.created.length, 1);
    const notes = texts([...one.sent, ...two.sent]);
    assert.ok(notes.includes(lv.t('helpdesk.confirm.already', { number: 1 })), notes.join('\n'));
  });

  it('forged or malformed invokes get 400 and change nothing; other tenants cannot see the ticket', async () => {
    await setUpChannel();
    await escalate(h.conversation({ locale: 'lv-LV' }), 'x');
    const thread = ticketThread();
    const base = channel.execute(lead, thread.conversationId, thread.activityId, 'assign', assignData);
    for (const value of [
      {},
      { action: { type: 'Action.Submit', verb: 'assign', data: assignData } },
      {
        action: {
          type: 'Action.Execute',
          verb: 'assign',
          data: { wb: { v: 1, a: 'ticket', op: 'delete', n: 1 } },
        },
      },
      { action: { type: 'Action.Execute', verb: 'resolve', data: assignData } },
    ]) {
      const answer = await invoke(h, { ...base, value });
      assert.equal(answer.status, 400, JSON.stringify(value));
    }
    const foreign = new TeamsChannel(h.serviceUrl, 'Other', 'Other', '11111111-2222-3333-4444-555555555555');
    const stranger = await invoke(
      h,
      foreign.execute(lead, thread.conversationId, thread.activityId, 'assign', assignData),
    );
    assert.equal(allText(stranger.body.value), en.t('helpdesk.refusals.unavailable'));
    const check = await invoke(
      h,
      channel.execute(lead, thread.conversationId, thread.activityId, 'refresh', {
        wb: { v: 1, a: 'ticket', op: 'refresh', n: 1 },
      }),
    );
    assert.ok(allText(check.body.value).includes(en.t('helpdesk.ticket.statuses.open')), 'still open');
  });
});
