import assert from 'node:assert/strict';
import { parseCardValue } from '../../src/turn/cardActions';
import { findCheck, SECTIONS } from '../../src/troubleshooting/catalogue';
import {
  CHECK_IDS,
  REMINDER_CHOICES,
  SECTION_IDS,
  type CheckId,
  type ReminderChoice,
  type SectionId,
} from '../../src/troubleshooting/model';

describe('enumerations defined once (src/troubleshooting/model.ts)', () => {
  it('the catalogue holds every section and every check of the enumerations, in their order', () => {
    assert.deepEqual(
      SECTIONS.map((s) => s.id),
      [...SECTION_IDS],
    );
    assert.deepEqual(
      SECTIONS.flatMap((s) => s.checks.map((c) => c.id)),
      [...CHECK_IDS],
    );
    for (const section of SECTIONS)
      for (const check of section.checks) assert.equal(check.section, section.id);
  });

  it('card payloads accept the enumerated ids and refuse any other', () => {
    const answer = (c: string) => ({ wb: { v: 1, a: 'answer', c, ans: 'ok', t: 'token-123' } });
    for (const id of CHECK_IDS) assert.equal(parseCardValue(answer(id)).kind, 'action', id);
    assert.equal(parseCardValue(answer('firewal')).kind, 'invalid');
    const remind = (choice: string) => ({ wb: { v: 1, a: 'remind', choice, t: 'token-123' } });
    for (const choice of REMINDER_CHOICES)
      assert.equal(parseCardValue(remind(choice)).kind, 'action', choice);
    assert.equal(parseCardValue(remind('in2Hours')).kind, 'invalid');
    assert.equal(parseCardValue({ wb: { v: 1, a: 'start', s: 'conectivity' } }).kind, 'invalid');
  });

  it('a mistyped id does not compile', () => {
    // Each line below would compile if the ids were plain strings; tsc fails the build if one ever does.
    // @ts-expect-error 'firewal' is not a CheckId
    const check: CheckId = 'firewal';
    // @ts-expect-error 'conectivity' is not a SectionId
    const section: SectionId = 'conectivity';
    // @ts-expect-error 'in2Hours' is not a ReminderChoice
    const choice: ReminderChoice = 'in2Hours';
    // @ts-expect-error findCheck takes a CheckId
    const found = findCheck('tls13');
    assert.deepEqual([check, section, choice, found], ['firewal', 'conectivity', 'in2Hours', undefined]);
  });
});
