import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStorage } from 'botbuilder';
import { Localizer } from '../../src/i18n/translator';
import { silentLogger } from '../../src/core/logger';
import { SqliteReminderScheduler } from '../../src/proactive/sqliteScheduler';
import { allText, BotHarness, cardOf, submitActions, type Card } from '../support/botHarness';
import type { TeamsConversation, TeamsUser } from '../support/teams';
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

interface InvokeAnswer {
  status: number;
  body: { statusCode: number; type: string; value: Card };
}

const textOf = (a: Record<string, unknown>): string => (typeof a.text === 'string' ? a.text : '');

function submitWith(card: Card, verb: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const found = submitActions(card).find((a) => {
    const wb = a.data.wb as Record<string, unknown>;
    return wb.a === verb && Object.entries(extra).every(([k, v]) => wb[k] === v);
  });
  if (!found) throw new Error(`no ${verb} on ${JSON.stringify(card).slice(0, 300)}`);
  return found.data;
}

/** Every Action.Execute on a card (ShowCards included), by verb. */
function executeData(card: Card, verb: string): Record<string, unknown> {
  let found: Record<string, unknown> | undefined;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.type === 'Action.Execute' && record.verb === verb)
      found ??= record.data as Record<string, unknown>;
    Object.values(record).forEach(visit);
  };
  visit(card);
  if (!found) throw new Error(`no Action.Execute ${verb} on ${JSON.stringify(card).slice(0, 300)}`);
  return found;
}

function inputOf(card: Card, id: string): Record<string, unknown> | undefined {
  let found: Record<string, unknown> | undefined;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.id === id) found ??= record;
    Object.values(record).forEach(visit);
  };
  visit(card);
  return found;
}

describe('helpdesk priority, SLA, reassign, rating and stats, end to end over HTTP (two instances)', () => {
  let h: BotHarness;
  let h2: BotHarness;
  let clock: Clock;
  let dir: string;
  let schedulers: SqliteReminderScheduler[];
  let channel: TeamsChannel;
  const lead = agent('Alex Agent');
  const second = agent('Bea Agent');
  const outsider = agent('Olga Outsider');

  beforeEach(async () => {
    clock = new Clock();
    dir = mkdtempSync(join(tmpdir(), 'wb-hdsla-'));
    // Two instances, one reminder database: each due line is claimed by one of them.
    schedulers = [0, 1].map(
      () =>
        new SqliteReminderScheduler({
          database: join(dir, 'reminders.sqlite'),
          logger: silentLogger(),
          pollMs: 20,
          now: () => clock.ms,
        }),
    );
    const storage = new MemoryStorage();
    h = await new BotHarness({ storage, now: clock.now, reminderScheduler: schedulers[0] }).start();
    h2 = await new BotHarness({ storage, now: clock.now, reminderScheduler: schedulers[1] }).start();
    h.app.startReminders();
    h2.app.startReminders();
    channel = new TeamsChannel(h.serviceUrl);
    for (const connector of [h.connector, h2.connector]) {
      connector.teams.set(channel.teamId, new Set([lead.id, second.id]));
      for (const p of [lead, second, outsider]) connector.people.set(p.id, p);
    }
    const turn = await h.send(channel.mention(lead, 'helpdesk here'));
    assert.equal(turn.status, 200);
  });
  afterEach(async () => {
    await h.stop();
    await h2.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function escalate(admin: TeamsConversation): Promise<void> {
    let turn = await h.send(admin.submit({ wb: { v: 1, a: 'start', s: 'connectivity' } }));
    for (let i = 0; i < 4; i++)
      turn = await h.send(admin.submit(submitWith(cardOf(turn.sent[0]), 'answer', { ans: 'ok' })));
    const summary = turn.sent.find((a) => allText(cardOf(a)).includes(lv.t('helpdesk.offer.send')));
    assert.ok(summary);
    const data = submitWith(cardOf(summary), 'escalate', { s: 'connectivity' });
    await h.send(admin.submit({ ...data, hdDescription: 'x' }, String(summary.id)));
  }

  function thread(): { conversationId: string; activityId: string; card: Card } {
    const created = h.connector.created.at(-1);
    assert.ok(created);
    const activity = created.parameters.activity as Record<string, unknown>;
    return { conversationId: created.conversationId, activityId: created.activityId, card: cardOf(activity) };
  }

  async function invoke(target: BotHarness, activity: Record<string, unknown>): Promise<InvokeAnswer> {
    const response = await target.postRaw(JSON.stringify(activity));
    return { status: response.status, body: (await response.json()) as InvokeAnswer['body'] };
  }

  const act = (who: TeamsUser, verb: string, extra: Record<string, unknown> = {}, target = h) => {
    const th = thread();
    return invoke(
      target,
      channel.execute(who, th.conversationId, th.activityId, verb, {
        wb: { v: 1, a: 'ticket', op: verb, n: 1 },
        ...extra,
      }),
    );
  };

  /** Lines posted in the ticket's thread, by either instance. */
  const threadLines = (): string[] => {
    const id = thread().conversationId;
    return [...h.connector.calls, ...h2.connector.calls]
      .filter((c) => c.conversationId === id && c.method === 'POST')
      .map((c) => textOf(c.activity));
  };

  async function waitFor(check: () => boolean): Promise<void> {
    for (let i = 0; i < 150 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
  }

  const fact = (card: Card, titleKey: string): string | undefined => {
    const json = JSON.stringify(card);
    const title = JSON.stringify(en.t(titleKey));
    const at = json.indexOf(`"title":${title},"value":`);
    if (at < 0) return undefined;
    return (JSON.parse(`{${json.slice(at, json.indexOf('}', at))}}`) as { value: string }).value;
  };

  it('priority from the case, changed by an agent; a forged priority changes nothing; SLA lines once across instances, the breach on the card', async () => {
    await escalate(h.conversation({ locale: 'lv-LV' }));
    const first = thread().card;
    assert.deepEqual(cardProblems(first), []);
    // Every Connectivity check OK: nothing failed, so the rules give Low.
    assert.equal(fact(first, 'helpdesk.ticket.priority'), en.t('helpdesk.priority.low'));
    assert.ok(inputOf(first, 'hdPriority'), 'the card offers the priorities');

    const forged = await act(lead, 'priority', { hdPriority: 'critical' });
    assert.ok(allText(forged.body.value).includes(en.t('helpdesk.refusals.badPriority')));
    assert.equal(fact(forged.body.value, 'helpdesk.ticket.priority'), en.t('helpdesk.priority.low'));

    const high = await act(lead, 'priority', { hdPriority: 'high' });
    assert.equal(fact(high.body.value, 'helpdesk.ticket.priority'), en.t('helpdesk.priority.high'));
    await waitFor(() => threadLines().some((l) => l.includes(en.t('helpdesk.priority.high'))));
    assert.ok(threadLines().some((l) => l.startsWith('Alex Agent set the priority of ticket #1 to High')));

    // High: first response in 60 minutes, warned at 75 % (45 minutes).
    const warn = en.t('helpdesk.sla.respondWarn', {
      number: 1,
      priority: en.t('helpdesk.priority.high'),
      time: '',
    });
    const warned = (): string[] => threadLines().filter((l) => l.startsWith(warn.split(':')[0]));
    clock.ms += 44 * MINUTE;
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(warned().length, 0);
    clock.ms += 2 * MINUTE;
    await waitFor(() => warned().length > 0);
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(warned().length, 1, 'one warning, from one of the two instances');

    const breachStart = 'Ticket #1 (High) missed its first-response target';
    const breaches = (): string[] => threadLines().filter((l) => l.startsWith(breachStart));
    clock.ms += 15 * MINUTE;
    await waitFor(() => breaches().length > 0);
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(breaches().length, 1, 'one breach line');
    const refreshed = await act(second, 'refresh');
    assert.match(fact(refreshed.body.value, 'helpdesk.ticket.respondTarget') ?? '', /^✗/);

    // Assigned: the respond target is met late, no more respond lines; resolve lines still run.
    await act(second, 'assign');
    clock.ms += 60 * MINUTE;
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(breaches().length, 1);
  });

  it('reassign: a team member picked by Entra object id, both mentioned; a non-member or forged id changes nothing; after Unassign the reminder is set again', async () => {
    await escalate(h.conversation({ locale: 'lv-LV' }));
    // The refreshed card lists the team (the roster) beside the directory search.
    const card = (await act(lead, 'refresh')).body.value;
    const picker = inputOf(card, 'hdAssignee');
    assert.ok(picker, 'a people picker');
    assert.deepEqual(picker['choices.data'], { type: 'Data.Query', dataset: 'graph.microsoft.com/users' });
    assert.deepEqual(
      (picker.choices as Array<{ value: string }>).map((c) => c.value).sort(),
      [lead.aadObjectId, second.aadObjectId].sort(),
    );
    assert.deepEqual(cardProblems(card), []);

    for (const value of [outsider.aadObjectId, 'not-a-guid', second.id]) {
      const refused = await act(lead, 'reassign', { hdAssignee: value });
      assert.ok(allText(refused.body.value).includes(en.t('helpdesk.refusals.notTeamMember')), value);
      assert.equal(fact(refused.body.value, 'helpdesk.ticket.assignee'), en.t('helpdesk.list.nobody'));
    }

    await act(lead, 'assign');
    const moved = await act(lead, 'reassign', { hdAssignee: second.aadObjectId });
    assert.equal(fact(moved.body.value, 'helpdesk.ticket.assignee'), 'Bea Agent');
    await waitFor(() => threadLines().some((l) => l.includes('handed ticket #1')));
    const calls = [...h.connector.calls, ...h2.connector.calls].filter((c) =>
      textOf(c.activity).includes('handed ticket #1'),
    );
    assert.equal(calls.length, 1);
    assert.match(textOf(calls[0].activity), /from <at>Alex Agent<\/at> to <at>Bea Agent<\/at>/);
    const mentioned = (calls[0].activity.entities as Array<{ mentioned: { id: string } }>).map(
      (e) => e.mentioned.id,
    );
    assert.deepEqual(mentioned.sort(), [lead.id, second.id].sort());

    // Unassign at minute 40: the 30-minute reminder is set again (the first one was cancelled by the assignment).
    clock.ms += 40 * MINUTE;
    await act(second, 'unassign');
    const reminder = en.t('helpdesk.thread.reminder', { number: 1, count: 30 });
    clock.ms += 29 * MINUTE;
    await new Promise((r) => setTimeout(r, 150));
    assert.ok(!threadLines().includes(reminder));
    clock.ms += 2 * MINUTE;
    await waitFor(() => threadLines().includes(reminder));
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(
      threadLines().filter((l) => l === reminder),
      [reminder],
    );
  });

  it('rating after resolve: the requester rates once in their language; a colleague, a 7 or a second click change nothing; tickets and stats show it', async () => {
    const admin = h.conversation({ locale: 'lv-LV' });
    await escalate(admin);
    await act(lead, 'assign');
    clock.ms += 90 * MINUTE;
    await act(lead, 'resolve');
    const toAdmin = (): Array<Record<string, unknown>> =>
      [...h.connector.calls, ...h2.connector.calls]
        .filter((c) => c.conversationId === admin.conversationId && c.method === 'POST')
        .map((c) => c.activity);
    await waitFor(() => toAdmin().some((a) => allTextOrEmpty(a).includes(lv.t('helpdesk.rating.send'))));
    const ratingActivity = toAdmin().find((a) => allTextOrEmpty(a).includes(lv.t('helpdesk.rating.send')));
    assert.ok(ratingActivity, 'the requester gets a rating card');
    const ratingCard = cardOf(ratingActivity);
    assert.deepEqual(cardProblems(ratingCard), []);
    assert.ok(allText(ratingCard).includes(lv.t('helpdesk.rating.title', { number: 1 })));
    const data = executeData(ratingCard, 'rate');

    const rateAs = (conversation: TeamsConversation, inputs: Record<string, unknown>) =>
      invoke(h2, {
        ...conversation.submit({}),
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb: 'rate', data: { ...data, ...inputs } } },
      });
    const colleague = h.conversation({ locale: 'en-US' });
    const notTheirs = await rateAs(colleague, { hdRating: '5' });
    assert.equal(allText(notTheirs.body.value), en.t('helpdesk.rating.notRequester'));
    const seven = await rateAs(admin, { hdRating: '7' });
    assert.ok(allText(seven.body.value).includes(lv.t('helpdesk.rating.invalid')));

    // A double click, on two instances at once: one rating, the other click is told it is already rated.
    const comment = '**fast** <at>CEO</at> [x](https://evil.example)';
    const both = await Promise.all(
      [h, h2].map((target) =>
        invoke(target, {
          ...admin.submit({}),
          type: 'invoke',
          name: 'adaptiveCard/action',
          value: {
            action: {
              type: 'Action.Execute',
              verb: 'rate',
              data: { ...data, hdRating: '4', hdComment: comment },
            },
          },
        }),
      ),
    );
    const answers = both.map((b) => allText(b.body.value)).sort();
    assert.deepEqual(
      answers,
      [lv.t('helpdesk.rating.alreadyRated'), lv.t('helpdesk.rating.thanks', { number: 1, stars: 4 })].sort(),
    );
    const again = await rateAs(admin, { hdRating: '1' });
    assert.equal(allText(again.body.value), lv.t('helpdesk.rating.alreadyRated'));

    await waitFor(() => threadLines().some((l) => l.includes('★★★★☆ 4/5')));
    const lines = threadLines().filter((l) => l.includes('rated the help'));
    assert.equal(lines.length, 1);
    assert.ok(!lines[0].includes('<at>') && !lines[0].includes(']('), lines[0]);

    // The card in the thread shows it at once (updated from the admin's chat), and on refresh.
    await waitFor(() =>
      [...h.connector.updates, ...h2.connector.updates].some((u) => u.activityId === thread().activityId),
    );
    const update = [...h.connector.updates, ...h2.connector.updates]
      .filter((u) => u.activityId === thread().activityId)
      .at(-1);
    assert.ok(update, 'the ticket card in the thread was updated');
    assert.match(fact(cardOf(update.activity), 'helpdesk.ticket.rating') ?? '', /^★★★★☆ 4\/5/);
    const card = (await act(lead, 'refresh')).body.value;
    assert.match(fact(card, 'helpdesk.ticket.rating') ?? '', /^★★★★☆ 4\/5/);
    const mine = await h.send(admin.message('tickets'));
    assert.match(allText(cardOf(mine.sent[0])), /★★★★☆ 4\/5/);

    // The summary in the helpdesk channel, in the helpdesk's language (Latvian from now on).
    await h.send(channel.mention(lead, 'helpdesk language lv'));
    const stats = await h.send(channel.mention(lead, 'helpdesk stats'));
    const statsCard = cardOf(stats.sent[0]);
    assert.deepEqual(cardProblems(statsCard), []);
    const text = allText(statsCard);
    assert.ok(text.includes(lv.t('helpdesk.stats.title')));
    assert.ok(text.includes(lv.t('helpdesk.stats.ratingValue', { avg: '4', count: 1 })), text);
    // One section finished, one escalated: nothing deflected.
    assert.ok(
      text.includes(lv.t('helpdesk.stats.deflectionValue', { deflected: 0, finished: 1, escalated: 1 })),
    );
    assert.ok(text.includes(lv.t('helpdesk.stats.hours', { h: 1, m: 30 })), 'median time to resolve');
    // Anywhere else it says where to ask.
    const elsewhere = await h.send(admin.message('helpdesk stats'));
    assert.equal(textOf(elsewhere.sent[0]), lv.t('helpdesk.stats.notHere', { channel: 'IT Helpdesk' }));
  });
});

describe('the helpdesk summary counter never costs an admin their summary', () => {
  it('a storage failure on the outcome counter is logged and the summary card still comes', async () => {
    const storage = new MemoryStorage();
    const write = storage.write.bind(storage);
    storage.write = (changes) =>
      Object.keys(changes).some((k) => k.endsWith('/outcomes'))
        ? Promise.reject(new Error('storage down'))
        : write(changes);
    const h = await new BotHarness({ storage }).start();
    try {
      const admin = h.conversation({ locale: 'lv-LV' });
      let turn = await h.send(admin.submit({ wb: { v: 1, a: 'start', s: 'connectivity' } }));
      for (let i = 0; i < 4; i++)
        turn = await h.send(admin.submit(submitWith(cardOf(turn.sent[0]), 'answer', { ans: 'ok' })));
      assert.equal(turn.status, 200);
      assert.ok(turn.sent.some((a) => allTextOrEmpty(a).includes(lv.t('helpdesk.offer.send'))));
    } finally {
      await h.stop();
    }
  });
});

function allTextOrEmpty(activity: Record<string, unknown>): string {
  try {
    return allText(cardOf(activity));
  } catch {
    return '';
  }
}
