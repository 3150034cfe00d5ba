/**
 * Clicking card buttons the way Teams does, over HTTP against the bot and the fake connector:
 * every action of a card (ShowCard sub-actions and Action.Execute fallbacks included) with the
 * inputs its click would carry, and what the bot answered in that conversation.
 */
import type { RecordedCall } from './fakeConnector';
import { cardOf, type BotHarness, type Card } from './botHarness';
import type { TeamsConversation, TeamsUser } from './teams';
import type { TeamsChannel } from './teamsChannel';

type Json = Record<string, unknown>;

/** One clickable thing on a card. */
export interface FoundAction {
  type: 'Action.Submit' | 'Action.Execute' | 'Action.OpenUrl';
  /** Titles from the card's top to this action (a ShowCard's title, then the button's). */
  path: string[];
  /** What the action asks for, in no particular language: `answer:ok`, `remind:in1Hour`, `openUrl`… */
  key: string;
  data?: Json;
  verb?: string;
  url?: string;
  /** The card inputs whose values the click carries, with what the card preset. */
  inputs: Array<{ id: string; preset?: string }>;
  /** The Action.Submit an older client shows instead of an Action.Execute. */
  fallback: boolean;
  /** The card's automatic refresh (Universal Actions), not a button. */
  refresh: boolean;
}

/**
 * The kind of an action and the one field that tells its buttons apart (answer, choice, section,
 * verb). Read from the wire form, so that this works on any version of the product code.
 */
function actionKey(data: Json | undefined): string {
  const wb = (data?.wb ?? {}) as Json;
  const detail = [wb.ans, wb.choice, wb.s, wb.op].find((v) => typeof v === 'string');
  return [String(wb.a), detail].filter(Boolean).join(':');
}

const INPUT_TYPES = new Set(['Input.Text', 'Input.ChoiceSet', 'Input.Number', 'Input.Date', 'Input.Toggle']);

/** The inputs of a card's body (not those inside its ShowCards: those are cards of their own). */
function inputsOf(node: unknown, found: FoundAction['inputs'] = []): FoundAction['inputs'] {
  if (Array.isArray(node)) node.forEach((n) => inputsOf(n, found));
  else if (node && typeof node === 'object') {
    const record = node as Json;
    if (typeof record.type === 'string' && INPUT_TYPES.has(record.type))
      found.push({
        id: String(record.id),
        preset: typeof record.value === 'string' ? record.value : undefined,
      });
    for (const [key, value] of Object.entries(record))
      if (key !== 'card' && key !== 'actions' && key !== 'refresh') inputsOf(value, found);
  }
  return found;
}

/** Actions in a card's body (ActionSets, at any depth) and in its action bar. */
function actionListsOf(card: Json): Json[] {
  const lists: Json[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const record = node as Json;
    if (record.type === 'ActionSet') lists.push(...(record.actions as Json[]));
    for (const [key, value] of Object.entries(record)) if (key !== 'actions') visit(value);
  };
  visit(card.body);
  return [...lists, ...((card.actions as Json[] | undefined) ?? [])];
}

/**
 * Every action of a card, ShowCards opened: a Submit or Execute carries the inputs of its own card
 * and of the cards around it (what Teams gathers), unless it says `associatedInputs: none`.
 */
export function cardActions(card: Card): FoundAction[] {
  const found: FoundAction[] = [];
  const walk = (current: Json, path: string[], outer: FoundAction['inputs']): void => {
    const inputs = [...outer, ...inputsOf(current.body)];
    const add = (action: Json, extra: Partial<FoundAction> = {}): void => {
      const type = action.type as FoundAction['type'];
      const title = typeof action.title === 'string' ? action.title : '';
      if (type === 'Action.OpenUrl') {
        found.push({
          type,
          path: [...path, title],
          key: 'openUrl',
          url: String(action.url),
          inputs: [],
          fallback: false,
          refresh: false,
        });
        return;
      }
      const data = action.data as Json | undefined;
      found.push({
        type,
        path: [...path, title],
        key: actionKey(data),
        data,
        verb: typeof action.verb === 'string' ? action.verb : undefined,
        inputs: action.associatedInputs === 'none' ? [] : inputs,
        fallback: false,
        refresh: false,
        ...extra,
      });
    };
    for (const action of actionListsOf(current)) {
      if (action.type === 'Action.ShowCard')
        walk(action.card as Json, [...path, String(action.title)], inputs);
      else {
        add(action);
        const fallback = action.fallback as Json | undefined;
        if (action.type === 'Action.Execute' && fallback?.type === 'Action.Submit')
          add(fallback, { fallback: true });
      }
    }
    const refresh = (current.refresh as { action?: Json } | undefined)?.action;
    if (refresh) add(refresh, { refresh: true });
  };
  walk(card, [], []);
  return found;
}

/** What the bot did in answer to one activity. */
export interface Reply {
  status: number;
  /** Messages posted to the conversation the activity came from, with the ids the connector gave them. */
  posted: Json[];
  /** Messages of that conversation updated in place (id: the updated message). */
  updated: Json[];
  /** The card an `adaptiveCard/action` invoke was answered with, and the answer's type. */
  invoke?: { type: string; card?: Card };
}

/** Cards of a reply's posts, newest last. */
export const postedCards = (reply: Reply): Card[] =>
  reply.posted.filter((a) => Array.isArray(a.attachments) && a.attachments.length > 0).map((a) => cardOf(a));

/** The sentences a card shows (TextBlocks, TextRuns): not its inputs' labels, hints or error messages. */
function shownText(node: unknown, texts: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => shownText(n, texts));
  else if (node && typeof node === 'object')
    for (const [key, value] of Object.entries(node as Json))
      if (key === 'text' && typeof value === 'string') texts.push(value);
      else shownText(value, texts);
  return texts;
}

/** What the user reads in a reply: plain messages, and the text of posted and updated cards and the invoke's. */
export function replyTexts(reply: Reply): string[] {
  const texts: string[] = [];
  for (const activity of [...reply.posted, ...reply.updated]) {
    if (typeof activity.text === 'string') texts.push(activity.text);
    const attachments = activity.attachments as Array<{ content?: Card }> | undefined;
    for (const a of attachments ?? []) if (a.content) texts.push(shownText(a.content).join('\n'));
  }
  if (reply.invoke?.card) texts.push(shownText(reply.invoke.card).join('\n'));
  return texts;
}

/** The heading of a card (else its first element's text): the line that tells the cards apart. */
export function headingOf(card: Card): string {
  const first = card.body.find((e) => e.type === 'TextBlock' && e.style === 'heading') ?? card.body[0];
  return typeof first?.text === 'string' ? first.text : '';
}

function replyOf(status: number, conversationId: string, calls: RecordedCall[]): Omit<Reply, 'invoke'> {
  const here = calls.filter((c) => c.conversationId === conversationId);
  return {
    status,
    posted: here.filter((c) => c.method === 'POST').map((c) => ({ ...c.activity, id: c.assignedId })),
    updated: here.filter((c) => c.method === 'PUT').map((c) => ({ ...c.activity, id: c.activityId })),
  };
}

/** Posts an activity as Teams would; the reply is what the bot did in the activity's conversation. */
async function post(h: BotHarness, activity: Json): Promise<Reply> {
  const conversationId = (activity.conversation as { id: string }).id;
  const before = h.connector.calls.length;
  const response = await h.postRaw(JSON.stringify(activity));
  const text = await response.text();
  const reply: Reply = replyOf(response.status, conversationId, h.connector.calls.slice(before));
  if (activity.type === 'invoke' && text) {
    const body = JSON.parse(text) as { type?: string; value?: Card };
    reply.invoke = {
      type: String(body.type),
      card: body.type === 'application/vnd.microsoft.card.adaptive' ? body.value : undefined,
    };
  }
  return reply;
}

/** The value a click sends: the action's data with the inputs it carries (filled in, or as preset). */
function valueOf(action: FoundAction, fill: Readonly<Record<string, string>>): Json {
  const value: Json = { ...action.data };
  for (const input of action.inputs) {
    const typed = fill[input.id] ?? input.preset;
    if (typed !== undefined) value[input.id] = typed;
  }
  return value;
}

/** A conversation a card lives in: where its buttons are clicked and messages typed. */
export interface Place {
  readonly conversationId: string;
  click(action: FoundAction, cardActivityId: string, fill: Readonly<Record<string, string>>): Promise<Reply>;
  say(text: string): Promise<Reply>;
}

/** The admin's personal chat with the bot. */
export class Chat implements Place {
  constructor(
    private readonly h: BotHarness,
    readonly conversation: TeamsConversation,
  ) {}

  get conversationId(): string {
    return this.conversation.conversationId;
  }

  send(activity: Json): Promise<Reply> {
    return post(this.h, activity);
  }

  say(text: string): Promise<Reply> {
    return this.send(this.conversation.message(text));
  }

  click(action: FoundAction, cardActivityId: string, fill: Readonly<Record<string, string>>): Promise<Reply> {
    const value = valueOf(action, fill);
    // Action.Execute in a personal chat (the rating card): the `adaptiveCard/action` invoke Teams sends.
    if (action.type === 'Action.Execute')
      return this.send({
        ...this.conversation.submit({}, cardActivityId),
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: {
          action: { type: 'Action.Execute', verb: action.verb ?? '', data: value },
          trigger: 'manual',
        },
      });
    if (action.type !== 'Action.Submit')
      throw new Error(`${action.type} in a personal chat: ${action.path.join(' › ')}`);
    return this.send(this.conversation.submit(value, cardActivityId));
  }
}

/** A thread of the helpdesk channel, where a helpdesk agent works a ticket card. */
export class Thread implements Place {
  constructor(
    private readonly h: BotHarness,
    private readonly channel: TeamsChannel,
    private readonly agent: TeamsUser,
    readonly conversationId: string,
    private readonly locale = 'en-US',
  ) {}

  /** A new post in the channel that @mentions the bot (its reply is in that post's own thread). */
  say(text: string): Promise<Reply> {
    return post(this.h, this.channel.mention(this.agent, text, this.locale));
  }

  click(action: FoundAction, cardActivityId: string, fill: Readonly<Record<string, string>>): Promise<Reply> {
    const value = valueOf(action, fill);
    if (action.type === 'Action.Execute')
      return post(
        this.h,
        this.channel.execute(this.agent, this.conversationId, cardActivityId, action.verb ?? '', value),
      );
    return post(this.h, this.channel.submit(this.agent, this.conversationId, cardActivityId, value));
  }
}
