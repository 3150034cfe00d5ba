import assert from 'node:assert/strict';
import { formatTime } from '../../src/cards/format';
import { memoByKey } from '../../src/core/memo';
import { isKnownTimeZone } from '../../src/proactive/conversationReference';

describe('memoByKey', () => {
  it('builds each key once, remembers falsy results too, and stays bounded', () => {
    const built: string[] = [];
    const get = memoByKey((key) => {
      built.push(key);
      return key === 'no' ? false : key.length;
    }, 3);
    assert.equal(get('abc'), 3);
    assert.equal(get('abc'), 3);
    assert.equal(get('no'), false);
    assert.equal(get('no'), false);
    assert.deepEqual(built, ['abc', 'no']);
    get('x');
    get('y'); // the fourth key starts the map again
    get('abc');
    assert.deepEqual(built, ['abc', 'no', 'x', 'y', 'abc']);
  });
});

describe('cached Intl use', () => {
  it('formats in the zone asked for, per locale, and falls back to UTC for an unknown zone', () => {
    const at = new Date('2026-11-23T09:30:00Z');
    assert.equal(formatTime(at, 'en', 'Europe/Riga'), '11/23/26, 11:30 AM');
    assert.equal(formatTime(at, 'en', 'Asia/Shanghai'), '11/23/26, 5:30 PM');
    assert.equal(formatTime(at, 'lv', 'Europe/Riga'), formatTime(at, 'lv', 'Europe/Riga'));
    assert.notEqual(formatTime(at, 'lv', 'Europe/Riga'), formatTime(at, 'en', 'Europe/Riga'));
    assert.equal(formatTime(at, 'en', 'Mars/Olympus'), formatTime(at, 'en', 'UTC'));
  });

  it('gives every second of a minute the text of that minute, in each zone and locale', () => {
    const start = Date.parse('2026-03-29T00:59:00Z'); // 03:59 in Riga, a minute before summer time starts
    for (const timeZone of ['Europe/Riga', 'Asia/Kathmandu', 'America/St_Johns', 'UTC', undefined])
      for (const locale of ['en', 'lv', 'zh-CN'])
        for (let s = 0; s < 180; s += 7) {
          const at = new Date(start + s * 1000);
          const expected = new Intl.DateTimeFormat(locale, {
            dateStyle: 'short',
            timeStyle: 'short',
            timeZone,
          }).format(at);
          assert.equal(formatTime(at, locale, timeZone), expected, `${locale} ${timeZone} +${s}s`);
        }
    assert.throws(() => formatTime(new Date(Number.NaN), 'en', 'UTC'), RangeError);
  });

  it('knows real zones and refuses made-up or oversized ones, every time', () => {
    for (let i = 0; i < 2; i++) {
      assert.equal(isKnownTimeZone('Europe/Vilnius'), true);
      assert.equal(isKnownTimeZone('Mars/Olympus'), false);
      assert.equal(isKnownTimeZone(''), false);
      assert.equal(isKnownTimeZone('A'.repeat(65)), false);
    }
  });
});
