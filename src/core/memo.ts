/**
 * Remembers `build(key)` per string key, for values that are costly to build and never change (Intl
 * formatters, time-zone checks). Keys can come from a client (a time-zone name), so the map is bounded:
 * past `max` entries it starts again rather than growing without limit.
 */
export function memoByKey<T>(build: (key: string) => T, max = 512): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    const hit = cache.get(key);
    if (hit !== undefined || cache.has(key)) return hit as T;
    const value = build(key);
    if (cache.size >= max) cache.clear();
    cache.set(key, value);
    return value;
  };
}
