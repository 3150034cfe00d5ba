import {
  calculateChangeHash,
  ConversationState,
  UserState,
  type Storage,
  type TurnContext,
} from 'botbuilder';
import { BotError, ErrorCodes } from '../core/errors';
import { isETagConflict } from './eTagStorage';
import { rememberJson, takeReadJson } from './knownJson';
import type { PendingWrite, TurnStateWriter } from './turnBatch';

/**
 * The state's JSON: the change check of a turn, and the text the store writes. botbuilder's
 * `calculateChangeHash` walks the state through a replacer function and hashes the result with SHA-256 on
 * every load and save; the JSON itself is an exact check and costs one `JSON.stringify`. State plain JSON
 * cannot express (a circular reference) falls back to the SDK's hash.
 */
function stateJson(state: object): string {
  try {
    return JSON.stringify(state);
  } catch {
    return calculateChangeHash(state);
  }
}

interface Cached {
  state: Record<string, unknown>;
  /** The state's JSON as read (stateJson): the change check. */
  json: string;
  /** The eTag the state was read with; undefined when nothing was stored yet. */
  eTag?: string;
}

/** True for the error ETagConversationState.saveChanges throws when another turn saved first. @internal */
export function isStateConflict(err: unknown): boolean {
  return err instanceof BotError && err.code === ErrorCodes.STORAGE_CONFLICT;
}

/**
 * The storage's refusal of a conditional write as a STORAGE_CONFLICT BotError; undefined for any other
 * error. `conditional`: the write carried a read eTag (only such a write can meet a deleted item).
 */
function stateConflictOf(err: unknown, conditional: boolean): BotError | undefined {
  if (isStateConflict(err)) return err as BotError;
  // Azure answers 404 to a conditional write of a blob deleted meanwhile (an uninstall).
  const deleted = conditional && (err as { statusCode?: unknown } | null)?.statusCode === 404;
  return isETagConflict(err) || deleted
    ? new BotError(ErrorCodes.STORAGE_CONFLICT, 'conversation state changed during the turn', { cause: err })
    : undefined;
}

/**
 * Conversation state whose save is conditional on the eTag it was read with.
 *
 * botbuilder's `BotState.saveChanges` always writes with eTag `*`, so a storage's eTag check never
 * applies and the later of two turns silently overwrites the earlier one. Here the read eTag is kept
 * with the cached state and sent with the write: SqliteStorage, MemoryStorage and BlobsStorage then
 * refuse a stale write (an "eTag conflict" error, BlobsStorage from Azure's 412), and this class
 * rethrows it as a BotError with ErrorCodes.STORAGE_CONFLICT. The turn's messages have been sent by then, which is why
 * turns are also serialised per conversation (KeyedLock, and BlobTurnLease across instances): a
 * conflict here means that serialisation was bypassed (an expired lease), and the later turn's state
 * is dropped rather than written over the earlier one.
 *
 * Remark: state that did not exist yet is written without an eTag (a create), because BlobsStorage
 * cannot express "create only"; the first write of a conversation is protected by the serialisation
 * alone. After a successful write the new eTag is unknown (Storage.write returns nothing), so a second
 * save in the same turn is unconditional; the bot saves once per turn.
 */
export class ETagConversationState extends ConversationState implements TurnStateWriter<TurnContext> {
  private readonly cacheKey = Symbol('eTagConversationState');

  constructor(readonly store: Storage) {
    super(store);
  }

  override async load(context: TurnContext, force = false): Promise<Record<string, unknown>> {
    const cached = context.turnState.get<Cached | undefined>(this.cacheKey);
    if (cached && !force) return cached.state;
    const key = this.keyOf(context);
    const items = await this.store.read([key]);
    const raw = items[key] as Record<string, unknown> | undefined;
    const { eTag, ...state } = raw ?? {};
    const fresh: Cached = {
      state,
      // The stored text is the state's JSON (SqliteStorage says what it parsed); other stores: serialise.
      json: (raw && takeReadJson(raw)) ?? stateJson(state),
      eTag: typeof eTag === 'string' && eTag !== '*' && eTag !== '' ? eTag : undefined,
    };
    context.turnState.set(this.cacheKey, fresh);
    return fresh.state;
  }

  override get(context: TurnContext): Record<string, unknown> | undefined {
    return context.turnState.get<Cached | undefined>(this.cacheKey)?.state;
  }

  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    const pending = this.pendingWrite(context, force);
    if (!pending) return;
    try {
      await this.store.write({ [pending.key]: pending.item });
    } catch (err) {
      throw stateConflictOf(err, pending.conditional) ?? err;
    }
    this.markWritten(context, pending);
  }

  /** What a save of this turn writes (the item carries the read eTag), or undefined when nothing changed. */
  pendingWrite(context: TurnContext, force = false): PendingWrite | undefined {
    // Nothing loaded (or deleted in this turn): nothing to save, as in BotState.
    const cached =
      context.turnState.get<Cached | undefined>(this.cacheKey) ??
      (force ? { state: {}, json: '' } : undefined);
    if (!cached) return undefined;
    const json = stateJson(cached.state);
    if (!force && json === cached.json) return undefined;
    const item = cached.eTag ? { ...cached.state, eTag: cached.eTag } : { ...cached.state };
    // The store writes the item without its eTag: that is this JSON, unless the state has an eTag of its own.
    if (!('eTag' in cached.state)) rememberJson(item, json);
    return { key: this.keyOf(context), item, json, conditional: cached.eTag !== undefined };
  }

  /** After the store took `pending`: the saved JSON is the next change check (the new eTag is unknown). */
  markWritten(context: TurnContext, pending: PendingWrite): void {
    const cached = context.turnState.get<Cached | undefined>(this.cacheKey);
    context.turnState.set(this.cacheKey, { state: cached?.state ?? {}, json: pending.json });
  }

  /** Whether this turn's save will be conditional (the state was read with an eTag). */
  readWithETag(context: TurnContext): boolean {
    return context.turnState.get<Cached | undefined>(this.cacheKey)?.eTag !== undefined;
  }

  override clear(context: TurnContext): Promise<void> {
    const cached = context.turnState.get<Cached | undefined>(this.cacheKey);
    context.turnState.set(this.cacheKey, { state: {}, json: '', eTag: cached?.eTag });
    return Promise.resolve();
  }

  override async delete(context: TurnContext): Promise<void> {
    context.turnState.delete(this.cacheKey);
    await this.store.delete([this.keyOf(context)]);
  }

  private keyOf(context: TurnContext): string {
    const key = this.getStorageKey(context);
    if (!key) throw new Error('conversation state needs activity.channelId and conversation.id');
    return key;
  }
}

/**
 * Saves the turn (`save`: the conversation state, possibly batched with the user state); when another turn
 * saved first (a conflict), this turn's state is dropped, logged with ErrorCodes.STORAGE_CONFLICT, and the
 * user is told that the last action was not kept.
 */
export async function saveConversationState(
  context: TurnContext,
  state: ETagConversationState,
  save: () => Promise<void>,
  onConflict: (err: BotError) => Promise<void>,
): Promise<void> {
  // Read before saving: a successful save forgets the eTag.
  const conditional = state.readWithETag(context);
  try {
    await save();
  } catch (err) {
    // A write of both states (saveTogether, src/storage/turnBatch.ts) goes to the storage without
    // saveChanges, so the storage's own refusal arrives here unwrapped.
    const conflict = stateConflictOf(err, conditional);
    if (!conflict) throw err;
    await onConflict(conflict);
  }
}

interface CachedUser {
  state: Record<string, unknown>;
  /** The state's JSON without its eTag as read or last saved: the change check. */
  json: string;
}

function jsonWithoutItsETag(state: Record<string, unknown>): string {
  const rest: Record<string, unknown> = { ...state };
  delete rest.eTag;
  return stateJson(rest);
}

/**
 * botbuilder's UserState (unconditional saves, eTag `*`), with the change check on the state's JSON
 * instead of `calculateChangeHash` on every load and save (about 1 % of the bot's CPU in a profile).
 * Loads, saves, clears and deletes as BotState does.
 */
export class JsonCheckedUserState extends UserState implements TurnStateWriter<TurnContext> {
  private readonly cacheKey = Symbol('jsonCheckedUserState');

  constructor(readonly store: Storage) {
    super(store);
  }

  override async load(context: TurnContext, force = false): Promise<Record<string, unknown>> {
    const cached = context.turnState.get<CachedUser | undefined>(this.cacheKey);
    if (cached?.state && !force) return cached.state;
    const key = this.keyOf(context);
    const items = await this.store.read([key]);
    const state = (items[key] as Record<string, unknown> | undefined) ?? {};
    context.turnState.set(this.cacheKey, { state, json: takeReadJson(state) ?? jsonWithoutItsETag(state) });
    return state;
  }

  override get(context: TurnContext): Record<string, unknown> | undefined {
    return context.turnState.get<CachedUser | undefined>(this.cacheKey)?.state;
  }

  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    const pending = this.pendingWrite(context, force);
    if (!pending) return;
    await this.store.write({ [pending.key]: pending.item });
    this.markWritten(context, pending);
  }

  /** What a save of this turn writes (unconditionally, eTag `*`), or undefined when nothing changed. */
  pendingWrite(context: TurnContext, force = false): PendingWrite | undefined {
    const cached = context.turnState.get<CachedUser | undefined>(this.cacheKey);
    if (!cached && !force) return undefined;
    const json = jsonWithoutItsETag(cached?.state ?? {});
    if (!force && cached?.json === json) return undefined;
    const item = { ...cached?.state, eTag: '*' };
    rememberJson(item, json);
    return { key: this.keyOf(context), item, json, conditional: false };
  }

  markWritten(context: TurnContext, pending: PendingWrite): void {
    const state = context.turnState.get<CachedUser | undefined>(this.cacheKey)?.state ?? {};
    context.turnState.set(this.cacheKey, { state, json: pending.json });
  }

  override clear(context: TurnContext): Promise<void> {
    context.turnState.set(this.cacheKey, { state: {}, json: '' });
    return Promise.resolve();
  }

  override async delete(context: TurnContext): Promise<void> {
    context.turnState.delete(this.cacheKey);
    await this.store.delete([this.keyOf(context)]);
  }

  private keyOf(context: TurnContext): string {
    const key = this.getStorageKey(context);
    if (!key) throw new Error('user state needs activity.channelId and from.id');
    return key;
  }
}
