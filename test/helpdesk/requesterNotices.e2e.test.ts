import assert from 'node:assert/strict';
import { MemoryStorage } from 'botbuilder';
import { Localizer } from '../../src/i18n/translator';
import { BotHarness } from '../support/botHarness';
import { sectionSummary, sendValue } from '../support/escalationFlow';
import { newUser, type TeamsConversation } from '../support/teams';
import { agent, TeamsChannel } from '../support/teamsChannel';

const en = new Localizer().for('en');

async function eventually(done: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 150 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.ok(done(), what);
}

describe('requester notices: after the invoke is answered; from a group chat to the personal chat, else with a mention', () => {
  let h: BotHarness;
  let channel: TeamsChannel;
  const lead = agent('Alex Agent');

  beforeEach(async () => {
    h = await new BotHarness({ storage: new MemoryStorage() }).start();
    channel = new TeamsChannel(h.serviceUrl);
    h.connector.teams.set(channel.teamId, new Set([lead.id]));
    await h.send(channel.mention(lead, 'helpdesk here'));
  });
  afterEach(async () => h.stop());

  async function escalateFrom(
    admin: TeamsConversation,
  ): Promise<{ conversationId: string; activityId: string }> {
    const { card, id } = await sectionSummary(h, admin, en);
    await h.send(admin.submit(sendValue(card), id));
    const thread = h.connector.created.at(-1);
    assert.ok(thread, 'the ticket was posted');
    return thread;
  }

  const assign = (thread: { conversationId: string; activityId: string }) =>
    h.postRaw(
      JSON.stringify(
        channel.execute(lead, thread.conversationId, thread.activityId, 'assign', {
          wb: { v: 1, a: 'ticket', op: 'assign', n: 1 },
        }),
      ),
    );

  const postsTo = (conversationId: string) =>
    h.connector.calls.filter((c) => c.method === 'POST' && c.conversationId === conversationId);

  it('the invoke is answered while the requester’s chat is still slow: the notice is sent after it', async () => {
    const admin = h.conversation();
    const thread = await escalateFrom(admin);
    let release = (): void => undefined;
    h.connector.holds.set(
      admin.conversationId,
      new Promise<void>((resolve) => {
        release = resolve;
      }),
    );
    let timer: NodeJS.Timeout | undefined;
    try {
      const answered = await Promise.race([
        assign(thread).then(async (response) => {
          await response.arrayBuffer();
          return response.status;
        }),
        new Promise<'held'>((resolve) => {
          timer = setTimeout(() => resolve('held'), 3_000);
        }),
      ]);
      assert.equal(answered, 200, 'the agent’s click was answered without waiting for the requester’s chat');
    } finally {
      clearTimeout(timer);
      release();
    }
    const told = en.t('helpdesk.notify.assigned', { name: 'Alex Agent', number: 1 });
    await eventually(() => postsTo(admin.conversationId).some((c) => c.activity.text === told), 'then told');
  });

  it('escalated from a group chat by someone the bot has a personal chat with: the notice goes there', async () => {
    const user = newUser('Gita Group');
    const personal = h.conversation({ user });
    await h.send(personal.message('hello'));
    const group = h.conversation({ user, conversationType: 'groupChat' });
    const thread = await escalateFrom(group);
    await assign(thread);
    const told = en.t('helpdesk.notify.assigned', { name: 'Alex Agent', number: 1 });
    await eventually(
      () => postsTo(personal.conversationId).some((c) => c.activity.text === told),
      'told in the personal chat',
    );
    assert.ok(!postsTo(group.conversationId).some((c) => String(c.activity.text).includes(told)));
  });

  it('escalated from a group chat by someone without a personal chat: told in the group chat, @mentioned', async () => {
    const user = newUser('Gita Group');
    const group = h.conversation({ user, conversationType: 'groupChat' });
    const thread = await escalateFrom(group);
    await assign(thread);
    const told = en.t('helpdesk.notify.assigned', { name: 'Alex Agent', number: 1 });
    await eventually(
      () => postsTo(group.conversationId).some((c) => String(c.activity.text).endsWith(told)),
      'told in the group chat',
    );
    const notice = postsTo(group.conversationId).find((c) => String(c.activity.text).endsWith(told));
    assert.equal(notice?.activity.text, `<at>Gita Group</at> ${told}`);
    assert.deepEqual(notice?.activity.entities, [
      { type: 'mention', text: '<at>Gita Group</at>', mentioned: { id: user.id, name: 'Gita Group' } },
    ]);
  });
});
