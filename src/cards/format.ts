import { memoByKey } from '../core/memo';

/** One formatter per locale + time zone: building an Intl.DateTimeFormat costs far more than using one. */
const shortDateTime = memoByKey((key) => {
  const [locale, timeZone] = key.split('|');
  try {
    return new Intl.DateTimeFormat(locale, {
      dateStyle: 'short',
      timeStyle: 'short',
      timeZone: timeZone || undefined,
    });
  } catch {
    // An unknown time zone from the client must not break the card: fall back to UTC.
    return new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short', timeZone: 'UTC' });
  }
});

/** Dates on cards: short date and time in the admin's language and time zone. */
export function formatTime(at: Date, locale: string, timeZone?: string): string {
  return shortDateTime(`${locale}|${timeZone ?? ''}`).format(at);
}
