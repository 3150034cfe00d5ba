import { SECTIONS } from './catalogue';
import { parseEventId } from './events';
import type { Catalogue, ReminderChoice, SectionId } from './model';
import type { Translator } from '../i18n/translator';
import { trimEndChars } from '../core/trimEnd';

/** What a typed message asks for. Keywords come from the locale files; English always works too. */
export type Command =
  | { kind: 'help' }
  | { kind: 'menu' }
  | { kind: 'cancel' }
  | { kind: 'restart' }
  | { kind: 'greeting' }
  | { kind: 'runAll' }
  | { kind: 'start'; section: SectionId }
  | { kind: 'language'; code: string }
  | { kind: 'event'; id: number }
  | { kind: 'reminders' }
  | { kind: 'remind'; choice: ReminderChoice; token: string }
  | { kind: 'reminderAction'; action: 'done' | 'snooze' | 'stop' | 'cancel'; id: string };

const SIMPLE = ['help', 'menu', 'cancel', 'restart', 'greeting', 'runAll', 'reminders'] as const;

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

/** Normalised keywords per translator and command, made once (every typed message checks them all). */
const keywordCache = new WeakMap<Translator, Map<string, string[]>>();

function keywords(key: string, local: Translator, english: Translator): string[] {
  let cache = keywordCache.get(local);
  if (!cache) keywordCache.set(local, (cache = new Map<string, string[]>()));
  let words = cache.get(key);
  if (!words) {
    const all = new Set([...english.list(`commands.${key}`), ...local.list(`commands.${key}`)]);
    words = [...all].map(normalize).filter(Boolean);
    cache.set(key, words);
  }
  return words;
}

/** Section keywords stand under `commands.<sectionId>` in the locale files, for each section of the catalogue. */
export function parseCommand(
  text: string,
  local: Translator,
  english: Translator,
  catalogue: Catalogue = SECTIONS,
): Command | undefined {
  const said = normalize(text);
  if (!said) return undefined;

  const eventId = parseEventId(said, keywords('event', local, english));
  if (eventId !== undefined) return { kind: 'event', id: eventId };

  for (const word of keywords('language', local, english)) {
    const code = said.startsWith(word) ? said.slice(word.length).trim() : '';
    // "language lv", "语言 zh-CN" and "语言zh-cn" all work; "languages" does not.
    if (/^[a-z]{2,3}(?:[-_][a-z0-9]{2,8})*$/i.test(code)) return { kind: 'language', code };
  }

  for (const kind of SIMPLE) {
    const key = kind === 'greeting' ? 'greetings' : kind;
    if (keywords(key, local, english).includes(said)) return { kind };
  }
  for (const { id } of catalogue) {
    if (keywords(id, local, english).includes(said)) return { kind: 'start', section: id };
  }
  return undefined;
}
