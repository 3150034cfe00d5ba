import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { MemoryStorage } from 'botbuilder';
import { escalateAction } from '../../src/helpdesk/actions';
import { unassignedReminderId } from '../../src/helpdesk/escalation';
import { resolveLocale, type SupportedLocale } from '../../src/i18n/locales';
import { Localizer } from '../../src/i18n/translator';
import { allText, BotHarness, cardOf, type Card } from '../support/botHarness';
import { sectionSummary, sendValue, textsIn } from '../support/escalationFlow';
import { MemoryReminderScheduler } from '../support/memoryReminderScheduler';
import { newUser, TENANT_ID, type TeamsConversation } from '../support/teams';
import { agent, TeamsChannel } from '../support/teamsChannel';

const localizer = new Localizer();
const en = localizer.for('en');
const lv = localizer.for('lv');
const MINUTE = 60_000;

/**
 * "Send to helpdesk" refuses what no current summary card sent, what is not the sender's own summary,
 * and what goes over the limits (open tickets per requester, new threads per tenant), over HTTP against
 * two bot instances on one storage. Refused: no ticket, no thread, no reminder.
 */
describe('escalation guards: summary token, ownership, limits (two instances, one storage)', () => {
  let h: BotHarness;
  let h2: BotHarness;
  let clock: number;
  let channel: TeamsChannel;
  let schedulers: MemoryReminderScheduler[];
  const lead = agent('Alex Agent');

  async function start(env: Record<string, string> = {}): Promise<void> {
    clock = Date.parse('2026-11-23T10:00:00Z');
    const storage = new MemoryStorage();
    const now = (): Date => new Date(clock);
    schedulers = [new MemoryReminderScheduler(() => clock), new MemoryReminderScheduler(() => clock)];
    h = await new BotHarness({ storage, now, env, reminderScheduler: schedulers[0] }).start();
    h2 = await new BotHarness({ storage, now, env, reminderScheduler: schedulers[1] }).start();
    channel = new TeamsChannel(h.serviceUrl);
    for (const connector of [h.connector, h2.connector])
      connector.teams.set(channel.teamId, new Set([lead.id]));
    const set = await h.send(channel.mention(lead, 'helpdesk here'));
    assert.equal(
      set.sent[0]?.text,
      en.t('helpdesk.setup.set', { channel: 'IT Helpdesk', language: 'English' }),
    );
  }
  afterEach(async () => {
    await h?.stop();
    await h2?.stop();
  });

  /** Unassigned-ticket reminders scheduled on either instance, for tickets 1…n. */
  async function remindersUpTo(n: number): Promise<number> {
    let count = 0;
    for (let number = 1; number <= n; number++)
      for (const s of schedulers) if (await s.get(unassignedReminderId(TENANT_ID, number))) count++;
    return count;
  }

  const lastThread = (): { conversationId: string; activityId: string; card: Card } => {
    const created = h.connector.created.at(-1);
    assert.ok(created, 'a thread was started');
    return {
      conversationId: created.conversationId,
      activityId: created.activityId,
      card: cardOf(created.parameters.activity as Record<string, unknown>),
    };
  };

  it('100 forged escalations (no summary card, no replyToId) create no ticket, thread or reminder', async () => {
    await start();
    const admin = h.conversation({ locale: 'lv-LV' });
    // An admin who has a real summary on screen forges too: neither the old shape nor a made-up token works.
    await sectionSummary(h, admin, lv);
    const forged = Array.from({ length: 100 }, (_, i) =>
      i % 2 === 0
        ? { wb: { v: 1, a: 'escalate', s: 'case' }, hdDescription: `flood ${i}` }
        : {
            ...escalateAction.build({ scope: i % 4 === 1 ? 'case' : 'connectivity', token: randomUUID() }),
            hdDescription: `flood ${i}`,
          },
    );
    for (let i = 0; i < forged.length; i += 10) {
      const turns = await Promise.all(
        forged.slice(i, i + 10).map((value, j) => ((i + j) % 3 === 0 ? h2 : h).send(admin.submit(value))),
      );
      for (const turn of turns) assert.equal(turn.status, 200);
    }
    assert.equal(h.connector.createAttempts, 0, 'no thread was even tried');
    assert.equal(await remindersUpTo(100), 0);
    const notes = textsIn(h, admin.conversationId).filter((t) => t === lv.t('notes.stale'));
    assert.equal(notes.length, 100, 'each forged post is told the card is not current');
    const mine = await h.send(admin.message('tickets'));
    assert.ok(allText(cardOf(mine.sent[0])).includes(lv.t('helpdesk.list.noneMine')));
  });

  it('a real Send works once: a double click on two instances is one ticket; an older summary is not current', async () => {
    await start();
    const admin = h.conversation({ locale: 'lv-LV' });
    const first = await sectionSummary(h, admin, lv);
    // As a forged post would be: no replyToId. The summary's token alone makes the click one ticket.
    const value = sendValue(first.card);
    await Promise.all([h.send(admin.submit(value)), h2.send(admin.submit(value))]);
    assert.equal(h.connector.created.length, 1);
    assert.ok(textsIn(h, admin.conversationId).includes(lv.t('helpdesk.confirm.already', { number: 1 })));
    assert.equal(await remindersUpTo(5), 1);

    const second = await sectionSummary(h, admin, lv);
    const stale = await h.send(admin.submit(sendValue(first.card), first.id));
    assert.deepEqual(
      stale.sent.map((a) => a.text),
      [lv.t('notes.stale')],
    );
    await h.send(admin.submit(sendValue(second.card), second.id));
    assert.equal(h.connector.created.length, 2);
    assert.match(allText(lastThread().card), /#2/);
  });

  it('at most HELPDESK_MAX_OPEN_TICKETS open tickets per requester; resolving one frees a place', async () => {
    await start({ HELPDESK_MAX_OPEN_TICKETS: '2' });
    const admin = h.conversation({ locale: 'lv-LV' });
    for (let i = 0; i < 2; i++) {
      const { card } = await sectionSummary(h, admin, lv);
      await h.send(admin.submit(sendValue(card)));
    }
    assert.equal(h.connector.created.length, 2);
    const { card: third } = await sectionSummary(h, admin, lv);
    const refused = await h2.send(admin.submit(sendValue(third)));
    assert.equal(refused.status, 200);
    assert.deepEqual(textsIn(h, admin.conversationId).slice(-1), [lv.t('helpdesk.limits.open', { max: 2 })]);
    assert.equal(h.connector.created.length, 2, 'nothing posted');
    assert.equal(h.connector.createAttempts, 2);
    assert.equal(await remindersUpTo(5), 2, 'no reminder for the refused one');

    // Another admin of the tenant is not held back by this one's tickets.
    const colleague = h.conversation({ locale: 'en-US' });
    const { card: theirs } = await sectionSummary(h, colleague, en);
    await h.send(colleague.submit(sendValue(theirs)));
    assert.equal(h.connector.created.length, 3);

    const thread = h.connector.created[0];
    const resolved = await h.postRaw(
      JSON.stringify(
        channel.execute(lead, thread.conversationId, thread.activityId, 'resolve', {
          wb: { v: 1, a: 'ticket', op: 'resolve', n: 1 },
        }),
      ),
    );
    assert.equal(resolved.status, 200);
    await resolved.arrayBuffer();
    await h.send(admin.submit(sendValue(third)));
    assert.equal(h.connector.created.length, 4, 'the same Send goes through once a ticket is resolved');
  });

  it('new threads per tenant are limited across instances; the admins over it are told in their language', async () => {
    await start({ HELPDESK_NEW_THREADS_MAX: '3', HELPDESK_NEW_THREADS_WINDOW_MINUTES: '10' });
    const locales = ['zh-CN', 'ro-RO', 'sl-SI', 'lt-LT', 'en-US', 'lv-LV'];
    const admins: Array<{ c: TeamsConversation; lang: SupportedLocale; card: Card }> = [];
    for (const locale of locales) {
      const c = h.conversation({ locale, user: newUser(`Admin ${locale}`) });
      const lang = resolveLocale(undefined, locale);
      const { card } = await sectionSummary(h, c, localizer.for(lang));
      admins.push({ c, lang, card });
    }
    await Promise.all(admins.map((a, i) => (i % 2 ? h2 : h).send(a.c.submit(sendValue(a.card)))));
    assert.equal(h.connector.created.length, 3, 'exactly the limit of new threads');
    assert.equal(await remindersUpTo(10), 3);
    const busy = admins.filter((a) =>
      textsIn(h, a.c.conversationId).includes(localizer.for(a.lang).t('helpdesk.limits.busy')),
    );
    assert.equal(busy.length, 3, 'the other three are told, each in their own language');

    clock += 10 * MINUTE + 1_000;
    const again = busy[0];
    await h2.send(again.c.submit(sendValue(again.card)));
    assert.equal(h.connector.created.length, 4, 'after the window new threads go again');
  });

  it("in a group chat only the member who ran the section can send its summary; others' posts change nothing", async () => {
    await start();
    const owner = newUser('Olga Owner');
    const colleague = newUser('Colin Colleague');
    const chat = h.conversation({ user: owner, conversationType: 'groupChat' });
    const as = (activity: Record<string, unknown>) => ({
      ...activity,
      from: { id: colleague.id, name: colleague.name, aadObjectId: colleague.aadObjectId },
    });
    const { card, id } = await sectionSummary(h, chat, en);
    // The owner runs the section again: while it runs, the colleague tries the earlier summary's Send.
    await h.send(chat.submit({ wb: { v: 1, a: 'start', s: 'connectivity' } }));
    const refused = await h.send(as(chat.submit(sendValue(card), id)));
    assert.deepEqual(
      refused.sent.map((a) => a.text),
      [en.t('helpdesk.limits.notYours')],
    );
    assert.equal(h.connector.createAttempts, 0);
    assert.equal(await remindersUpTo(3), 0);

    const sent = await h.send(chat.submit(sendValue(card), id));
    assert.equal(h.connector.created.length, 1, "the owner's own Send still works");
    assert.ok(allText(cardOf(sent.sent.at(-1))).includes(en.t('helpdesk.confirm.title', { number: 1 })));
  });
});
