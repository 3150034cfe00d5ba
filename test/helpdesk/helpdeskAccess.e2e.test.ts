import assert from 'node:assert/strict';
import { MemoryStorage } from 'botbuilder';
import { Localizer } from '../../src/i18n/translator';
import { allText, BotHarness, cardOf, submitActions, type Card } from '../support/botHarness';
import { captureLogs, type CapturedLog } from '../proactive/support/logCapture';
import { newUser, TENANT_ID, type TeamsConversation, type TeamsUser } from '../support/teams';
import { agent, TeamsChannel } from '../support/teamsChannel';
import { cardProblems } from '../support/validateCard';

const localizer = new Localizer();
const en = localizer.for('en');
const lv = localizer.for('lv');
const DESCRIPTION = 'Since Monday nobody can reset passwords zebra42';

interface InvokeAnswer {
  status: number;
  body: { statusCode: number; type: string; value: Card };
}

function submitWith(card: Card, verb: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const found = submitActions(card).find((a) => {
    const wb = a.data.wb as Record<string, unknown>;
    return wb.a === verb && Object.entries(extra).every(([k, v]) => wb[k] === v);
  });
  if (!found) throw new Error(`no ${verb} on ${JSON.stringify(card).slice(0, 300)}`);
  return found.data;
}

/** Action.Execute `refresh` (or another verb) sent from a personal chat: what an outsider can forge. */
function personalInvoke(
  conversation: TeamsConversation,
  verb: string,
  number: number,
): Record<string, unknown> {
  const base = conversation.message('');
  delete base.text;
  delete base.textFormat;
  return {
    ...base,
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: {
      action: { type: 'Action.Execute', verb, data: { wb: { v: 1, a: 'ticket', op: verb, n: number } } },
      trigger: verb === 'refresh' ? 'automatic' : 'manual',
    },
  };
}

const sentTo = (h: BotHarness, conversationId: string): string[] =>
  h.connector.calls
    .filter((c) => c.method === 'POST' && c.conversationId === conversationId)
    .map((c) => (typeof c.activity.text === 'string' ? c.activity.text : ''));

const withCode = (lines: CapturedLog[], code: string): CapturedLog[] => lines.filter((l) => l.code === code);

describe('helpdesk access over HTTP: who sees a ticket, who sets, moves and removes the helpdesk', () => {
  let h: BotHarness;
  let logs: ReturnType<typeof captureLogs>;
  let channel: TeamsChannel;
  const lead = agent('Alex Agent');
  const outsider = agent('Olga Outsider');
  const requester: TeamsUser = newUser('Ieva Requester');

  async function start(env: Record<string, string> = {}): Promise<void> {
    logs = captureLogs('info');
    h = await new BotHarness({ storage: new MemoryStorage(), env, logger: logs.logger }).start();
    channel = new TeamsChannel(h.serviceUrl);
    h.connector.teams.set(channel.teamId, new Set([lead.id]));
  }
  afterEach(async () => {
    await h.stop();
  });

  async function escalate(admin: TeamsConversation): Promise<void> {
    let turn = await h.send(admin.submit({ wb: { v: 1, a: 'start', s: 'connectivity' } }));
    for (let i = 0; i < 4; i++)
      turn = await h.send(admin.submit(submitWith(cardOf(turn.sent[0]), 'answer', { ans: 'ok' })));
    const summary = turn.sent.find((a) => allText(cardOf(a)).includes(lv.t('helpdesk.offer.send')));
    assert.ok(summary, 'the section summary offers "Send to helpdesk"');
    await h.send(admin.message('notikums 6329'));
    const data = submitWith(cardOf(summary), 'escalate', { s: 'connectivity' });
    await h.send(admin.submit({ ...data, hdDescription: DESCRIPTION }, String(summary.id)));
  }

  async function invoke(activity: Record<string, unknown>): Promise<InvokeAnswer> {
    const response = await h.postRaw(JSON.stringify(activity));
    return { status: response.status, body: (await response.json()) as InvokeAnswer['body'] };
  }

  /** Where the last ticket card was posted: the channel id of its new thread. */
  const lastThreadChannel = (): unknown =>
    (h.connector.created.at(-1)?.parameters.channelData as { channel?: { id?: string } }).channel?.id;

  describe('a ticket card asked for with Action.Execute', () => {
    let admin: TeamsConversation;
    beforeEach(async () => {
      await start();
      assert.equal((await h.send(channel.mention(lead, 'helpdesk here'))).status, 200);
      admin = h.conversation({ locale: 'lv-LV', user: requester });
      await escalate(admin);
      assert.equal(h.connector.created.length, 1, 'ticket #1 was posted');
    });

    /** Everything of ticket #1 that must not reach someone who may not see it. */
    const secrets = (): string[] => [
      requester.name,
      requester.aadObjectId,
      requester.id,
      TENANT_ID,
      DESCRIPTION,
      'zebra42',
      '6329',
      'teams.microsoft.com/l/chat',
      'Ticket #1',
      '#1',
      en.t('checks.connectVersion.title'),
      en.t('helpdesk.ticket.copy'),
      en.t('helpdesk.ticket.assign'),
      en.t('helpdesk.ticket.statuses.open'),
    ];

    it("an outsider's refresh from their own chat gets one sentence, the same for a ticket that does not exist", async () => {
      const stranger = h.conversation({ user: outsider });
      const existing = await invoke(personalInvoke(stranger, 'refresh', 1));
      const missing = await invoke(personalInvoke(stranger, 'refresh', 99));
      assert.equal(existing.status, 200);
      assert.equal(existing.body.type, 'application/vnd.microsoft.card.adaptive');
      const json = JSON.stringify(existing.body.value);
      for (const secret of secrets()) assert.ok(!json.includes(secret), `the card shows ${secret}: ${json}`);
      assert.equal(allText(existing.body.value), en.t('helpdesk.refusals.unavailable'));
      assert.deepEqual(existing.body, missing.body, 'no difference between "not yours" and "no such ticket"');
      // Working it from there fares no better, and changes nothing.
      const assign = await invoke(personalInvoke(stranger, 'assign', 1));
      assert.deepEqual(assign.body, existing.body);
      const check = await invoke(channel.execute(lead, 'x', 'y', 'refresh', refreshData(1)));
      assert.ok(allText(check.body.value).includes(en.t('helpdesk.ticket.statuses.open')), 'still open');
      assert.equal(withCode(logs.lines, 'WB-HD-404').length, 3, 'each refusal is logged');
    });

    it('a member of another team, in a channel of that team, gets the same sentence', async () => {
      const other = new TeamsChannel(h.serviceUrl, 'Sales', 'Sales');
      h.connector.teams.set(other.teamId, new Set([outsider.id]));
      const answer = await invoke(other.execute(outsider, other.channelId, 'x', 'refresh', refreshData(1)));
      const json = JSON.stringify(answer.body.value);
      for (const secret of secrets()) assert.ok(!json.includes(secret), `the card shows ${secret}`);
    });

    it("the requester's refresh gets the requester's view: status and their case, no agent controls", async () => {
      const answer = await invoke(personalInvoke(admin, 'refresh', 1));
      const card = answer.body.value;
      const text = allText(card);
      assert.deepEqual(cardProblems(card), []);
      assert.ok(text.includes(lv.t('helpdesk.ticket.title', { number: 1 })), text);
      assert.ok(text.includes(lv.t('helpdesk.ticket.statuses.open')));
      assert.ok(text.includes(DESCRIPTION));
      assert.ok(text.includes(lv.t('helpdesk.ticket.requesterView')));
      assert.equal(card.actions, undefined, 'no buttons');
      const json = JSON.stringify(card);
      for (const hidden of [TENANT_ID, 'teams.microsoft.com/l/chat', requester.aadObjectId])
        assert.ok(!json.includes(hidden), `the requester's view shows ${hidden}`);
      for (const verb of ['assign', 'unassign', 'resolve', 'reopen'])
        assert.ok(!json.includes(`"verb":"${verb}"`), `no ${verb}`);
      // Trying to work it anyway: their view with a note, nothing changed.
      const own = await invoke(personalInvoke(admin, 'assign', 1));
      assert.ok(allText(own.body.value).includes(lv.t('helpdesk.refusals.ownTicket')));
      assert.equal(own.body.value.actions, undefined);
    });

    it("an agent's refresh gets the agent view, with the controls and the whole case", async () => {
      const answer = await invoke(channel.execute(lead, 'x', 'y', 'refresh', refreshData(1)));
      const text = allText(answer.body.value);
      for (const expected of [
        requester.name,
        TENANT_ID,
        DESCRIPTION,
        en.t('helpdesk.ticket.assign'),
        en.t('helpdesk.ticket.copy'),
      ])
        assert.ok(text.includes(expected), `the agent view lacks ${expected}`);
      assert.ok(JSON.stringify(answer.body.value).includes('teams.microsoft.com/l/chat'));
    });

    it('when Teams cannot answer who is in the team, nobody sees the ticket and nothing changes', async () => {
      h.connector.memberLookupStatus = 401; // not retried by the SDK, unlike 5xx (slow here)
      const refresh = await invoke(channel.execute(lead, 'x', 'y', 'refresh', refreshData(1)));
      const assign = await invoke(channel.execute(lead, 'x', 'y', 'assign', assignData(1)));
      for (const answer of [refresh, assign]) {
        assert.equal(allText(answer.body.value), en.t('helpdesk.refusals.memberCheckFailed'));
        const json = JSON.stringify(answer.body.value);
        for (const secret of secrets()) assert.ok(!json.includes(secret), `the card shows ${secret}`);
      }
      assert.equal(withCode(logs.lines, 'WB-HD-503').length, 2);
      h.connector.memberLookupStatus = undefined;
      const check = await invoke(channel.execute(lead, 'x', 'y', 'refresh', refreshData(1)));
      assert.ok(allText(check.body.value).includes(en.t('helpdesk.ticket.statuses.open')), 'still open');
    });

    it('the Action.Submit fallback from an outsider: the same sentence, and the ticket message is not touched', async () => {
      const created = h.connector.created[0];
      const turn = await h.send(
        channel.submit(outsider, created.conversationId, created.activityId, {
          wb: { v: 1, a: 'ticket', op: 'assign', n: 1 },
        }),
      );
      assert.deepEqual(
        turn.sent.map((a) => a.text),
        [en.t('helpdesk.refusals.unavailable')],
      );
      assert.deepEqual(turn.updates, []);
    });
  });

  describe('setting, moving and removing the helpdesk', () => {
    it("a takeover from another team is refused, logged, and escalations still go to the old channel; so is 'off' by an outsider", async () => {
      await start();
      await h.send(channel.mention(lead, 'helpdesk here'));
      const rogue = new TeamsChannel(h.serviceUrl, 'Rogue', 'Rogue');
      const mallory = agent('Mallory');
      h.connector.teams.set(rogue.teamId, new Set([mallory.id]));
      const refusal = en.t('helpdesk.setup.notTeamMember', { channel: 'IT Helpdesk' });

      const takeover = await h.send(rogue.mention(mallory, 'helpdesk here'));
      assert.deepEqual(
        takeover.sent.map((a) => a.text),
        [refusal],
      );
      const elsewhere = await h.send(rogue.mention(mallory, 'helpdesk off'));
      assert.equal(elsewhere.sent[0]?.text, en.t('helpdesk.setup.notHere', { channel: 'IT Helpdesk' }));
      // In the helpdesk channel itself (a shared channel, a guest) without being in its team: refused too.
      const inside = await h.send(channel.mention(mallory, 'helpdesk off'));
      assert.equal(inside.sent[0]?.text, refusal);
      const language = await h.send(channel.mention(mallory, 'helpdesk language lv'));
      assert.equal(language.sent[0]?.text, refusal);
      // Teams failing to answer is no way in either.
      h.connector.memberLookupStatus = 401;
      const failed = await h.send(rogue.mention(mallory, 'helpdesk here'));
      assert.equal(failed.sent[0]?.text, en.t('helpdesk.setup.checkFailed'));
      h.connector.memberLookupStatus = undefined;
      assert.deepEqual(sentTo(h, channel.channelId), [], 'no line in the helpdesk channel');

      await escalate(h.conversation({ locale: 'lv-LV' }));
      assert.equal(lastThreadChannel(), channel.channelId, 'the case went to the real helpdesk');
      assert.match(
        allText(cardOf(h.connector.created[0].parameters.activity as Record<string, unknown>)),
        /Ticket #1/,
      );

      const refused = withCode(logs.lines, 'WB-HD-403');
      assert.deepEqual(
        refused.map((l) => [l.action, l.reason]),
        [
          ['move', 'notMember'],
          ['remove', 'notMember'],
          ['language', 'notMember'],
          ['move', 'memberCheckFailed'],
        ],
      );
      const raw = JSON.stringify(refused);
      for (const id of [mallory.id, mallory.aadObjectId, rogue.teamId, channel.channelId, TENANT_ID])
        assert.ok(!raw.includes(id), `a refusal log line carries ${id} in clear`);
      assert.match(String(refused[0].by), /^h:[0-9a-f]{12}$/);
    });

    it('a member of the helpdesk team moves it: a line in both channels, logged; the next case goes to the new one', async () => {
      await start();
      await h.send(channel.mention(lead, 'helpdesk here'));
      const desk = new TeamsChannel(h.serviceUrl, 'Service Desk', 'Service');
      h.connector.teams.set(desk.teamId, new Set([lead.id]));
      const moved = await h.send(desk.mention(lead, 'helpdesk here'));
      assert.equal(
        moved.sent[0]?.text,
        en.t('helpdesk.setup.replaced', {
          channel: 'Service Desk',
          previous: 'IT Helpdesk',
          language: 'English',
        }),
      );
      assert.deepEqual(sentTo(h, channel.channelId), [
        en.t('helpdesk.setup.movedAway', { name: lead.name, channel: 'Service Desk' }),
      ]);
      await escalate(h.conversation({ locale: 'lv-LV' }));
      assert.equal(lastThreadChannel(), desk.channelId);

      const audit = logs.lines.filter((l) => typeof l.code === 'string' && /^WB-HD-20[123]$/.test(l.code));
      assert.deepEqual(
        audit.map((l) => [l.code, l.action, l.via]),
        [
          ['WB-HD-201', 'set', 'open'],
          ['WB-HD-202', 'move', 'team'],
        ],
      );
      const raw = JSON.stringify(audit);
      for (const id of [lead.id, lead.aadObjectId, channel.channelId, desk.channelId, desk.teamId, TENANT_ID])
        assert.ok(!raw.includes(id), `an audit line carries ${id} in clear`);

      // Removing it: from its channel, by its team; logged.
      const off = await h.send(desk.mention(lead, 'helpdesk off'));
      assert.equal(off.sent[0]?.text, en.t('helpdesk.setup.off'));
      assert.equal(withCode(logs.lines, 'WB-HD-203').length, 1);
    });

    it('two first "helpdesk here" at once, from two teams: one is set, the other is refused', async () => {
      await start();
      const other = new TeamsChannel(h.serviceUrl, 'Service Desk', 'Service');
      const bea = agent('Bea Agent');
      h.connector.teams.set(other.teamId, new Set([bea.id]));
      const [a, b] = await Promise.all([
        h.send(channel.mention(lead, 'helpdesk here')),
        h.send(other.mention(bea, 'helpdesk here')),
      ]);
      assert.deepEqual([a.status, b.status], [200, 200]);
      // The two turns overlap: each one's answer is what was posted in its own channel.
      const answers = [channel, other].map((c) =>
        h.connector.calls.filter((x) => x.conversationId.startsWith(c.channelId)).map((x) => x.activity.text),
      );
      const set = (name: string) => en.t('helpdesk.setup.set', { channel: name, language: 'English' });
      const refused = (name: string) => en.t('helpdesk.setup.notTeamMember', { channel: name });
      const expected =
        answers[0][0] === set('IT Helpdesk')
          ? [[set('IT Helpdesk')], [refused('IT Helpdesk')]]
          : [[refused('Service Desk')], [set('Service Desk')]];
      assert.deepEqual(answers, expected);
      assert.equal(withCode(logs.lines, 'WB-HD-201').length, 1);
      assert.equal(withCode(logs.lines, 'WB-HD-202').length, 0);
    });

    it('with HELPDESK_ADMINS only those listed set, move and remove it', async () => {
      const boss = newUser('Bo Admin');
      await start({
        HELPDESK_ADMINS: ` ${boss.aadObjectId.toUpperCase()} , 00000000-0000-4000-8000-000000000001`,
      });
      const notAdmin = en.t('helpdesk.setup.notAdmin');
      assert.equal((await h.send(channel.mention(lead, 'helpdesk here'))).sent[0]?.text, notAdmin);
      // Nothing was set: the admin's own "helpdesk here" is a first set, not a move.
      const set = await h.send(channel.mention(boss, 'helpdesk here'));
      assert.equal(
        set.sent[0]?.text,
        en.t('helpdesk.setup.set', { channel: 'IT Helpdesk', language: 'English' }),
      );
      // A member of the helpdesk team is no longer enough.
      assert.equal((await h.send(channel.mention(lead, 'helpdesk off'))).sent[0]?.text, notAdmin);
      const desk = new TeamsChannel(h.serviceUrl, 'Service Desk', 'Service');
      h.connector.teams.set(desk.teamId, new Set([lead.id]));
      assert.equal((await h.send(desk.mention(lead, 'helpdesk here'))).sent[0]?.text, notAdmin);
      // The admin moves it without being in either team's roster.
      const moved = await h.send(desk.mention(boss, 'helpdesk here'));
      assert.equal(
        moved.sent[0]?.text,
        en.t('helpdesk.setup.replaced', {
          channel: 'Service Desk',
          previous: 'IT Helpdesk',
          language: 'English',
        }),
      );
      // And removes it, from the helpdesk channel.
      const off = await h.send(desk.mention(boss, 'helpdesk off'));
      assert.equal(off.sent[0]?.text, en.t('helpdesk.setup.off'));
      assert.deepEqual(
        ['WB-HD-201', 'WB-HD-202', 'WB-HD-203'].map((code) => withCode(logs.lines, code).map((l) => l.via)),
        [['admin'], ['admin'], ['admin']],
      );
      assert.deepEqual(
        withCode(logs.lines, 'WB-HD-403').map((l) => l.reason),
        ['notAdmin', 'notAdmin', 'notAdmin'],
      );
    });
  });
});

const refreshData = (n: number): Record<string, unknown> => ({ wb: { v: 1, a: 'ticket', op: 'refresh', n } });
const assignData = (n: number): Record<string, unknown> => ({ wb: { v: 1, a: 'ticket', op: 'assign', n } });
