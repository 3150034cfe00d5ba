import assert from 'node:assert/strict';
import { parseRetryAfter } from '../../src/core/retryAfter';

const NOW = Date.parse('2026-03-10T12:00:00Z');

describe('parseRetryAfter (milliseconds to wait)', () => {
  const cases: Array<[string | null | undefined, number | undefined, string]> = [
    ['3', 3_000, 'delta-seconds'],
    [' 0 ', 0, 'zero, with spaces'],
    ['1.5', 1_500, 'decimal seconds'],
    ['120', 120_000, 'two minutes'],
    ['Tue, 10 Mar 2026 12:00:04 GMT', 4_000, 'IMF-fixdate ahead'],
    [new Date(NOW + 12_000).toUTCString(), 12_000, "Date's own toUTCString"],
    ['Tue, 10 Mar 2026 11:00:00 GMT', 0, 'a date in the past is 0, never negative'],
    ['Tuesday, 10-Mar-26 12:00:30 GMT', 30_000, 'obsolete RFC 850 date'],
    ['Tue Mar 10 12:01:00 2026', 60_000, 'asctime, read as GMT'],
    ['Tue Mar  9 12:00:00 2026', 0, 'asctime with a padded day, in the past'],
    [null, undefined, 'absent (fetch Headers.get)'],
    [undefined, undefined, 'absent'],
    ['', undefined, 'empty'],
    ['soon', undefined, 'a word'],
    ['-1', undefined, 'negative'],
    ['-5', undefined, 'negative'],
    ['1e3', undefined, 'exponent notation'],
    ['10 Mar 2026', undefined, 'a date without a time'],
    ['2026-03-10T12:00:04Z', undefined, 'ISO 8601 is not an HTTP-date'],
    ['Tue, 10 Mar 2026 12:00:04 +0100', undefined, 'an offset instead of GMT'],
  ];
  for (const [header, expected, what] of cases) {
    it(`${JSON.stringify(header)} → ${String(expected)} (${what})`, () => {
      assert.equal(parseRetryAfter(header, NOW), expected);
    });
  }
});
