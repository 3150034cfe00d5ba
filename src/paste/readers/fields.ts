/** Readers for the shapes PowerShell prints: Format-List ("Name : value"), tables, and the command line. */

/**
 * The lines of a text, split at every line terminator that a pattern's `.` and `$` know (CR, LF, U+2028,
 * U+2029). A line then holds none, so `.*$` on it always reaches its end: split at LF only, a U+2028 in a
 * long line would make every `prefix.*$` fail at it and scan the rest of the line again from each prefix.
 */
export function splitLines(text: string): string[] {
  // Normalised pastes hold LF only: the plain split is the faster one.
  return /[\r\u2028\u2029]/.test(text) ? text.split(/\r\n?|[\n\u2028\u2029]/) : text.split('\n');
}

export interface ListField {
  readonly name: string;
  readonly value: string;
}

// "Name   : value" as Format-List prints it; the name may hold spaces and parentheses ("PingReplyDetails (RTT)").
const LIST_LINE = /^([A-Za-z][A-Za-z0-9 ()._-]{0,60}?)\s*:(?:\s(.*))?$/;

/**
 * Format-List fields in order. A line indented under a field continues its value (PowerShell wraps long
 * values such as an event message that way).
 */
export function listFields(text: string): ListField[] {
  const fields: Array<{ name: string; value: string }> = [];
  for (const line of splitLines(text)) {
    const match = LIST_LINE.exec(line.trimStart());
    const indented = /^\s{2,}/.test(line);
    if (match && !(indented && fields.length > 0 && /^\s{8,}/.test(line))) {
      fields.push({ name: match[1].trim(), value: (match[2] ?? '').trim() });
    } else if (indented && fields.length > 0 && line.trim()) {
      const last = fields[fields.length - 1];
      last.value = last.value ? `${last.value} ${line.trim()}` : line.trim();
    }
  }
  return fields;
}

/**
 * The value under a one-column table's header, as PowerShell prints a single property: the header, a rule
 * of dashes, the value ("Result", "------", "Success"); blank lines between them allowed. Read line by line:
 * a pattern spanning lines (`^\s*Result\s*\n…` with the m flag) would rescan a long run of blank lines
 * from each of them.
 */
export function columnValue(text: string, header: string): string | undefined {
  const wanted = header.toLowerCase();
  const lines = splitLines(text)
    .map((line) => line.trim())
    .filter(Boolean);
  for (let i = 0; i + 2 < lines.length; i++) {
    if (lines[i].toLowerCase() === wanted && /^-{3,}$/.test(lines[i + 1])) return lines[i + 2];
  }
  return undefined;
}

/** The first value of a field, by case-insensitive name. */
export function fieldValue(fields: readonly ListField[], name: string): string | undefined {
  const wanted = name.toLowerCase();
  return fields.find((f) => f.name.toLowerCase() === wanted)?.value;
}

/** True/False as PowerShell prints booleans. */
export function boolValue(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (/^true$/i.test(value)) return true;
  if (/^false$/i.test(value)) return false;
  return undefined;
}

/** The command the admin ran, when the prompt line was pasted too ("PS C:\Users\admin> Get-ADSyncScheduler"). */
export function commandLines(text: string): string[] {
  return splitLines(text)
    .map((line) => /^\s*PS [A-Za-z]:[^>]{0,200}>\s?(.*)$/.exec(line)?.[1]?.trim())
    .filter((c): c is string => typeof c === 'string');
}

/** A DNS name or an IP address, checked strictly so that it can be shown on a card as plain text. */
export function safeHost(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const host = value.trim().replace(/\.$/, '');
  return /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9-]{1,63})*$/.test(host) ||
    /^[0-9a-fA-F:]{2,39}$/.test(host)
    ? host.toLowerCase()
    : undefined;
}

export function safePort(value: string | undefined): number | undefined {
  if (!value || !/^\d{1,5}$/.test(value.trim())) return undefined;
  const port = Number(value.trim());
  return port > 0 && port < 65536 ? port : undefined;
}
