import { DateTime } from 'luxon';
import type { ReminderChoice } from '../troubleshooting/model';
import { isKnownTimeZone } from '../proactive/conversationReference';

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

/**
 * The next 09:00 local time that is "tomorrow morning" as a person means it. Luxon does the
 * calendar and daylight-saving arithmetic (a wall time in a DST gap moves forward by the gap).
 * @internal Exported for the tests as well.
 */
export function nextMorning(now: number, timeZone: string, hour = MORNING_HOUR): number {
  const local = DateTime.fromMillis(now, { zone: timeZone });
  const day = local.hour < SMALL_HOURS_END ? local : local.plus({ days: 1 });
  return day.set({ hour, minute: 0, second: 0, millisecond: 0 }).toMillis();
}
