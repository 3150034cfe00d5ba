/**
 * Makes text someone typed safe to show on a card and to paste as Markdown: whatever the admin
 * wrote is shown as the characters they typed, never as formatting, a link, an @mention or a
 * template expression. Pure functions, no botbuilder.
 */

/** Characters Teams card markdown (and CommonMark) would read as formatting. */
const MARKDOWN_SPECIALS = /[\\`*_{}[\]()#!|~<>]/g;
/**
 * List markers only count at the start of a line: `- x`, `+ x`, `1. x`. The indent stays on its line (`\s*`
 * would run on over every blank line after it, from each of them).
 */
const LINE_START_MARKERS = /^([^\S\n\r\u2028\u2029]*)([-+]|\d+\.)(?=\s|$)/gm;
const ZWSP = '\u200B';

/**
 * Control characters other than line breaks and tabs, and bidi overrides (text that reads
 * differently than it is stored).
 */
function isUnsafe(code: number): boolean {
  return (
    (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) ||
    code === 0x7f ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

const dropUnsafe = (text: string): string =>
  Array.from(text)
    .filter((ch) => !isUnsafe(ch.codePointAt(0) ?? 0))
    .join('');

export interface Capped {
  text: string;
  /** Characters left out (0 when nothing was cut). */
  cut: number;
}

/** Cuts `text` to at most `max` characters, never inside a surrogate pair. */
export function capLength(text: string, max: number): Capped {
  const chars = Array.from(text);
  if (chars.length <= max) return { text, cut: 0 };
  return { text: chars.slice(0, Math.max(0, max)).join(''), cut: chars.length - Math.max(0, max) };
}

/** Line endings unified, unsafe characters dropped, runs of blank lines shortened, ends trimmed. */
export function normalizeTyped(text: string): string {
  return dropUnsafe(text)
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Neutralises text for a TextBlock (markdown on) and for a Markdown export:
 * - markdown characters are backslash-escaped, so `**x**`, `[a](b)`, `# h`, `> q` show as typed;
 * - `<at>…</at>` cannot become a mention (`<` and `>` are escaped too);
 * - autolinks are broken (every `://`, `www.`, `mailto:` gets a zero-width space), so nothing is clickable
 *   (every `://`: matching the scheme before it too would rescan a long word from each of its letters);
 * - `${` gets a zero-width space, so no template engine ever evaluates it.
 */
export function neutralize(text: string): string {
  return normalizeTyped(text)
    .replace(/\$\{/g, `$${ZWSP}{`)
    .replace(MARKDOWN_SPECIALS, (c) => `\\${c}`)
    .replace(LINE_START_MARKERS, (_m, space: string, marker: string) => `${space}\\${marker}`)
    .replace(/:\/\//g, `:${ZWSP}//`)
    .replace(/\bwww\./gi, `www${ZWSP}.`)
    .replace(/\bmailto:/gi, `mailto${ZWSP}:`);
}

/** Neutralised and capped; `note` is appended when something was cut (e.g. "… (truncated)"). */
export function safeText(text: string, max: number, note: (cut: number) => string): string {
  const capped = capLength(normalizeTyped(text), max);
  const shown = neutralize(capped.text);
  return capped.cut > 0 ? `${shown} ${note(capped.cut)}` : shown;
}

/**
 * A one-line name, short, without backslash escapes: for texts that are never rendered as markdown
 * (Adaptive Card button titles show a backslash as typed). Markup characters (`< > * _ ~ \``) are left out
 * instead, so a name can neither look like a mention nor carry formatting anywhere it is copied.
 */
export function plainName(name: string | undefined, fallback: string): string {
  const oneLine = normalizeTyped(name ?? '')
    .replace(/[<>*_~`]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return oneLine ? capLength(oneLine, 80).text : fallback;
}

/** A one-line name (display names come from Teams but are chosen by people): neutralised, short. */
export function safeName(name: string | undefined, fallback: string): string {
  const oneLine = normalizeTyped(name ?? '').replace(/\s+/g, ' ');
  if (!oneLine) return fallback;
  return neutralize(capLength(oneLine, 80).text);
}
