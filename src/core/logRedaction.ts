import { createHash } from 'node:crypto';
import { memoByKey } from './memo';

/**
 * Log redaction at any depth, by key name: pino's own `redact` only knows fixed paths. Applied to
 * every log object and every child binding (src/core/logger.ts), bounded so a large object stays cheap.
 */

/** Values never logged: secrets and credentials. Keys compare lower-case, without `_` and `-`. */
const SECRET_KEYS = new Set([
  'password',
  'apppassword',
  'microsoftapppassword',
  'secret',
  'clientsecret',
  'token',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'authorization',
  'cookie',
  'connectionstring',
  'privatekey',
  'assertion',
  'clientassertion',
  'apikey',
  'sig',
]);

/** Values never logged: what people wrote and who they are. */
const PERSONAL_KEYS = new Set([
  'text',
  'speak',
  'value',
  'name',
  'displayname',
  'givenname',
  'surname',
  'userprincipalname',
  'upn',
  'mail',
  'email',
  'attachments',
]);

/** Identifiers of people or their conversations: logged as a short hash, so lines still correlate. */
const HASHED_KEYS = new Set([
  'aadobjectid',
  'objectid',
  'userid',
  'userkey',
  'conversationid',
  'conversationkey',
  'installationkey',
]);

/** In an activity, the `id` of these is a person's or a conversation's id: hashed too. */
const PARTY_KEYS = new Set(['from', 'recipient', 'conversation', 'user', 'membersadded', 'membersremoved']);

/** URLs and paths: logged without their query string. */
const URL_KEYS = new Set(['path', 'url', 'uri', 'href']);

const REDACTED = '[redacted]';
const MAX_DEPTH = 8;
const MAX_KEYS = 100;
const MAX_ITEMS = 50;
const MAX_STRING = 4_000;
/** Strings up to this length have their scrubbed form remembered (bounded, see createRedactor). */
const MEMO_MAX_LENGTH = 200;

const normalise = (key: string): string => key.toLowerCase().replace(/[_-]/g, '');

/** The short, stable hash an id is logged as (audit lines that name their ids use it directly). */
export function hashId(value: string): string {
  return `h:${createHash('sha256').update(value).digest('hex').slice(0, 12)}`;
}

const BEARER = /\bBearer\s+[A-Za-z0-9._~+/=-]+/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
/** The lookbehind starts an address only where its run of characters starts (else a long run costs n²). */
const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}/g;
/** Graph URLs name a person by object id or UPN: `/users/{id}`. */
const USER_PATH = /(\/users\/)([^/?#\s"']+)/gi;
/**
 * Bot Connector URLs name a conversation and a member (`/v3/conversations/{id}/members/{userId}`), and
 * the connector's error bodies quote them: the message of every failed send carries them.
 */
const CONNECTOR_PATH = /(\/(?:conversations|members)\/)([^/?#\s"']+)/gi;
/** Teams ids quoted in free text: users `29:…` / `8:orgid:…`, chats `a:…`, channels and threads `19:…`. */
const TEAMS_ID = /\b(?:29|19|a|8:orgid):[\w.@=+-]{8,}/g;

/** A URL path segment as the id it encodes (`a%3A1` is `a:1`), so it hashes like the id in a field. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function withoutQuery(url: string): string {
  const query = url.indexOf('?');
  return query < 0 ? url : `${url.slice(0, query)}?[query]`;
}

export interface Redactor {
  /** A copy of `value` with secrets and personal data removed at any depth. */
  redact<T>(value: T): T;
  /**
   * A string with known secret values, bearer tokens, JWTs and e-mail addresses / UPNs removed, and the
   * ids of people and conversations in Graph and Bot Connector paths and Teams ids hashed.
   */
  scrub(text: string): string;
}

/** `secrets`: configured secret values (app password, Graph secret…) removed wherever they appear. */
export function createRedactor(secrets: readonly string[] = []): Redactor {
  const known = secrets.filter((s) => s.length >= 4);

  const scrubText = (text: string): string => {
    let out = text.length > MAX_STRING ? `${text.slice(0, MAX_STRING)}…` : text;
    for (const secret of known) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out
      .replace(BEARER, `Bearer ${REDACTED}`)
      .replace(JWT, REDACTED)
      .replace(USER_PATH, (_m, prefix: string, id: string) => `${prefix}${hashId(id)}`)
      .replace(CONNECTOR_PATH, (_m, prefix: string, id: string) =>
        id.startsWith('h:') ? `${prefix}${id}` : `${prefix}${hashId(decodeSegment(id))}`,
      )
      .replace(TEAMS_ID, (id) => hashId(id))
      .replace(EMAIL, '[email]');
  };
  // Most logged strings are short and repeat (messages, methods, paths, codes): each is scrubbed once.
  const scrubShort = memoByKey(scrubText, 2048);
  const scrub = (text: string): string =>
    text.length <= MEMO_MAX_LENGTH ? scrubShort(text) : scrubText(text);

  const walk = (value: unknown, depth: number, seen: WeakSet<object>, parent = ''): unknown => {
    if (typeof value === 'string') return scrub(value);
    if (value === null || typeof value !== 'object') return value;
    if (depth >= MAX_DEPTH) return '[too deep]';
    if (seen.has(value)) return '[circular]';
    seen.add(value);
    if (Array.isArray(value)) {
      const items = value.slice(0, MAX_ITEMS).map((v) => walk(v, depth + 1, seen, parent));
      if (value.length > MAX_ITEMS) items.push(`[+${value.length - MAX_ITEMS} more]`);
      return items;
    }
    const source: Record<string, unknown> =
      value instanceof Error
        ? {
            type: value.name,
            message: value.message,
            stack: value.stack,
            code: (value as { code?: unknown }).code,
          }
        : (value as Record<string, unknown>);
    const out: Record<string, unknown> = {};
    let count = 0;
    for (const key of Object.keys(source)) {
      if (++count > MAX_KEYS) {
        out['[truncated]'] = true;
        break;
      }
      const v = source[key];
      const k = normalise(key);
      if (v === undefined) continue;
      // '[set]' / '(none)' are what the config summary says instead of a secret: worth keeping.
      if (SECRET_KEYS.has(k) || PERSONAL_KEYS.has(k))
        out[key] = v === '[set]' || v === '(none)' ? v : REDACTED;
      else if (
        (HASHED_KEYS.has(k) || (k === 'id' && PARTY_KEYS.has(parent))) &&
        (typeof v === 'string' || typeof v === 'number')
      )
        out[key] = hashId(String(v));
      // Query strings of logged URLs carry filters on people (`principalId eq '…'`): left out.
      else if (URL_KEYS.has(k) && typeof v === 'string') out[key] = scrub(withoutQuery(v));
      else out[key] = walk(v, depth + 1, seen, k);
    }
    return out;
  };

  return {
    redact: <T>(value: T): T => walk(value, 0, new WeakSet()) as T,
    scrub,
  };
}
