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

const withCode = (lines: CapturedLog[], code: string): CapturedLog[] => lines.filter((l) => l.code === code);

describe('helpdesk access over HTTP: who sees a ticket', () => {
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
});

const refreshData = (n: number): Record<string, unknown> => ({ wb: { v: 1, a: 'ticket', op: 'refresh', n } });
const assignData = (n: number): Record<string, unknown> => ({ wb: { v: 1, a: 'ticket', op: 'assign', n } });
