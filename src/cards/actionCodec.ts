/**
 * The card action codec: each action kind is declared once, as named fields with their short wire key and
 * their zod schema. From that one declaration come the builder (named fields → the `{ wb: … }` data a card
 * button carries) and the decoder (the wire data Teams sends back → named fields). Cards can only get
 * payloads from a builder (`ActionData` is branded), and the parser uses the same schemas, so a payload
 * written by one file cannot drift from what another parses.
 *
 * The features declare their kinds beside their cards (troubleshooting, reminders, helpdesk); the turn's
 * parser (`cardActions.ts`) unions them. The wire keys (`a`, `c`, `t`, `ans`, …) never leave these files.
 */
import { z } from 'zod';

/** A named field: its short key on the wire and the schema of its value. */
type Field = readonly [wire: string, schema: z.ZodType];
type Fields = Readonly<Record<string, Field>>;
type NamedShape<F extends Fields> = { -readonly [K in keyof F]: F[K][1] };

/** The named fields of an action kind, as its builder takes them and its decoder gives them. */
type FieldsOf<F extends Fields> = [keyof F] extends [never]
  ? Record<never, never>
  : z.output<z.ZodObject<NamedShape<F>>>;

declare const built: unique symbol;

/** What an action button sends back (`Action.Submit` / `Action.Execute` `data`). Only a builder makes one. */
export interface ActionData {
  readonly wb: Readonly<Record<string, unknown>>;
  readonly [built]: true;
}

/** The version every payload carries, so a later change of the wire form can tell old cards apart. */
const WIRE_VERSION = 1;

export interface ActionKind<A extends string, F extends Fields> {
  readonly name: A;
  /** The schema of this kind's wire form (`{ v, a, …short keys }`), for the union parser. */
  readonly wire: z.ZodObject;
  /** The payload for a button; the values are checked against the same schemas the parser uses. */
  build(fields: FieldsOf<F>): ActionData;
  /** Named fields from wire data that `wire` accepted. */
  decode(wire: Readonly<Record<string, unknown>>): { kind: A } & FieldsOf<F>;
}

/** Declares one action kind. `name` is the wire discriminator (and the Universal Actions verb). */
export function actionKind<const A extends string, const F extends Fields>(
  name: A,
  fields: F,
): ActionKind<A, F> {
  const entries: Array<[string, Field]> = Object.entries(fields);
  const wire = z.object({
    v: z.literal(WIRE_VERSION),
    a: z.literal(name),
    ...Object.fromEntries(entries.map(([, [key, schema]]) => [key, schema])),
  });
  const named = z.object(Object.fromEntries(entries.map(([field, [, schema]]) => [field, schema])));
  return {
    name,
    wire,
    build(values) {
      // A builder never makes what the parser would refuse: a bad value is a programming error.
      const checked = named.parse(values) as Record<string, unknown>;
      const wb: Record<string, unknown> = { v: WIRE_VERSION, a: name };
      for (const [field, [key]] of entries) if (checked[field] !== undefined) wb[key] = checked[field];
      return { wb } as unknown as ActionData;
    },
    decode(data) {
      const out: Record<string, unknown> = { kind: name };
      for (const [field, [key]] of entries) if (data[key] !== undefined) out[field] = data[key];
      return out as { kind: A } & FieldsOf<F>;
    },
  };
}

/** The Universal Actions verb of a payload: its kind's name (the same discriminator the parser reads). */
export const verbOf = (data: ActionData): string => String(data.wb.a);

/** The shape every card token has (a step card's, a summary's): random, URL-safe. */
export const cardToken = z.string().min(8).max(64);
