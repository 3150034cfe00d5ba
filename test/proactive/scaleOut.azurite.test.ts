import assert from 'node:assert/strict';
import {
  conversationKeyOf,
  referenceFromActivity,
  userKeyOf,
} from '../../src/proactive/conversationReference';
import { Localizer } from '../../src/i18n/translator';
import { startAzurite, type AzuriteInstance } from '../support/azurite';
import { BotHarness, cardOf, submitActions } from '../support/botHarness';
import { FakeConnector } from '../support/fakeConnector';
import { TeamsConversation } from '../support/teams';

const en = new Localizer().for('en');

/**
 * Two bot instances configured only by AZURE_STORAGE_CONNECTION_STRING (state in Blob Storage, reminders in a
 * Storage Queue), on one Azurite, behind a load balancer that alternates: a conversation goes on whichever
 * instance gets the turn, and a reminder is delivered exactly once.
 */
describe('scale-out on Azure Storage (Azurite), two bot instances', () => {
  let azurite: AzuriteInstance;
  let a: BotHarness;
  let b: BotHarness;
  const connector = new FakeConnector();
  let serviceUrl: string;

  before(async function () {
    this.timeout(60_000);
    azurite = await startAzurite();
    serviceUrl = await connector.start();
    const env = { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, REMINDER_POLL_MS: '50' };
    a = await new BotHarness({ env, configuredStorage: true }).start();
    b = await new BotHarness({ env, configuredStorage: true }).start();
  });
  after(async () => {
    await a?.stop();
    await b?.stop();
    await connector.stop();
    await azurite?.stop();
  });

  async function post(
    instance: BotHarness,
    activity: Record<string, unknown>,
  ): Promise<Array<Record<string, unknown>>> {
    const before = connector.calls.length;
    const response = await fetch(`${instance.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    assert.equal(response.status, 200);
    return connector.calls
      .slice(before)
      .filter((c) => c.method === 'POST')
      .map((c) => c.activity);
  }

  it('a section goes on across instances, turn by turn', async () => {
    const c = new TeamsConversation({ serviceUrl });
    let sent = await post(a, c.submit({ wb: { v: 1, a: 'start', s: 'connectivity' } }));
    const order = ['connectVersion', 'firewall', 'idleTimeout', 'tls12'];
    for (let i = 0; i < order.length; i++) {
      const card = cardOf(sent[sent.length - 1]);
      assert.equal(card.body[1].text, en.t(`checks.${order[i]}.title`));
      const ok = submitActions(card).find((x) => (x.data.wb as Record<string, unknown>).ans === 'ok')!;
      sent = await post(i % 2 === 0 ? b : a, c.submit(ok.data));
    }
    assert.equal(
      cardOf(sent[sent.length - 1]).body[0].text,
      en.t('summary.title', { section: en.t('sections.connectivity.title') }),
    );
  });

  it('each reminder is delivered exactly once with both instances polling, and Done works on either', async function () {
    this.timeout(30_000);
    a.app.startReminders();
    b.app.startReminders();
    const conversations = Array.from({ length: 6 }, () => new TeamsConversation({ serviceUrl }));
    for (const c of conversations) await post(a, c.message('hi')); // stores the conversation reference
    const scheduler = a.app.proactive.services.scheduler;
    for (const c of conversations) {
      const reference = referenceFromActivity(c.message('x'))!;
      await scheduler.schedule({
        userKey: userKeyOf(reference),
        conversationKey: conversationKeyOf(reference),
        kind: 'fullSync',
        locale: 'en-US',
        dueAt: Date.now() + 500,
      });
    }
    const deadline = Date.now() + 20_000;
    const delivered = () => connector.sent.filter((x) => JSON.stringify(x).includes('"reminderDone"'));
    while (delivered().length < conversations.length && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1500)); // time for a duplicate to show up, if there were one
    const perConversation = new Map<string, number>();
    for (const call of connector.calls.filter(
      (x) => x.method === 'POST' && JSON.stringify(x.activity).includes('"reminderDone"'),
    )) {
      perConversation.set(call.conversationId, (perConversation.get(call.conversationId) ?? 0) + 1);
    }
    assert.equal(perConversation.size, conversations.length);
    assert.ok(
      [...perConversation.values()].every((n) => n === 1),
      JSON.stringify([...perConversation]),
    );

    const first = conversations[0];
    const card = cardOf(
      connector.calls.find(
        (x) =>
          x.conversationId === first.conversationId && JSON.stringify(x.activity).includes('"reminderDone"'),
      )!.activity,
    );
    const done = submitActions(card).find(
      (x) => (x.data.wb as Record<string, unknown>).a === 'reminderDone',
    )!;
    const sent = await post(b, first.submit(done.data));
    assert.equal(
      cardOf(sent[sent.length - 1]).body[0].text,
      en.t('summary.title', { section: en.t('sections.configuration.title') }),
    );
  });
});
