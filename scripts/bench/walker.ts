import { TeamsConversation } from '../../test/support/teams';
import { clickActivity, nextCard, verbOf, type Clickable } from './clicks';
import type { ReceivedActivity } from './connector';

/** A section finished: its conversation and user, to measure what the bot stored for them. */
export interface FinishedConversation {
  conversationId: string;
  userId: string;
}

/** A small deterministic PRNG (mulberry32), so every run clicks the same mix of answers. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SECTIONS = ['configuration', 'connectivity', 'stillNotWorking'];
const LOCALES = ['en-US', 'lv-LV', 'lt-LT', 'sl-SI', 'ro-RO', 'zh-CN'];

/** Clicks by kind over the walker's life (Submit messages vs Action.Execute invokes). */
export interface ClickKinds {
  submit: number;
  execute: number;
}

/**
 * One admin going through a section the way a person would: install → welcome card → start a section →
 * answer each check card with a button it offers (mostly OK, some Not OK → fix card → check again or move
 * on, some Skip) → summary. Then a new conversation starts. Each step clicks what the last card offered, as
 * Teams would (scripts/bench/clicks.ts): an Action.Submit posts a message, an Action.Execute an invoke
 * whose response carries the updated card.
 */
export class SectionWalker {
  private conversation!: TeamsConversation;
  private buttons: Clickable[] | undefined;
  private cardActivityId: string | undefined;
  private started = 0;
  /** Conversations that ended without a summary (an unexpected answer): should stay 0. */
  abandoned = 0;
  readonly clicks: ClickKinds = { submit: 0, execute: 0 };

  constructor(
    private readonly serviceUrl: string,
    private readonly random: () => number,
    private readonly onFinished: (done: FinishedConversation) => void,
  ) {
    this.restart();
  }

  get conversationId(): string {
    return this.conversation.conversationId;
  }

  private restart(): void {
    const locale = LOCALES[Math.floor(this.random() * LOCALES.length)];
    this.conversation = new TeamsConversation({ serviceUrl: this.serviceUrl, locale });
    this.buttons = undefined;
    this.cardActivityId = undefined;
  }

  /** The next activity to post. */
  next(): Record<string, unknown> {
    const buttons = this.buttons;
    if (!buttons) return this.conversation.installationAdd();
    const pick = (verb: string, answer?: string) =>
      buttons.find((b) => verbOf(b) === verb && (answer === undefined || b.data.wb?.ans === answer));
    const r = this.random();
    const choice =
      pick('answer', r < 0.7 ? 'ok' : r < 0.85 ? 'notOk' : 'skip') ??
      pick('fix', r < 0.25 ? 'retry' : 'moveOn') ??
      buttons.find(
        (b) => verbOf(b) === 'start' && b.data.wb?.s === SECTIONS[this.started++ % SECTIONS.length],
      ) ??
      buttons[0];
    this.clicks[choice.kind] += 1;
    return clickActivity(this.conversation.message(''), choice, this.cardActivityId);
  }

  /** What the bot answered to the last post: the connector's calls and the HTTP answer's body. */
  answered(received: ReceivedActivity[], responseBody?: unknown): void {
    const shown = nextCard(received, responseBody, this.cardActivityId);
    const isSummary = shown?.buttons.some((b) => verbOf(b) === 'menu');
    if (isSummary || !shown) {
      if (isSummary)
        this.onFinished({
          conversationId: this.conversation.conversationId,
          userId: this.conversation.user.id,
        });
      else this.abandoned += 1;
      this.restart();
      return;
    }
    this.buttons = shown.buttons;
    this.cardActivityId = shown.activityId;
  }
}

/** The reference targets get the same kind of traffic: a message, then card clicks, in one conversation. */
export class EchoWalker {
  private readonly conversation: TeamsConversation;
  private turn = 0;

  constructor(serviceUrl: string) {
    this.conversation = new TeamsConversation({ serviceUrl });
  }

  get conversationId(): string {
    return this.conversation.conversationId;
  }

  next(): Record<string, unknown> {
    this.turn += 1;
    return this.turn % 2 === 1
      ? this.conversation.message('configuration')
      : this.conversation.submit({ wb: { v: 1, a: 'answer', c: 'licensing', ans: 'ok', t: 'x'.repeat(36) } });
  }

  answered(): void {
    // nothing to follow: the reply is text
  }
}
