/**
 * One bot per language for the every-button test: memory storage, a reminder scheduler double on a
 * fixed clock, a helpdesk channel set up in that language; and the few moves a user makes to bring
 * a card up (install, click the only button of a kind, type a command, paste output).
 */
import assert from 'node:assert/strict';
import { MemoryStorage } from 'botbuilder';
import { LANGUAGE_NAMES, type SupportedLocale } from '../../src/i18n/locales';
import { loadResources, Localizer, type Translator } from '../../src/i18n/translator';
import type { Reminder } from '../../src/proactive/types';
import { BotHarness, cardOf, type Card } from './botHarness';
import {
  cardActions,
  Chat,
  replyTexts,
  Thread,
  type FoundAction,
  type Place,
  type Reply,
} from './cardClicks';
import { MemoryReminderScheduler } from './memoryReminderScheduler';
import { TENANT_ID } from './teams';
import { agent, TeamsChannel } from './teamsChannel';

const localizer = new Localizer();
const HOUR = 60 * 60 * 1000;

/** A Teams client's locale tag per language (what `activity.locale` carries). */
const CLIENT_LOCALES: Readonly<Record<SupportedLocale, string>> = {
  en: 'en-US',
  lv: 'lv-LV',
  lt: 'lt-LT',
  sl: 'sl-SI',
  ro: 'ro-RO',
  'zh-CN': 'zh-CN',
};

/** A card on screen: where it is, what it shows, and the message id a click replies to. */
export interface Shown {
  place: Place;
  card: Card;
  activityId: string;
  /** The admin's chat the card came from (for a ticket card: the requester's). */
  chat: Chat;
}

/** Notes that mean a click did nothing: stale card, an error, a refusal, "no longer pending"… */
function badNotes(t: Translator): RegExp[] {
  const en = loadResources().en as { helpdesk: { refusals: Record<string, string> } };
  const keys = [
    'notes.stale',
    'notes.error',
    'notes.useCard',
    'notes.languageUnknown',
    'faults.storage',
    'guard.conflict',
    'guard.notYours',
    'guard.remindLimit',
    'reminders.gone',
    'helpdesk.failed',
    'helpdesk.setup.notConfigured',
    'helpdesk.setup.noTenant',
    'card.eventError',
    'version.invalid',
    ...Object.keys(en.helpdesk.refusals).map((k) => `helpdesk.refusals.${k}`),
  ];
  return keys.map((key) => templatePattern(t.t(key)));
}

/** A translated template as a pattern: `{{values}}` match anything. */
export function templatePattern(template: string): RegExp {
  const parts = template.split(/\{\{\s*\w+\s*\}\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(parts.join('[\\s\\S]*?'));
}

export class World {
  readonly t: Translator;
  readonly en = localizer.for('en');
  readonly clientLocale: string;
  readonly clock = { ms: Date.parse('2026-11-23T10:00:00Z') };
  readonly scheduler = new MemoryReminderScheduler(() => this.clock.ms);
  readonly lead = agent('Alex Agent');
  /** Another member of the helpdesk team: whom Reassign picks. */
  readonly mate = agent('Bea Agent');
  h!: BotHarness;
  channel!: TeamsChannel;
  private bad: RegExp[] = [];

  constructor(readonly locale: SupportedLocale) {
    this.t = localizer.for(locale);
    this.clientLocale = CLIENT_LOCALES[locale];
  }

  translator(locale: SupportedLocale): Translator {
    return localizer.for(locale);
  }

  async start(): Promise<void> {
    this.h = await new BotHarness({
      storage: new MemoryStorage(),
      now: () => new Date(this.clock.ms),
      reminderScheduler: this.scheduler,
      // One admin escalates every summary of every scene: the limits a tenant normally has would stop it.
      env: { HELPDESK_MAX_OPEN_TICKETS: '100', HELPDESK_NEW_THREADS_MAX: '200' },
    }).start();
    this.h.app.startReminders();
    this.bad = [...badNotes(this.t), ...badNotes(this.en)];
    this.channel = new TeamsChannel(this.h.serviceUrl);
    this.h.connector.teams.set(this.channel.teamId, new Set([this.lead.id, this.mate.id]));
    for (const member of [this.lead, this.mate]) this.h.connector.people.set(member.id, member);
    // The helpdesk channel, set up by its team in this language: ticket cards come in it.
    const setUp = await this.helpdeskPost('helpdesk here');
    const set = this.t.t('helpdesk.setup.set', {
      channel: this.channel.channelName,
      language: LANGUAGE_NAMES[this.locale],
    });
    assert.deepEqual(replyTexts(setUp), [set]);
  }

  stop(): Promise<void> {
    return this.h.stop();
  }

  /** A new personal chat of a new admin, in this language. */
  chat(): Chat {
    return new Chat(this.h, this.h.conversation({ locale: this.clientLocale }));
  }

  /** A thread of the helpdesk channel, worked by the helpdesk's lead agent. */
  thread(conversationId: string): Thread {
    return new Thread(this.h, this.channel, this.lead, conversationId, this.clientLocale);
  }

  helpdeskPost(text: string): Promise<Reply> {
    return this.thread(this.channel.channelId).say(text);
  }

  /** The first keyword of a command in this language (`commands.reminders`, `helpdesk.commands.tickets`). */
  keyword(key: string): string {
    const words = this.t.list(key);
    assert.ok(words.length > 0, `no keywords for ${key} in ${this.locale}`);
    return words[0];
  }

  /** Fails on an answer a user would see as "that did not work". */
  assertClean(reply: Reply, doing: string): void {
    assert.ok(reply.status >= 200 && reply.status < 300, `${doing}: HTTP ${reply.status}`);
    if (reply.invoke)
      assert.ok(
        ['application/vnd.microsoft.card.adaptive', 'application/vnd.microsoft.activity.message'].includes(
          reply.invoke.type,
        ),
        `${doing}: invoke answered with an error (${reply.invoke.type})`,
      );
    for (const text of replyTexts(reply))
      for (const pattern of this.bad) assert.doesNotMatch(text, pattern, `${doing}: answered “${text}”`);
  }

  /** The newest card the bot posted in a reply, as a card on screen. */
  newest(chat: Chat, place: Place, reply: Reply, doing: string): Shown {
    this.assertClean(reply, doing);
    const activity = reply.posted
      .filter((a) => Array.isArray(a.attachments) && a.attachments.length > 0)
      .at(-1);
    assert.ok(activity, `${doing}: no card came back (${replyTexts(reply).join(' | ') || 'nothing'})`);
    return { place, chat, card: cardOf(activity), activityId: String(activity.id) };
  }

  /** The one action of a kind on a card (not the fallback or refresh twin of an Action.Execute). */
  only(shown: Shown, key: string): FoundAction {
    const found = cardActions(shown.card).filter((a) => a.key === key && !a.fallback && !a.refresh);
    assert.equal(found.length, 1, `one ${key} on the card, found ${found.length}`);
    return found[0];
  }

  /** Clicks the one action of a kind; what the bot answered, checked for "that did not work" notes. */
  async click(shown: Shown, key: string, fill: Readonly<Record<string, string>> = {}): Promise<Reply> {
    const action = this.only(shown, key);
    const reply = await shown.place.click(action, shown.activityId, fill);
    this.assertClean(reply, action.path.join(' › '));
    return reply;
  }

  /**
   * Clicks the one action of a kind and returns the card that came next: a posted one (a step card's
   * answer is in the invoke, the next card below it), else the invoke's, in place (a ticket card).
   */
  async press(shown: Shown, key: string, fill: Readonly<Record<string, string>> = {}): Promise<Shown> {
    const reply = await this.click(shown, key, fill);
    const posted = reply.posted.some((a) => Array.isArray(a.attachments) && a.attachments.length > 0);
    if (reply.invoke && !posted) {
      assert.ok(reply.invoke.card, 'the invoke answered with a card');
      return { ...shown, card: reply.invoke.card };
    }
    return this.newest(shown.chat, shown.place, reply, key);
  }

  async install(): Promise<Shown> {
    const chat = this.chat();
    return this.newest(chat, chat, await chat.send(chat.conversation.installationAdd()), 'install');
  }

  async say(chat: Chat, text: string): Promise<Shown> {
    return this.newest(chat, chat, await chat.say(text), `typing ${text.slice(0, 40)}`);
  }

  /** Delivers the chat's due reminders (the scheduler's poll, an hour later) and returns the card sent. */
  async fireReminder(chat: Chat): Promise<Shown> {
    const before = this.h.connector.calls.length;
    const mine = (r: Reminder): boolean => r.conversationKey === `msteams:${chat.conversationId}`;
    assert.equal(await this.scheduler.fireDue(this.clock.ms + 2 * HOUR, mine), 1, 'one reminder due');
    const call = this.h.connector.calls
      .slice(before)
      .filter((c) => c.method === 'POST' && c.conversationId === chat.conversationId)
      .at(-1);
    assert.ok(call, 'the reminder was posted to the chat');
    return { place: chat, chat, card: cardOf(call.activity), activityId: String(call.assignedId) };
  }

  /** Pending reminders of the chat's admin in that chat, as the scheduler holds them. */
  pending(chat: Chat): Promise<Reminder[]> {
    const user = chat.conversation.user;
    return this.scheduler.listPending(`${TENANT_ID}/${user.aadObjectId}`, `msteams:${chat.conversationId}`);
  }

  /** Sends the summary on screen to the helpdesk; the ticket card in its new channel thread. */
  async escalate(summary: Shown, description: string): Promise<Shown> {
    const created = this.h.connector.created.length;
    const key = cardActions(summary.card).find((a) => a.key.startsWith('escalate'))?.key ?? 'escalate';
    await this.press(summary, key, { hdDescription: description });
    assert.equal(this.h.connector.created.length, created + 1, 'a ticket thread was started');
    const thread = this.h.connector.created.at(-1)!;
    return {
      place: this.thread(thread.conversationId),
      chat: summary.chat,
      card: cardOf(thread.parameters.activity as Record<string, unknown>),
      activityId: thread.activityId,
    };
  }
}
