/**
 * Turns what Teams delivers for a pasted message into plain lines: plain text with CRLF or LF, or rich
 * text as HTML (`<p>`, `<div>`, `<br>`, `<pre>`/`<code>`, entities). Input is cut to MAX_PASTE_CHARS
 * first; no pattern here or in the readers backtracks super-linearly or is retried along a long run
 * (eslint-plugin-regexp checks both, test/paste/adversarialInputs.test.ts measures it), and line ends
 * are trimmed with trimEnd(), not `/\s+$/`.
 */
export const MAX_PASTE_CHARS = 20_000;

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  nbsp: ' ',
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
  colon: ':',
  bsol: '\\',
  sol: '/',
  lpar: '(',
  rpar: ')',
  ast: '*',
  lowbar: '_',
  equals: '=',
  num: '#',
  semi: ';',
  comma: ',',
  period: '.',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});/g, (whole, body: string) => {
    if (body.startsWith('#')) {
      const hex = body[1] === 'x' || body[1] === 'X';
      const code = Number.parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)
        ? String.fromCodePoint(code)
        : '';
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

/** Tags that end a line in rendered HTML. */
const BLOCK_END =
  /<\/(?:p|div|pre|li|tr|h[1-6]|blockquote|table)\s*>|<br\s*\/?>|<(?:p|div|pre|li|tr)(?:\s[^<>]*)?>/gi;

/** Whether the text is HTML markup rather than plain text that happens to contain "<". */
function looksLikeHtml(text: string): boolean {
  return /<(?:p|div|br|pre|code|span|at|b|strong|i|em|table)(?:\s[^<>]*)?\/?>/i.test(text);
}

function htmlToText(html: string): string {
  return decodeEntities(
    html
      // A mention is the bot's display name, not part of the output.
      .replace(/<at(?:\s[^<>]*)?>[^<]*<\/at>/gi, '')
      .replace(/\r\n?/g, '\n')
      .replace(BLOCK_END, '\n')
      .replace(/<[^<>]*>/g, ''),
  );
}

/** Plain text lines, LF only, no ANSI colours, no non-breaking spaces, trailing spaces trimmed. */
export function normalizePaste(raw: string): string {
  const bounded = raw.length > MAX_PASTE_CHARS ? raw.slice(0, MAX_PASTE_CHARS) : raw;
  const text = looksLikeHtml(bounded) ? htmlToText(bounded) : bounded;
  return (
    text
      // Every line terminator becomes LF, so that no line the readers see holds one (see splitLines).
      .replace(/\r\n?|[\u2028\u2029]/g, '\n')
      // eslint-disable-next-line no-control-regex
      .replace(/\u001b\[[0-9;]{0,20}[A-Za-z]/g, '')
      .replace(/[\u00a0\u2007\u202f]/g, ' ')
      .replace(/[\u200b\ufeff]/g, '')
      .split('\n')
      .map((line) => line.trimEnd())
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  );
}
