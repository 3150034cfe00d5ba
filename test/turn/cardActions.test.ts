import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ActionData } from '../../src/cards/actionCodec';
import { parseCardValue, type ActionName, type CardAction } from '../../src/turn/cardActions';
import {
  ANSWERS,
  CHECK_IDS,
  REMINDER_CHOICES,
  SECTION_IDS,
  SUMMARY_SCOPES,
} from '../../src/troubleshooting/model';
import {
  ESCALATION_SCOPES,
  escalateAction,
  ticketAction,
  ticketsPageAction,
  TICKET_VERBS,
} from '../../src/helpdesk/actions';
import {
  cancelReminderAction,
  reminderDoneAction,
  remindAction,
  snoozeAction,
  stopReminderAction,
} from '../../src/reminders/actions';
import {
  answerAction,
  eventAction,
  fixAction,
  FIX_CHOICES,
  languageAction,
  menuAction,
  refreshAction,
  runAllAction,
  startAction,
  summaryRefreshAction,
  versionAction,
} from '../../src/troubleshooting/actions';

const token = fc.string({ unit: fc.constantFrom(...'abcdef0123456789-'), minLength: 8, maxLength: 64 });
const reminder = fc.string({ unit: fc.constantFrom(...'abcXYZ019_-'), minLength: 1, maxLength: 64 });
const check = fc.constantFrom(...CHECK_IDS);

/** One generator per action kind: a kind without one does not compile (Record over every ActionName). */
const KINDS: Record<ActionName, fc.Arbitrary<[ActionData, CardAction]>> = {
  answer: fc
    .record({ check, answer: fc.constantFrom(...ANSWERS), token })
    .map((f) => [answerAction.build(f), { kind: 'answer', ...f }]),
  fix: fc
    .record({ check, choice: fc.constantFrom(...FIX_CHOICES), token })
    .map((f) => [fixAction.build(f), { kind: 'fix', ...f }]),
  version: fc.record({ check, token }).map((f) => [versionAction.build(f), { kind: 'version', ...f }]),
  event: fc
    .record({ check, token }, { requiredKeys: [] })
    .map((f) => [eventAction.build(f), { kind: 'event', ...f }]),
  start: fc
    .record({ section: fc.constantFrom(...SECTION_IDS) })
    .map((f) => [startAction.build(f), { kind: 'start', ...f }]),
  runAll: fc.constant([runAllAction.build({}), { kind: 'runAll' }]),
  menu: fc.constant([menuAction.build({}), { kind: 'menu' }]),
  language: fc.constant([languageAction.build({}), { kind: 'language' }]),
  refresh: fc.record({ check, token }).map((f) => [refreshAction.build(f), { kind: 'refresh', ...f }]),
  summaryRefresh: fc
    .record({ scope: fc.constantFrom(...SUMMARY_SCOPES), token })
    .map((f) => [summaryRefreshAction.build(f), { kind: 'summaryRefresh', ...f }]),
  remind: fc
    .record({ choice: fc.constantFrom(...REMINDER_CHOICES), token })
    .map((f) => [remindAction.build(f), { kind: 'remind', ...f }]),
  reminderDone: fc
    .record({ reminder })
    .map((f) => [reminderDoneAction.build(f), { kind: 'reminderDone', ...f }]),
  snooze: fc.record({ reminder }).map((f) => [snoozeAction.build(f), { kind: 'snooze', ...f }]),
  stopReminder: fc
    .record({ reminder })
    .map((f) => [stopReminderAction.build(f), { kind: 'stopReminder', ...f }]),
  cancelReminder: fc
    .record({ reminder })
    .map((f) => [cancelReminderAction.build(f), { kind: 'cancelReminder', ...f }]),
  escalate: fc
    .record({ scope: fc.constantFrom(...ESCALATION_SCOPES), token })
    .map((f) => [escalateAction.build(f), { kind: 'escalate', ...f }]),
  ticket: fc
    .record({ verb: fc.constantFrom(...TICKET_VERBS), ticket: fc.integer({ min: 1, max: 1_000_000_000 }) })
    .map((f) => [ticketAction.build(f), { kind: 'ticket', ...f }]),
  ticketsPage: fc
    .record({ before: fc.integer({ min: 1, max: 1_000_000_001 }) })
    .map((f) => [ticketsPageAction.build(f), { kind: 'ticketsPage', ...f }]),
};

/** What Teams sends back: the data as JSON, with the card's inputs merged in. */
const roundTrip = (data: ActionData, inputs: Record<string, string> = {}): unknown =>
  JSON.parse(JSON.stringify({ ...data, ...inputs }));

describe('the card action codec', () => {
  for (const [name, arbitrary] of Object.entries(KINDS)) {
    it(`${name}: whatever its builder makes parses back to the same action`, () => {
      fc.assert(
        fc.property(arbitrary, ([data, intent]) => {
          const parsed = parseCardValue(roundTrip(data));
          assert.deepEqual(parsed, { kind: 'action', action: intent, inputs: {} });
        }),
        { numRuns: 200 },
      );
    });
  }

  it('inputs Teams merges into the value arrive by name, beside the action', () => {
    const parsed = parseCardValue(
      roundTrip(versionAction.build({ check: 'connectVersion', token: 'token-123' }), {
        connectVersion: '2.5.79.0',
      }),
    );
    assert.deepEqual(parsed, {
      kind: 'action',
      action: { kind: 'version', check: 'connectVersion', token: 'token-123' },
      inputs: { connectVersion: '2.5.79.0' },
    });
  });

  it('a builder refuses what the parser would refuse (no dead button can be built)', () => {
    assert.throws(() => remindAction.build({ choice: 'in1Hour', token: '' }));
    assert.throws(() => startAction.build({ section: 'nowhere' as (typeof SECTION_IDS)[number] }));
    assert.throws(() => ticketAction.build({ verb: 'assign', ticket: 0 }));
  });

  it('forged or damaged payloads are invalid, never an action', () => {
    const forged: unknown[] = [
      { wb: { v: 1, a: 'remind', choice: 'in1Hour' } },
      { wb: { v: 2, a: 'menu' } },
      { wb: { v: 1, a: 'nope' } },
      { wb: { v: 1, a: 'answer', c: 'firewall', ans: 'maybe', t: 'token-123' } },
      { wb: 'menu' },
      { wb: { v: 1, a: 'ticket', op: 'assign', n: -1 } },
      { wb: { v: 1, a: 'menu' }, hdNote: 42 },
    ];
    for (const value of forged)
      assert.deepEqual(parseCardValue(value), { kind: 'invalid' }, JSON.stringify(value));
    assert.deepEqual(parseCardValue(undefined), { kind: 'none' });
  });
});
