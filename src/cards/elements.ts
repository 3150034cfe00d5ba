/**
 * Typed Adaptive Card 1.5 elements, one small builder per element (the subset Teams renders and our
 * cards use). Builders return plain objects: no templating and no expression parsing per render, and
 * nothing is serialised that the card did not ask for. Optional fields left `undefined` are dropped by
 * JSON serialisation, so a builder may pass them through unconditionally.
 */
import { verbOf, type ActionData } from './actionCodec';
import { ADAPTIVE_CARD_CONTENT_TYPE, type CardAttachment } from './cardTypes';

type Spacing = 'None' | 'Small' | 'Default' | 'Medium' | 'Large' | 'ExtraLarge';
type ContainerStyle = 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';
type ActionStyle = 'default' | 'positive' | 'destructive';

export interface TextBlock {
  type: 'TextBlock';
  text: string;
  wrap: true;
  size?: 'Small' | 'Default' | 'Medium' | 'Large' | 'ExtraLarge';
  weight?: 'Lighter' | 'Default' | 'Bolder';
  isSubtle?: boolean;
  style?: 'default' | 'heading';
  fontType?: 'Default' | 'Monospace';
  color?: 'Default' | 'Good' | 'Attention' | 'Warning' | 'Accent';
  spacing?: Spacing;
  separator?: boolean;
  id?: string;
  isVisible?: boolean;
}

export interface Fact {
  title: string;
  value: string;
}

export interface FactSet {
  type: 'FactSet';
  facts: Fact[];
  spacing?: Spacing;
}

export interface Container {
  type: 'Container';
  items: CardElement[];
  style?: ContainerStyle;
  spacing?: Spacing;
  separator?: boolean;
  id?: string;
  isVisible?: boolean;
}

export interface InputText {
  type: 'Input.Text';
  id: string;
  label: string;
  placeholder?: string;
  isMultiline?: boolean;
  maxLength?: number;
  isRequired?: boolean;
  errorMessage?: string;
  regex?: string;
  value?: string;
}

export interface InputChoiceSet {
  type: 'Input.ChoiceSet';
  id: string;
  label: string;
  choices: Array<{ title: string; value: string }>;
  /** Teams' people picker: choices looked up as the user types (static `choices` are the fallback). */
  'choices.data'?: { type: 'Data.Query'; dataset: string };
  value?: string;
  style?: 'compact' | 'expanded';
  isRequired?: boolean;
  errorMessage?: string;
}

/** Text shown as typed, with no markdown (a command with `*` or `_` stays as it is). */
export interface TextRun {
  type: 'TextRun';
  text: string;
  fontType?: 'Default' | 'Monospace';
  weight?: 'Lighter' | 'Default' | 'Bolder';
  size?: 'Small' | 'Default' | 'Medium' | 'Large' | 'ExtraLarge';
  isSubtle?: boolean;
}

export interface RichTextBlock {
  type: 'RichTextBlock';
  inlines: TextRun[];
  spacing?: Spacing;
}

export interface ActionSet {
  type: 'ActionSet';
  actions: CardAction[];
  spacing?: Spacing;
}

export type CardElement =
  TextBlock | RichTextBlock | FactSet | Container | InputText | InputChoiceSet | ActionSet;

export interface SubmitAction {
  type: 'Action.Submit';
  title: string;
  /** Only from an action kind's builder (actionCodec.ts). */
  data: ActionData;
  style?: ActionStyle;
  associatedInputs?: 'auto' | 'none';
}

/** Universal Actions: the bot answers the invoke with the refreshed card. */
export interface ExecuteAction {
  type: 'Action.Execute';
  title: string;
  verb: string;
  data: ActionData;
  style?: ActionStyle;
  associatedInputs?: 'auto' | 'none';
  /** For clients without Universal Actions: Teams documents an Action.Submit fallback. */
  fallback?: SubmitAction;
}

export interface OpenUrlAction {
  type: 'Action.OpenUrl';
  title: string;
  url: string;
}

export interface ShowCardAction {
  type: 'Action.ShowCard';
  title: string;
  card: AdaptiveCard;
}

export type CardAction = SubmitAction | ExecuteAction | OpenUrlAction | ShowCardAction;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema?: string;
  version: '1.5';
  body: CardElement[];
  actions?: CardAction[];
  /** Universal Actions refresh (Teams refreshes automatically for ≤ 60 users or those listed). */
  refresh?: { action: ExecuteAction; userIds?: string[] };
  msteams?: { width?: 'Full' };
}

const SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

type Options<T, K extends keyof T> = Partial<Omit<T, K | 'type'>>;

export const text = (value: string, options: Options<TextBlock, 'text' | 'wrap'> = {}): TextBlock => ({
  type: 'TextBlock',
  text: value,
  wrap: true,
  ...options,
});

export const heading = (value: string): TextBlock =>
  text(value, { style: 'heading', size: 'Medium', weight: 'Bolder' });

export const subtle = (value: string): TextBlock => text(value, { size: 'Small', isSubtle: true });

/** One run of literal text (no markdown), e.g. a sentence that may contain `*` or `_`. */
export const richText = (value: string, options: Options<TextRun, 'text'> = {}): RichTextBlock => ({
  type: 'RichTextBlock',
  inlines: [{ type: 'TextRun', text: value, ...options }],
});

/** A command to copy: monospace and literal (host wildcards such as `*.servicebus.windows.net` stay intact). */
export const commandText = (value: string): RichTextBlock => richText(value, { fontType: 'Monospace' });

export const factSet = (facts: Fact[], options: Options<FactSet, 'facts'> = {}): FactSet => ({
  type: 'FactSet',
  facts,
  ...options,
});

export const container = (items: CardElement[], options: Options<Container, 'items'> = {}): Container => ({
  type: 'Container',
  items,
  ...options,
});

export const inputText = (
  id: string,
  label: string,
  options: Options<InputText, 'id' | 'label'> = {},
): InputText => ({
  type: 'Input.Text',
  id,
  label,
  ...options,
});

export const choiceSet = (
  id: string,
  label: string,
  choices: InputChoiceSet['choices'],
  options: Options<InputChoiceSet, 'id' | 'label' | 'choices'> = {},
): InputChoiceSet => ({ type: 'Input.ChoiceSet', id, label, choices, ...options });

export const actionSet = (actions: CardAction[], options: Options<ActionSet, 'actions'> = {}): ActionSet => ({
  type: 'ActionSet',
  actions,
  ...options,
});

export const submit = (
  title: string,
  data: ActionData,
  options: Options<SubmitAction, 'title' | 'data'> = {},
): SubmitAction => ({ type: 'Action.Submit', title, data, ...options });

/** Action.Execute with the Action.Submit fallback (same title and data) that older Teams clients use. */
export const execute = (
  title: string,
  verb: string,
  data: ActionData,
  options: Options<ExecuteAction, 'title' | 'verb' | 'data' | 'fallback'> = {},
): ExecuteAction => ({
  type: 'Action.Execute',
  title,
  verb,
  data,
  ...options,
  fallback: submit(title, data, { style: options.style, associatedInputs: options.associatedInputs }),
});

/** Action.Execute whose verb is its payload's kind (actionCodec.ts), with the Action.Submit fallback. */
export const executeAction = (
  title: string,
  data: ActionData,
  options: Options<ExecuteAction, 'title' | 'verb' | 'data' | 'fallback'> = {},
): ExecuteAction => execute(title, verbOf(data), data, options);

/** A card's Universal Actions refresh: an Action.Execute with no fallback (a client without them never refreshes). */
export const refreshOf = (
  title: string,
  data: ActionData,
  userIds: string[],
): NonNullable<AdaptiveCard['refresh']> => ({
  action: { type: 'Action.Execute', title, verb: verbOf(data), data },
  userIds,
});

export const openUrl = (title: string, url: string): OpenUrlAction => ({
  type: 'Action.OpenUrl',
  title,
  url,
});

export const showCard = (title: string, card: AdaptiveCard): ShowCardAction => ({
  type: 'Action.ShowCard',
  title,
  card,
});

/** A card root; `body` entries that are `undefined` or `false` (conditional parts) are left out. */
export function card(
  body: ReadonlyArray<CardElement | undefined | false>,
  actions: ReadonlyArray<CardAction | undefined | false> = [],
  extra: Pick<AdaptiveCard, 'refresh' | 'msteams'> = {},
): AdaptiveCard {
  const kept = actions.filter((a): a is CardAction => Boolean(a));
  return {
    type: 'AdaptiveCard',
    $schema: SCHEMA,
    version: '1.5',
    body: body.filter((e): e is CardElement => Boolean(e)),
    ...(kept.length > 0 ? { actions: kept } : {}),
    ...extra,
  };
}

/** Wraps a card for sending (the shape botbuilder's Attachment expects). */
export const attachment = (content: AdaptiveCard): CardAttachment => ({
  contentType: ADAPTIVE_CARD_CONTENT_TYPE,
  content: content as unknown as Record<string, unknown>,
});
