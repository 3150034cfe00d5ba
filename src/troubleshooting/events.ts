/** Event IDs written by password writeback to the Application log of the Microsoft Entra Connect server. */

type EventSource = 'ADSync' | 'PasswordResetService';

export interface WritebackEvent {
  readonly id: number;
  readonly source: EventSource;
  /** Locale key under `events.` holding `meaning` and `action`. Events that share a meaning share a key. */
  readonly key: string;
  /** The fix is to disable and re-enable writeback (offer the section that does it). */
  readonly reenableFixes?: boolean;
}

const table: ReadonlyArray<[number, EventSource, string, boolean?]> = [
  [6329, 'ADSync', 'e6329', true],
  [6800, 'ADSync', 'e6800', true],
  [31015, 'PasswordResetService', 'e31015'],
  [31016, 'PasswordResetService', 'e31016'],
  [31019, 'PasswordResetService', 'e31019'],
  [31034, 'PasswordResetService', 'e31034'],
  [31044, 'PasswordResetService', 'e31044'],
  [32002, 'PasswordResetService', 'firewall'],
  [32011, 'PasswordResetService', 'firewall'],
  [32013, 'PasswordResetService', 'firewall'],
  [32004, 'PasswordResetService', 'configuration', true],
  [32005, 'PasswordResetService', 'configuration', true],
  [32007, 'PasswordResetService', 'configuration', true],
  [32008, 'PasswordResetService', 'configuration', true],
  [32009, 'PasswordResetService', 'e32009'],
  [32015, 'PasswordResetService', 'e32015'],
  [33002, 'PasswordResetService', 'e33002'],
  [33003, 'PasswordResetService', 'e33003'],
  [33004, 'PasswordResetService', 'e33004'],
  [33005, 'PasswordResetService', 'e33005'],
  [33006, 'PasswordResetService', 'e33006'],
  [33008, 'PasswordResetService', 'e33008'],
];

/** @internal Exported for the tests as well. */
export const EVENTS: ReadonlyMap<number, WritebackEvent> = new Map(
  table.map(([id, source, key, reenableFixes]) => [id, { id, source, key, reenableFixes }]),
);

export function lookupEvent(id: number): WritebackEvent | undefined {
  return EVENTS.get(id);
}

/**
 * Event IDs are 4-5 digits; "event 33004", "33004", "id 6329", "EventID: 32009" and the same with a
 * keyword of the user's language ("notikums 33004") all name one.
 */
export function parseEventId(text: string, keywords: readonly string[] = []): number | undefined {
  let rest = text.trim().toLowerCase();
  const words = [...keywords.map((k) => k.toLowerCase()), 'event id', 'eventid', 'event', 'id'];
  // Longest first, so "evenimentul 6329" is not cut after "eveniment", nor "id dogodka" after "id".
  for (const word of words.sort((a, b) => b.length - a.length)) {
    if (word && rest.startsWith(word)) {
      rest = rest.slice(word.length).trim();
      break;
    }
  }
  const match = /^[:#]?\s*(\d{4,5})$/.exec(rest);
  return match ? Number(match[1]) : undefined;
}
