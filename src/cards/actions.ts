import { z } from 'zod';
import { ANSWERS, CHECK_IDS, REMINDER_CHOICES, SECTION_IDS } from '../checks/model';

/**
 * The data our cards put in Action.Submit, as it comes back in `activity.value` (Teams merges the card's
 * inputs into it). Anything that does not parse is treated as forged or stale.
 */
const base = { v: z.literal(1) };
const token = z.string().min(8).max(64);
const checkId = z.enum(CHECK_IDS);
const reminderId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const escalateScope = z.enum([...SECTION_IDS, 'case']);

/**
 * "Send to helpdesk" on a summary card: built by `escalateValue` and read by `parseCardValue` with this one
 * schema. The summary's token is required: without the current summary's token a post is forged or stale.
 */
const escalateSchema = z.object({ ...base, a: z.literal('escalate'), s: escalateScope, t: token });

const wbSchema = z.discriminatedUnion('a', [
  z.object({ ...base, a: z.literal('answer'), c: checkId, ans: z.enum(ANSWERS), t: token }),
  z.object({ ...base, a: z.literal('fix'), c: checkId, ans: z.enum(['retry', 'moveOn']), t: token }),
  z.object({ ...base, a: z.literal('version'), c: checkId, t: token }),
  z.object({ ...base, a: z.literal('event'), c: checkId.optional(), t: token.optional() }),
  z.object({ ...base, a: z.literal('start'), s: z.enum(SECTION_IDS) }),
  z.object({ ...base, a: z.literal('runAll'), s: z.string().optional() }),
  z.object({ ...base, a: z.literal('menu'), s: z.string().optional() }),
  z.object({ ...base, a: z.literal('language') }),
  // The card's token is required: a remind without the current card's token is forged or stale.
  z.object({
    ...base,
    a: z.literal('remind'),
    choice: z.enum(REMINDER_CHOICES),
    t: token,
  }),
  z.object({ ...base, a: z.literal('reminderDone'), id: reminderId }),
  z.object({ ...base, a: z.literal('snooze'), id: reminderId }),
  z.object({ ...base, a: z.literal('stopReminder'), id: reminderId }),
  z.object({ ...base, a: z.literal('cancelReminder'), id: reminderId }),
  escalateSchema,
  z.object({
    ...base,
    a: z.literal('ticket'),
    op: z.enum(['assign', 'unassign', 'resolve', 'reopen', 'refresh']),
    n: z.number().int().positive().max(1_000_000_000),
  }),
]);

const valueSchema = z.object({
  wb: wbSchema,
  connectVersion: z.string().max(100).optional(),
  eventId: z.string().max(100).optional(),
  language: z.string().max(20).optional(),
  // Helpdesk texts: capped when stored; the limit here only refuses what no card could send.
  hdDescription: z.string().max(100_000).optional(),
  hdNote: z.string().max(100_000).optional(),
});

export type CardAction = z.infer<typeof wbSchema> & {
  inputs: {
    connectVersion?: string;
    eventId?: string;
    language?: string;
    hdDescription?: string;
    hdNote?: string;
  };
};

export type ParsedCardValue = { kind: 'none' } | { kind: 'invalid' } | { kind: 'action'; action: CardAction };

export function parseCardValue(value: unknown): ParsedCardValue {
  if (value === undefined || value === null) return { kind: 'none' };
  const parsed = valueSchema.safeParse(value);
  if (!parsed.success) return { kind: 'invalid' };
  const { wb, connectVersion, eventId, language, hdDescription, hdNote } = parsed.data;
  return {
    kind: 'action',
    action: { ...wb, inputs: { connectVersion, eventId, language, hdDescription, hdNote } },
  };
}

/**
 * The Action.Submit data of "Send to helpdesk" on the summary card with this token: typed by the schema
 * that reads it back, so the two cannot drift apart.
 */
export function escalateValue(
  scope: z.infer<typeof escalateScope>,
  summaryToken: string,
): { wb: z.infer<typeof escalateSchema> } {
  return { wb: { v: 1, a: 'escalate', s: scope, t: summaryToken } };
}
