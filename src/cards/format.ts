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

const MINUTE_MS = 60_000;

/** The text of one minute per locale + time zone: a card's times change once a minute, not per turn. */
const minuteText = memoByKey((key) => {
  const cut = key.lastIndexOf('|');
  return shortDateTime(key.slice(0, cut)).format(new Date(Number(key.slice(cut + 1)) * MINUTE_MS));
}, 1024);

/** Dates on cards: short date and time (to the minute) in the admin's language and time zone. */
export function formatTime(at: Date, locale: string, timeZone?: string): string {
  const minute = Math.floor(at.getTime() / MINUTE_MS);
  // An invalid date throws as Intl does, rather than being remembered.
  if (!Number.isFinite(minute)) return shortDateTime(`${locale}|${timeZone ?? ''}`).format(at);
  return minuteText(`${locale}|${timeZone ?? ''}|${minute}`);
}
