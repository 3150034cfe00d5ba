/**
 * Universal Actions (Action.Execute): the `adaptiveCard/action` invoke and its answer. A click on an
 * Execute button arrives as an invoke whose `value.action.data` is what an Action.Submit would have put
 * in `activity.value`; the turn runs as for a Submit, but what would have replaced the clicked card in
 * place (a PUT through the connector) is the invoke's answer instead, and a refusal is a message in that
 * answer rather than a posted note. The answer is kept in the turn state until the bot returns it.
 */
import type { Activity, InvokeResponse, TurnContext } from 'botbuilder';
import type { CardAttachment } from '../cards/cardTypes';
import { parseCardValue, type ParsedCardValue } from './cardActions';

export const CARD_ACTION_INVOKE = 'adaptiveCard/action';

/** What an Action.Execute invoke carries (checked shape; `data` is parsed by cardActions.ts). */
export interface ExecuteClick {
  verb: string;
  data: unknown;
  /** `automatic`: a card refresh (the client asks what to show); `manual`: a click. */
  trigger: 'automatic' | 'manual';
}

const EXECUTE = Symbol('writeback.execute');
const PARSED = Symbol('writeback.parsedClick');
const ANSWER = Symbol('writeback.invokeAnswer');

type InvokeAnswer = { kind: 'card'; card: CardAttachment } | { kind: 'message'; text: string };

/** The Action.Execute of an `adaptiveCard/action` invoke; undefined for any other activity or shape. */
export function readExecute(activity: Partial<Activity>): ExecuteClick | undefined {
  if (activity.type !== 'invoke' || activity.name !== CARD_ACTION_INVOKE) return undefined;
  const value = activity.value as { action?: unknown; trigger?: unknown } | undefined;
  const action = value?.action as { type?: unknown; verb?: unknown; data?: unknown } | undefined;
  if (!action || action.type !== 'Action.Execute' || typeof action.verb !== 'string') return undefined;
  return {
    verb: action.verb,
    data: action.data,
    trigger: value?.trigger === 'automatic' ? 'automatic' : 'manual',
  };
}

/** Marks this turn as an Action.Execute click, answered through the invoke response. */
export function beginExecute(context: TurnContext, click: ExecuteClick): void {
  context.turnState.set(EXECUTE, click);
}

/** True while an Action.Execute click is being answered (its card goes back in the invoke response). */
export const isExecuteTurn = (context: TurnContext): boolean => context.turnState.get(EXECUTE) !== undefined;

/**
 * The card click of this turn, parsed once (the interruptions and the card prompt both ask): the Submit's
 * `activity.value`, or the Execute's `data` (Teams merges the card's inputs into both the same way).
 */
export function parsedClick(context: TurnContext): ParsedCardValue {
  const cached = context.turnState.get<ParsedCardValue | undefined>(PARSED);
  if (cached) return cached;
  const click = context.turnState.get<ExecuteClick | undefined>(EXECUTE) ?? readExecute(context.activity);
  const parsed = parseCardValue(click ? click.data : context.activity.value);
  context.turnState.set(PARSED, parsed);
  return parsed;
}

/** The clicked card is replaced by this one (the invoke's answer). */
export function answerWithCard(context: TurnContext, card: CardAttachment): void {
  context.turnState.set(ANSWER, { kind: 'card', card } satisfies InvokeAnswer);
}

/** The clicked card stays; the user reads this sentence (a refusal, a stale card, a conflict). */
export function answerWithMessage(context: TurnContext, text: string): void {
  context.turnState.set(ANSWER, { kind: 'message', text } satisfies InvokeAnswer);
}

const response = (type: string, value: unknown): InvokeResponse => ({
  status: 200,
  body: { statusCode: 200, type, value },
});

/** The invoke response for what the turn decided; `otherwise` when it decided nothing of its own. */
export function invokeAnswer(context: TurnContext, otherwise: string): InvokeResponse {
  const answer = context.turnState.get<InvokeAnswer | undefined>(ANSWER);
  if (answer?.kind === 'card') return cardResponse(answer.card);
  return response('application/vnd.microsoft.activity.message', answer?.text ?? otherwise);
}

/** `statusCode: 200` with the card the client shows in place of the clicked one. */
export const cardResponse = (card: CardAttachment): InvokeResponse =>
  response(card.contentType, card.content);

/** A caller's mistake (no Action.Execute, data that does not parse, verb and data apart): 400, nothing changed. */
export const invokeError = (message: string): InvokeResponse => ({
  status: 400,
  body: { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message } },
});
