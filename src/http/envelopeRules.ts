/**
 * The activity envelope's limits, and a hand-written form of its after-authentication check
 * (src/http/envelope.ts) for the envelopes Teams actually sends. Every request comes through here, and a
 * zod parse of the whole envelope was a measurable share of a turn; the schema stays the definition and
 * still answers every envelope this check does not pass, with the wrong field paths.
 *
 * The contract (property-tested against the schema in test/http/envelopeRules.test.ts): whatever
 * `isSurelyValidEnvelope` passes, the schema passes too. It may refuse more (it then only costs the parse).
 */
import { memoByKey } from '../core/memo';

export const LIMITS = {
  id: 1024,
  text: 40_000,
  items: 500,
  short: 256,
  url: 2048,
  type: 64,
  date: 64,
} as const;

/** Bot Framework ids are printable ASCII; the SDK puts some in HTTP headers (x-ms-conversation-id). */
export const PRINTABLE = /^[\x20-\x7e]+$/;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function serviceUrlAllowed(value: string, localMode: boolean): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (!localMode) return url.protocol === 'https:';
  return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK.has(url.hostname);
}

// A handful of service URLs carry all the traffic; the maps are bounded (memoByKey).
const allowedServiceUrl = {
  local: memoByKey((value) => serviceUrlAllowed(value, true)),
  authenticated: memoByKey((value) => serviceUrlAllowed(value, false)),
};

/**
 * Where the bot sends its replies. With authentication: https (the token's `serviceurl` claim names
 * it too). In local mode nobody vouches for it, so only this machine's stand-ins, http or https on any
 * port (Agents Playground, the tests' fake connector): the bot never posts to a URL a caller made up.
 */
export function isAllowedServiceUrl(value: string, localMode: boolean): boolean {
  return (localMode ? allowedServiceUrl.local : allowedServiceUrl.authenticated)(value);
}

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown, max: number): boolean => typeof value === 'string' && value.length <= max;
const optionalText = (value: unknown, max: number): boolean => value === undefined || text(value, max);
const isId = (value: unknown): boolean =>
  typeof value === 'string' && value.length >= 1 && value.length <= LIMITS.id && PRINTABLE.test(value);
const optionalDate = (value: unknown): boolean =>
  value === undefined || (text(value, LIMITS.date) && !Number.isNaN(Date.parse(value as string)));

function isAccount(value: unknown): value is Fields {
  return (
    isObject(value) &&
    isId(value.id) &&
    optionalText(value.name, LIMITS.id) &&
    optionalText(value.aadObjectId, LIMITS.id) &&
    optionalText(value.role, LIMITS.short)
  );
}

function isConversation(value: unknown): boolean {
  return (
    isAccount(value) &&
    optionalText(value.tenantId, LIMITS.id) &&
    optionalText(value.conversationType, LIMITS.short) &&
    (value.isGroup === undefined || typeof value.isGroup === 'boolean')
  );
}

function optionalList(value: unknown, item: (entry: unknown) => boolean): boolean {
  if (value === undefined) return true;
  if (!Array.isArray(value) || value.length > LIMITS.items) return false;
  // An index loop, not `every`: that skips the holes of a sparse array, which the schema refuses.
  for (let i = 0; i < value.length; i++) if (!item(value[i])) return false;
  return true;
}

/** Entities need a string type; a mention also its text and the mentioned account, and the message a text. */
function entitiesOk(activity: Fields): boolean {
  return optionalList(activity.entities, (entity) => {
    if (!isObject(entity) || !text(entity.type, LIMITS.short)) return false;
    if ((entity.type as string).toLowerCase() !== 'mention') return true;
    return text(entity.text, LIMITS.id) && isAccount(entity.mentioned) && typeof activity.text === 'string';
  });
}

/** botbuilder's invoke handlers read properties of `value` (and `value.action` for Action.Execute). */
function invokeOk(activity: Fields): boolean {
  if (activity.type !== 'invoke') return true;
  if (!isObject(activity.value)) return false;
  return (
    activity.name !== 'adaptiveCard/action' ||
    (isObject(activity.value.action) && text(activity.value.action.type, LIMITS.short))
  );
}

function channelDataOk(value: unknown): boolean {
  if (value === undefined) return true;
  if (!isObject(value)) return false;
  const tenant = value.tenant;
  return tenant === undefined || (isObject(tenant) && optionalText(tenant.id, LIMITS.id));
}

/** True only for an envelope the after-authentication schema accepts (see the contract above). */
export function isSurelyValidEnvelope(body: unknown, localMode: boolean): boolean {
  if (!isObject(body)) return false;
  const { type, channelId, serviceUrl } = body;
  return (
    typeof type === 'string' &&
    type.length >= 1 &&
    type.length <= LIMITS.type &&
    typeof channelId === 'string' &&
    channelId.length >= 1 &&
    channelId.length <= LIMITS.type &&
    text(serviceUrl, LIMITS.url) &&
    isAllowedServiceUrl(serviceUrl as string, localMode) &&
    (body.id === undefined || isId(body.id)) &&
    isAccount(body.from) &&
    isAccount(body.recipient) &&
    isConversation(body.conversation) &&
    optionalText(body.text, LIMITS.text) &&
    optionalText(body.locale, LIMITS.short) &&
    (body.replyToId === undefined || isId(body.replyToId)) &&
    optionalText(body.name, LIMITS.short) &&
    optionalText(body.action, LIMITS.short) &&
    optionalDate(body.timestamp) &&
    optionalDate(body.localTimestamp) &&
    entitiesOk(body) &&
    optionalList(body.attachments, isObject) &&
    optionalList(body.membersAdded, isAccount) &&
    optionalList(body.membersRemoved, isAccount) &&
    channelDataOk(body.channelData) &&
    invokeOk(body)
  );
}
