/**
 * Parses what a card click sends back (`activity.value`, or an `adaptiveCard/action` invoke's `data`) into
 * the action it names, with named fields, and the card inputs Teams merged into it. The schemas are the
 * ones the builders use (see actionCodec.ts); anything that does not parse is treated as forged or stale.
 */
import { z } from 'zod';
import { HELPDESK_ACTIONS, HELPDESK_INPUTS } from '../helpdesk/actions';
import { REMINDER_ACTIONS } from '../reminders/actions';
import { TROUBLESHOOTING_ACTIONS, TROUBLESHOOTING_INPUTS } from '../troubleshooting/actions';

const ALL_ACTIONS = [...TROUBLESHOOTING_ACTIONS, ...REMINDER_ACTIONS, ...HELPDESK_ACTIONS] as const;
type AnyKind = (typeof ALL_ACTIONS)[number];

/** Every action a card can send, by kind, with named fields. */
export type CardAction = ReturnType<AnyKind['decode']>;
/** @internal The action kinds by name (the codec's property test covers each). */
export type ActionName = CardAction['kind'];

const byName = new Map<string, AnyKind>(ALL_ACTIONS.map((k) => [k.name, k]));
const wireSchema = z.discriminatedUnion(
  'a',
  ALL_ACTIONS.map((k) => k.wire) as unknown as [z.ZodObject, ...z.ZodObject[]],
);
const INPUTS = { ...TROUBLESHOOTING_INPUTS, ...HELPDESK_INPUTS } as const;
const valueSchema = z.object({
  wb: wireSchema,
  ...Object.fromEntries(Object.entries(INPUTS).map(([id, schema]) => [id, schema.optional()])),
});

/** The card inputs, by id (absent when the card had none or the user left it empty). */
export type CardInputs = { -readonly [K in keyof typeof INPUTS]?: z.output<(typeof INPUTS)[K]> };
type InputId = keyof CardInputs;

export type ParsedCardValue =
  { kind: 'none' } | { kind: 'invalid' } | { kind: 'action'; action: CardAction; inputs: CardInputs };

export function parseCardValue(value: unknown): ParsedCardValue {
  if (value === undefined || value === null) return { kind: 'none' };
  const parsed = valueSchema.safeParse(value);
  if (!parsed.success) return { kind: 'invalid' };
  const { wb, ...rest } = parsed.data as { wb: Record<string, unknown> } & CardInputs;
  const kind = byName.get(wb.a as string);
  if (!kind) return { kind: 'invalid' };
  const inputs: CardInputs = {};
  for (const id of Object.keys(INPUTS) as InputId[]) if (rest[id] !== undefined) inputs[id] = rest[id];
  return { kind: 'action', action: kind.decode(wb), inputs };
}
