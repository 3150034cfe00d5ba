/**
 * Drops the given characters from the end of `text`, by a loop. An end-anchored pattern such as
 * `/[.!?]+$/` would do the same in time quadratic in a long run of them that is followed by something
 * else (the engine starts again at every character of the run).
 */
export function trimEndChars(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text[end - 1])) end -= 1;
  return end === text.length ? text : text.slice(0, end);
}
