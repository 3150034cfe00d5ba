import { TeamsConversation } from '../../test/support/teams';
import type { ReceivedActivity } from './connector';

/** A section finished: its conversation and user, to measure what the bot stored for them. */
export interface FinishedConversation {
  conversationId: string;
  userId: string;
}

interface SubmitAction {
  type: string;
  title?: string;
  data?: { wb?: { a?: string; ans?: string; s?: string } };
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

function lastCardActions(received: ReceivedActivity[]): SubmitAction[] | undefined {
  for (let i = received.length - 1; i >= 0; i--) {
    const { method, activity } = received[i];
    if (method !== 'POST') continue;
    const attachments = activity.attachments as Array<{ content?: { actions?: SubmitAction[] } }> | undefined;
    const actions = attachments?.[0]?.content?.actions;
    if (actions) return actions.filter((a) => a.type === 'Action.Submit' && a.data?.wb);
  }
  return undefined;
}

/**
 * One admin going through a section the way a person would: install → welcome card → start a section →
 * answer each check card with a button it offers (mostly OK, some Not OK → fix card → check again or move
 * on, some Skip) → summary. Then a new conversation starts. Each step posts what the last card offered.
 */
export class SectionWalker {
  private conversation!: TeamsConversation;
  private actions: SubmitAction[] | undefined;
  private started = 0;
  /** Conversations that ended without a summary (an unexpected answer): should stay 0. */
  abandoned = 0;

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
    this.actions = undefined;
  }

  /** The next activity to post. */
  next(): Record<string, unknown> {
    const actions = this.actions;
    if (!actions) return this.conversation.installationAdd();
    const pick = (verb: string, answer?: string) =>
      actions.find((a) => a.data?.wb?.a === verb && (answer === undefined || a.data.wb.ans === answer));
    const r = this.random();
    const choice =
      pick('answer', r < 0.7 ? 'ok' : r < 0.85 ? 'notOk' : 'skip') ??
      pick('fix', r < 0.25 ? 'retry' : 'moveOn') ??
      actions.find(
        (a) => a.data?.wb?.a === 'start' && a.data.wb.s === SECTIONS[this.started++ % SECTIONS.length],
      );
    return this.conversation.submit((choice ?? actions[0]).data as Record<string, unknown>);
  }

  /** What the bot answered to the last post. */
  answered(received: ReceivedActivity[]): void {
    const actions = lastCardActions(received);
    const isSummary = actions?.some((a) => a.data?.wb?.a === 'menu');
    if (isSummary || !actions || actions.length === 0) {
      if (isSummary)
        this.onFinished({
          conversationId: this.conversation.conversationId,
          userId: this.conversation.user.id,
        });
      else this.abandoned += 1;
      this.restart();
      return;
    }
    this.actions = actions;
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
