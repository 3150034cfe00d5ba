/** Typed keywords in any supported language: normalising what was typed, the keyword lists, a language code. */
import { trimEndChars } from '../core/trimEnd';
import type { Translator } from './translator';

/**
 * A command is a few words: the longest keyword of any locale with a language code or an event ID is
 * under 50 characters. Longer text is never a command and is not even normalised, so a long message
 * costs the command parsers nothing (the envelope lets `text` be 40,000 characters).
 * @internal Exported for the tests as well.
 */
export const MAX_COMMAND_CHARS = 200;

/** What a command may end with after the spaces are collapsed: "help!", "menu ?", "restart...". */
const TRAILING = ' .!?,;:';

/**
 * Lower case, accents folded (so "pomoc" matches "pomoč"), spaces collapsed, trailing punctuation dropped;
 * '' for text longer than a command can be.
 */
export function normalize(text: string): string {
  const typed = text.trim();
  if (typed.length > MAX_COMMAND_CHARS) return '';
  const folded = typed.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
  if (folded === '?') return '?';
  return trimEndChars(folded.replace(/^[/!]+/, ''), TRAILING).trim();
}

/** Normalised keywords per translator and locale key, made once (every typed message checks them all). */
const keywordCache = new WeakMap<Translator, Map<string, string[]>>();

/** The keywords under `key` (e.g. `commands.help`) in the user's language and in English, normalised. */
export function keywords(key: string, local: Translator, english: Translator): string[] {
  let cache = keywordCache.get(local);
  if (!cache) keywordCache.set(local, (cache = new Map<string, string[]>()));
  let words = cache.get(key);
  if (!words) {
    const all = new Set([...english.list(key), ...local.list(key)]);
    words = [...all].map(normalize).filter(Boolean);
    cache.set(key, words);
  }
  return words;
}

/** A language code right after one of the keywords: "language lv", "语言 zh-CN" and "语言zh-cn"; not "languages". */
export function languageCodeAfter(said: string, words: readonly string[]): string | undefined {
  for (const word of words) {
    const code = said.startsWith(word) ? said.slice(word.length).trim() : '';
    if (/^[a-z]{2,3}(?:[-_][a-z0-9]{2,8})*$/i.test(code)) return code;
  }
  return undefined;
}
