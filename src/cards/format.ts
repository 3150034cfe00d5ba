/** Dates on cards: short date and time in the admin's language and time zone. */
export function formatTime(at: Date, locale: string, timeZone?: string): string {
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short', timeZone }).format(at);
  } catch {
    // An unknown time zone from the client must not break the card: fall back to UTC.
    return new Intl.DateTimeFormat(locale, {
      dateStyle: 'short',
      timeStyle: 'short',
      timeZone: 'UTC',
    }).format(at);
  }
}
