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
