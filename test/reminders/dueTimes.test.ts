import assert from 'node:assert/strict';
import { dueAtFor, nextMorning } from '../../src/reminders/dueTimes';

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

  it('puts the morning in a zone with a half-hour offset', () => {
    // 14 January 2026, 20:00 in Kolkata (UTC+5:30) → 09:00 on 15 January = 03:30 UTC
    assert.equal(
      dueAtFor('tomorrowMorning', Date.UTC(2026, 0, 14, 14, 30), 'Asia/Kolkata'),
      Date.UTC(2026, 0, 15, 3, 30),
    );
  });
});

/** "Tomorrow 09:00" asked at 20:00 local on the evening before a clock change, and in its small hours. */
describe('reminder due times at daylight-saving changes', () => {
  const tomorrow = (now: number, zone: string): string =>
    new Date(dueAtFor('tomorrowMorning', now, zone)).toISOString();

  it('Europe/Riga: spring forward (29 March 2026, EET → EEST) and fall back (25 October 2026)', () => {
    // 28 March 20:00 EET (UTC+2) → 29 March 09:00 EEST (UTC+3)
    assert.equal(tomorrow(Date.UTC(2026, 2, 28, 18, 0), 'Europe/Riga'), '2026-03-29T06:00:00.000Z');
    // 29 March 03:30 EEST, just after the jump (03:00 → 04:00 is skipped) → 09:00 the same day
    assert.equal(tomorrow(Date.UTC(2026, 2, 29, 0, 30), 'Europe/Riga'), '2026-03-29T06:00:00.000Z');
    // 24 October 20:00 EEST (UTC+3) → 25 October 09:00 EET (UTC+2)
    assert.equal(tomorrow(Date.UTC(2026, 9, 24, 17, 0), 'Europe/Riga'), '2026-10-25T07:00:00.000Z');
  });

  it('America/New_York: spring forward (8 March 2026) and fall back (1 November 2026)', () => {
    // 7 March 20:00 EST (UTC-5) → 8 March 09:00 EDT (UTC-4)
    assert.equal(tomorrow(Date.UTC(2026, 2, 8, 1, 0), 'America/New_York'), '2026-03-08T13:00:00.000Z');
    // 8 March 01:30 EST, before the 02:00 → 03:00 jump → 09:00 EDT the same day
    assert.equal(tomorrow(Date.UTC(2026, 2, 8, 6, 30), 'America/New_York'), '2026-03-08T13:00:00.000Z');
    // 31 October 20:00 EDT → 1 November 09:00 EST (UTC-5)
    assert.equal(tomorrow(Date.UTC(2026, 10, 1, 0, 0), 'America/New_York'), '2026-11-01T14:00:00.000Z');
    // 01:30 happens twice on 1 November (EDT, then EST): both mean 09:00 EST that day
    assert.equal(tomorrow(Date.UTC(2026, 10, 1, 5, 30), 'America/New_York'), '2026-11-01T14:00:00.000Z');
    assert.equal(tomorrow(Date.UTC(2026, 10, 1, 6, 30), 'America/New_York'), '2026-11-01T14:00:00.000Z');
  });

  it('Australia/Lord_Howe: half-hour DST, forward on 4 October 2026 and back on 5 April 2026', () => {
    // 3 October 20:00 (UTC+10:30) → 4 October 09:00 (UTC+11)
    assert.equal(tomorrow(Date.UTC(2026, 9, 3, 9, 30), 'Australia/Lord_Howe'), '2026-10-03T22:00:00.000Z');
    // 4 April 20:00 (UTC+11) → 5 April 09:00 (UTC+10:30)
    assert.equal(tomorrow(Date.UTC(2026, 3, 4, 9, 0), 'Australia/Lord_Howe'), '2026-04-04T22:30:00.000Z');
    // 5 April 01:45, which happens twice (02:00 → 01:30): the second one → 09:00 that day
    assert.equal(tomorrow(Date.UTC(2026, 3, 4, 15, 15), 'Australia/Lord_Howe'), '2026-04-04T22:30:00.000Z');
  });

  it('Asia/Kolkata (no DST): the same UTC+5:30 on the nights other zones change', () => {
    assert.equal(tomorrow(Date.UTC(2026, 2, 28, 14, 30), 'Asia/Kolkata'), '2026-03-29T03:30:00.000Z');
    assert.equal(tomorrow(Date.UTC(2026, 9, 24, 14, 30), 'Asia/Kolkata'), '2026-10-25T03:30:00.000Z');
  });

  it('an unknown or malformed zone means UTC', () => {
    for (const zone of ['Europe/Atlantis', 'Not/AZone', '', 'x'.repeat(65)]) {
      assert.equal(tomorrow(Date.UTC(2026, 2, 28, 18, 0), zone), '2026-03-29T09:00:00.000Z', zone);
    }
  });
});
