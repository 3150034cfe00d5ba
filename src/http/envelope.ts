import { z } from 'zod';
import { isAllowedServiceUrl, isSurelyValidEnvelope, LIMITS, PRINTABLE } from './envelopeRules';

/**
 * The activity envelope, checked in two steps before the Bot Framework adapter sees the activity:
 * - before authentication, only what authentication itself reads (`channelId`, `serviceUrl`: bounded
 *   strings); a refusal there says nothing about which field was wrong, the caller is unknown yet;
 * - after authentication, the whole envelope: the fields the adapter, the bot and the proactive code
 *   rely on must have the right shape and a bounded size, and the answer lists the wrong field paths.
 * Unknown extra fields are allowed (Teams adds new ones); `value` and `channelData` contents are the
 * bot's own business (card payloads are parsed in src/turn/cardActions.ts).
 */

const id = z.string().min(1).max(LIMITS.id).regex(PRINTABLE, 'must be printable ASCII');
const shortText = z.string().max(LIMITS.short);
const optionalText = z.string().max(LIMITS.id).optional();
// The SDK's serializer checks these types when a reply echoes the accounts back: wrong ones fail the turn.
const account = z.looseObject({
  id,
  name: optionalText,
  aadObjectId: optionalText,
  role: shortText.optional(),
});

const isoDate = z
  .string()
  .max(LIMITS.date)
  .refine((value) => !Number.isNaN(Date.parse(value)), 'must be a date');

const objectItems = z.array(z.looseObject({})).max(LIMITS.items);
// botbuilder reads `entities[i].type.toLowerCase()` (mentions): every entity needs a string type.
const entities = z.array(z.looseObject({ type: shortText })).max(LIMITS.items);

const invokeValue = z.looseObject({});
const invokeAction = z.looseObject({ type: shortText });
const mentionShape = z.looseObject({ text: z.string().max(LIMITS.id), mentioned: account });

function serviceUrl(localMode: boolean) {
  return z
    .string()
    .max(LIMITS.url)
    .refine(
      (value) => isAllowedServiceUrl(value, localMode),
      localMode ? 'must be a loopback URL in local mode' : 'must be an https URL',
    );
}

function envelopeSchema(localMode: boolean) {
  return z
    .looseObject({
      type: z.string().min(1).max(LIMITS.type),
      id: id.optional(),
      channelId: z.string().min(1).max(LIMITS.type),
      serviceUrl: serviceUrl(localMode),
      from: account,
      recipient: account,
      conversation: z.looseObject({
        id,
        name: optionalText,
        tenantId: optionalText,
        conversationType: shortText.optional(),
        isGroup: z.boolean().optional(),
        aadObjectId: optionalText,
        role: shortText.optional(),
      }),
      text: z.string().max(LIMITS.text).optional(),
      locale: shortText.optional(),
      replyToId: id.optional(),
      name: shortText.optional(),
      action: shortText.optional(),
      timestamp: isoDate.optional(),
      localTimestamp: isoDate.optional(),
      entities: entities.optional(),
      attachments: objectItems.optional(),
      membersAdded: z.array(account).max(LIMITS.items).optional(),
      membersRemoved: z.array(account).max(LIMITS.items).optional(),
      channelData: z
        .looseObject({ tenant: z.looseObject({ id: z.string().max(LIMITS.id).optional() }).optional() })
        .optional(),
    })
    .superRefine((activity, ctx) => {
      // botbuilder's invoke handlers read properties of `value` (and `value.action` for Action.Execute).
      if (activity.type === 'invoke') {
        const value = invokeValue.safeParse(activity.value);
        if (!value.success) ctx.addIssue({ code: 'custom', path: ['value'], message: 'must be an object' });
        else if (
          activity.name === 'adaptiveCard/action' &&
          !invokeAction.safeParse(value.data.action).success
        ) {
          ctx.addIssue({ code: 'custom', path: ['value', 'action'], message: 'must be an object' });
        }
      }
      // botbuilder strips a mention with `mention.mentioned.id` and `activity.text.replace(mention.text)`.
      activity.entities?.forEach((entity, index) => {
        if (entity.type.toLowerCase() !== 'mention') return;
        const mention = mentionShape.safeParse(entity);
        if (!mention.success)
          ctx.addIssue({ code: 'custom', path: ['entities', index], message: 'bad mention' });
        else if (typeof activity.text !== 'string')
          ctx.addIssue({ code: 'custom', path: ['text'], message: 'required' });
      });
    });
}

const schemas = { local: envelopeSchema(true), authenticated: envelopeSchema(false) };

/**
 * What botframework-connector's `authenticateRequest` reads of the activity: `channelId` (endorsements,
 * the emulator check), `serviceUrl` (compared with the token's claim) and `recipient.role` when
 * authentication is off (optional chaining there: any value is safe). Two bounded strings: checked by
 * hand, as a zod object of them would (same field paths), since every request comes through here.
 */
const BEFORE_AUTHENTICATION = [
  ['channelId', LIMITS.type],
  ['serviceUrl', LIMITS.url],
] as const;

const boundedString = (value: unknown, max: number): boolean =>
  typeof value === 'string' && value.length >= 1 && value.length <= max;

export type EnvelopeCheck = { ok: true } | { ok: false; fields: string[] };

function fieldsOf(error: z.ZodError): string[] {
  const fields = [...new Set(error.issues.map((issue) => issue.path.map(String).join('.') || '(root)'))];
  return fields.slice(0, 10);
}

/** Before authentication: can the activity be authenticated at all? The fields are for the log only. */
export function checkAuthenticatable(body: unknown): EnvelopeCheck {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { ok: false, fields: ['(root)'] };
  const fields = BEFORE_AUTHENTICATION.filter(
    ([field, max]) => !boundedString((body as Record<string, unknown>)[field], max),
  ).map(([field]) => field);
  return fields.length === 0 ? { ok: true } : { ok: false, fields };
}

/**
 * After authentication: which fields are wrong (paths only, never values). An envelope the hand-written
 * check (src/http/envelopeRules.ts) passes is one the schema passes too; any other goes through the
 * schema, which finds the wrong fields.
 */
export function checkEnvelope(body: unknown, options: { localMode: boolean }): EnvelopeCheck {
  if (isSurelyValidEnvelope(body, options.localMode)) return { ok: true };
  return checkEnvelopeBySchema(body, options);
}

/** The schema's answer alone (the definition the hand-written check is tested against). @internal */
export function checkEnvelopeBySchema(body: unknown, options: { localMode: boolean }): EnvelopeCheck {
  const result = (options.localMode ? schemas.local : schemas.authenticated).safeParse(body);
  return result.success ? { ok: true } : { ok: false, fields: fieldsOf(result.error) };
}
