/**
 * Items whose JSON without `eTag` is already known because the save just made it (the conversation state's
 * change check, src/storage/eTagConversationState.ts): SqliteStorage then writes that text instead of
 * serialising the same state a second time in the turn.
 */
const known = new WeakMap<object, string>();

/** Records that `item` without its `eTag` serialises to `json` (only call with JSON made from that item's fields). */
export function rememberJson(item: object, json: string): void {
  if (json.startsWith('{')) known.set(item, json);
}

/** The item's JSON without its `eTag` property, reusing what the save made when it is known. */
export function jsonWithoutETag(item: object): string {
  const remembered = known.get(item);
  if (remembered !== undefined) return remembered;
  const rest: Record<string, unknown> = { ...item };
  delete rest.eTag;
  return JSON.stringify(rest);
}

/**
 * The text a store read an item from (its fields without `eTag`), kept until a state's load takes it as its
 * change check (src/storage/eTagConversationState.ts), so that a load does not serialise what was just
 * parsed. Only loads read it, and each takes it once: it never decides what is written.
 */
const readFrom = new WeakMap<object, string>();

/** Records that `item` was parsed from `json` (an object's JSON, without `eTag`). */
export function rememberReadJson(item: object, json: string): void {
  if (json.startsWith('{')) readFrom.set(item, json);
}

/** The JSON `item` was read from, once; undefined when unknown (another store, or taken already). */
export function takeReadJson(item: object): string | undefined {
  const json = readFrom.get(item);
  if (json !== undefined) readFrom.delete(item);
  return json;
}
