import assert from 'node:assert/strict';
import { dueAtFor, nextMorning, zonedTimeToEpoch } from '../../src/proactive/dueTimes';

const HOUR = 3_600_000;

describe('reminder due times', () => {
  it('adds one or four hours', () => {
    const now = Date.UTC(2026, 6, 1, 13, 17, 5);
    assert.equal(dueAtFor('in1Hour', now), now + HOUR);
    assert.equal(dueAtFor('in4Hours', now, 'Asia/Tokyo'), now + 4 * HOUR);
  });

  it('puts "tomorrow morning" at 09:00 in the admin time zone', () => {
    // 15:00 in Berlin (CEST, UTC+2) on 1 July → 09:00 on 2 July = 07:00 UTC
    const now = Date.UTC(2026, 6, 1, 13, 0);
    assert.equal(dueAtFor('tomorrowMorning', now, 'Europe/Berlin'), Date.UTC(2026, 6, 2, 7, 0));
    // the same instant is already 22:00 in Tokyo (UTC+9) → 09:00 on 2 July Tokyo = 00:00 UTC
    assert.equal(dueAtFor('tomorrowMorning', now, 'Asia/Tokyo'), Date.UTC(2026, 6, 2, 0, 0));
    // and 06:00 in Los Angeles (PDT, UTC-7) → 09:00 on 2 July = 16:00 UTC
    assert.equal(dueAtFor('tomorrowMorning', now, 'America/Los_Angeles'), Date.UTC(2026, 6, 2, 16, 0));
  });

  it('falls back to UTC without a usable time zone', () => {
    const now = Date.UTC(2026, 6, 1, 13, 0);
    assert.equal(dueAtFor('tomorrowMorning', now), Date.UTC(2026, 6, 2, 9, 0));
    assert.equal(dueAtFor('tomorrowMorning', now, 'Not/AZone'), Date.UTC(2026, 6, 2, 9, 0));
  });

  it('means the coming morning when asked in the small hours', () => {
    // 00:30 in Berlin on 2 July: "tomorrow morning" is 09:00 the same calendar day
    const now = Date.UTC(2026, 6, 1, 22, 30);
    assert.equal(nextMorning(now, 'Europe/Berlin'), Date.UTC(2026, 6, 2, 7, 0));
  });

  it('crosses daylight-saving changes and month ends', () => {
    // 28 March 2026, 20:00 CET; the clocks go forward that night → 09:00 CEST = 07:00 UTC
    assert.equal(nextMorning(Date.UTC(2026, 2, 28, 19, 0), 'Europe/Berlin'), Date.UTC(2026, 2, 29, 7, 0));
    // 31 October 2026, 20:00 CEST; clocks go back → 09:00 CET on 1 November = 08:00 UTC
    assert.equal(nextMorning(Date.UTC(2026, 9, 31, 18, 0), 'Europe/Berlin'), Date.UTC(2026, 10, 1, 8, 0));
    // New Year's Eve in Sydney (UTC+11)
    assert.equal(
      nextMorning(Date.UTC(2026, 11, 31, 2, 0), 'Australia/Sydney'),
      Date.UTC(2026, 11, 31, 22, 0),
    );
  });

  it('converts a wall-clock time in a zone with a half-hour offset', () => {
    assert.equal(zonedTimeToEpoch(2026, 1, 15, 9, 0, 'Asia/Kolkata'), Date.UTC(2026, 0, 15, 3, 30));
  });
});
