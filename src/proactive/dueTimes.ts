import { memoByKey } from '../memo';
import { isKnownTimeZone } from './conversationReference';

/** The "Remind me" choices of the full-sync check. */
export type ReminderChoice = 'in1Hour' | 'in4Hours' | 'tomorrowMorning';

const HOUR_MS = 60 * 60 * 1000;
const MORNING_HOUR = 9;
/** Before this local hour, "tomorrow morning" means the coming morning (a 00:30 request means 09:00 today). */
const SMALL_HOURS_END = 5;

/** Due time for a choice; the morning is 09:00 in `timeZone` (IANA), else UTC. */
export function dueAtFor(choice: ReminderChoice, now: number, timeZone?: string): number {
  switch (choice) {
    case 'in1Hour':
      return now + HOUR_MS;
    case 'in4Hours':
      return now + 4 * HOUR_MS;
    case 'tomorrowMorning':
      return nextMorning(now, timeZone && isKnownTimeZone(timeZone) ? timeZone : 'UTC');
  }
}

/** The next 09:00 local time that is "tomorrow morning" as a person means it. */
export function nextMorning(now: number, timeZone: string, hour = MORNING_HOUR): number {
  const today = localParts(now, timeZone);
  const dayOffset = today.hour < SMALL_HOURS_END ? 0 : 1;
  return zonedTimeToEpoch(today.year, today.month, today.day + dayOffset, hour, 0, timeZone);
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const wallClock = memoByKey(
  (timeZone) =>
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    }),
);

function localParts(epochMs: number, timeZone: string): LocalParts {
  const parts = wallClock(timeZone).formatToParts(new Date(epochMs));
  const get = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

/** Offset of `timeZone` from UTC at the instant `epochMs`, in ms (positive east of Greenwich). */
function offsetAt(epochMs: number, timeZone: string): number {
  const p = localParts(epochMs, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/**
 * The instant at which the wall clock in `timeZone` shows the given local time. Day overflow
 * (day 32) rolls into the next month. In a DST gap the result lands just after the jump.
 */
export function zonedTimeToEpoch(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  timeZone: string,
): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // Two refinements settle the offset, DST transitions included.
  let guess = wall - offsetAt(wall, timeZone);
  guess = wall - offsetAt(guess, timeZone);
  return guess;
}
