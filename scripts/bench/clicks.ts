/**
 * Clicking a card as Teams does, for the load generator: which buttons a card offers, the activity a click
 * posts (an `Action.Submit` is a message whose `value` is the button's data; an `Action.Execute` is an
 * `adaptiveCard/action` invoke, answered with the updated card in the HTTP response), and which card the
 * conversation shows after the bot answered. Pure functions: scripts/bench/walker.ts uses them, and
 * test/scripts/benchClicks.test.ts checks them on the bot's real cards.
 */

/** The `{ wb: … }` payload a bot button carries (src/cards/actionCodec.ts). */
interface ButtonData {
  wb?: { a?: string; ans?: string; s?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** A button the bot's card offers, in the form a click needs. */
export type Clickable =
  | { kind: 'submit'; title?: string; data: ButtonData }
  | { kind: 'execute'; title?: string; verb: string; data: ButtonData };

interface RawAction {
  type?: unknown;
  title?: unknown;
  verb?: unknown;
  data?: unknown;
}

interface RawCard {
  actions?: RawAction[];
}

export type CardJson = Record<string, unknown>;

const isBotData = (data: unknown): data is ButtonData =>
  typeof data === 'object' && data !== null && typeof (data as ButtonData).wb === 'object';

/**
 * The card's own buttons (its `actions`) that carry bot data. An `Action.Execute` counts as Execute (a
 * Teams client that has Universal Actions uses it and ignores its `Action.Submit` fallback).
 * @internal the walker reads buttons through nextCard; the test reads the bot's cards directly.
 */
export function buttonsOf(card: CardJson | undefined): Clickable[] {
  const actions = (card as RawCard | undefined)?.actions;
  if (!Array.isArray(actions)) return [];
  const out: Clickable[] = [];
  for (const action of actions) {
    const title = typeof action.title === 'string' ? action.title : undefined;
    if (!isBotData(action.data)) continue;
    if (action.type === 'Action.Submit') out.push({ kind: 'submit', title, data: action.data });
    else if (action.type === 'Action.Execute' && typeof action.verb === 'string')
      out.push({ kind: 'execute', title, verb: action.verb, data: action.data });
  }
  return out;
}

/** The button's bot verb (`wb.a`) and answer (`wb.ans`), whatever its kind. */
export const verbOf = (button: Clickable): string | undefined => button.data.wb?.a;

/**
 * The activity a click posts, built on `message` (a Teams-shaped message activity of the conversation):
 * Submit → the message with `value` = data; Execute → an `adaptiveCard/action` invoke whose value is
 * `{ action: { type, verb, data }, trigger: 'manual' }`, as Teams sends it.
 */
export function clickActivity(
  message: Record<string, unknown>,
  button: Clickable,
  replyToId?: string,
): Record<string, unknown> {
  const base = { ...message };
  delete base.text;
  delete base.textFormat;
  const reply = replyToId ? { replyToId } : {};
  if (button.kind === 'submit') return { ...base, type: 'message', value: button.data, ...reply };
  return {
    ...base,
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb: button.verb, data: button.data }, trigger: 'manual' },
    ...reply,
  };
}

/** A card click (Submit message with a value, or an Action.Execute invoke), as opposed to a typed message or event. */
export function isClick(activity: Record<string, unknown>): boolean {
  if (activity.type === 'invoke') return activity.name === 'adaptiveCard/action';
  return activity.type === 'message' && activity.value !== undefined;
}

/** The card an invoke response body carries (`{ statusCode, type: 'application/vnd.microsoft.card.adaptive', value }`). */
export function invokeResponseCard(body: unknown): CardJson | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { type, value } = body as { type?: unknown; value?: unknown };
  return type === 'application/vnd.microsoft.card.adaptive' && typeof value === 'object' && value !== null
    ? (value as CardJson)
    : undefined;
}

/** What the connector received for the conversation during the turn. */
export interface ConnectorCall {
  method: string;
  activity: Record<string, unknown>;
  /** The chat message's id: the one the connector gave a POST, the one a PUT's URL names. */
  id?: string;
}

/** A card on screen and what it offers. */
export interface ShownCard {
  card: CardJson;
  buttons: Clickable[];
  /** The chat message holding the card (a click on it names it as `replyToId`). */
  activityId?: string;
}

const cardOf = (activity: Record<string, unknown>): CardJson | undefined => {
  const attachments = activity.attachments as Array<{ contentType?: string; content?: unknown }> | undefined;
  const content = attachments?.find(
    (a) => a.contentType === 'application/vnd.microsoft.card.adaptive',
  )?.content;
  return typeof content === 'object' && content !== null ? (content as CardJson) : undefined;
};

/**
 * The card to click next after a turn: the newest card posted to the chat that offers buttons, else the
 * card that replaced the clicked one (the invoke response, or a PUT update) when it still offers buttons.
 */
export function nextCard(
  calls: readonly ConnectorCall[],
  invokeBody?: unknown,
  clickedActivityId?: string,
): ShownCard | undefined {
  for (let i = calls.length - 1; i >= 0; i--) {
    const { method, activity } = calls[i];
    if (method !== 'POST') continue;
    const card = cardOf(activity);
    const buttons = buttonsOf(card);
    if (card && buttons.length > 0) return { card, buttons, activityId: calls[i].id };
  }
  const replaced = invokeResponseCard(invokeBody);
  if (replaced && buttonsOf(replaced).length > 0)
    return { card: replaced, buttons: buttonsOf(replaced), activityId: clickedActivityId };
  for (let i = calls.length - 1; i >= 0; i--) {
    const { method, activity } = calls[i];
    if (method !== 'PUT') continue;
    const card = cardOf(activity);
    const buttons = buttonsOf(card);
    if (card && buttons.length > 0) return { card, buttons, activityId: calls[i].id ?? clickedActivityId };
  }
  return undefined;
}

/** Connector calls of one turn, by method. */
export function countCalls(calls: readonly ConnectorCall[]): { post: number; put: number; other: number } {
  let post = 0;
  let put = 0;
  for (const call of calls) {
    if (call.method === 'POST') post += 1;
    else if (call.method === 'PUT') put += 1;
  }
  return { post, put, other: calls.length - post - put };
}
