import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseCardValue } from '../../src/turn/cardActions';
import { judgeConnectVersion } from '../../src/troubleshooting/connectVersion';
import { parseEventId } from '../../src/troubleshooting/events';
import * as connectVersionOutput from '../../src/paste/readers/connectVersionOutput';
import * as diagnosis from '../../src/paste/readers/diagnosis';
import * as domainControllers from '../../src/paste/readers/domainControllers';
import * as eventEntry from '../../src/paste/readers/eventEntry';
import * as fields from '../../src/paste/readers/fields';
import * as dispatcher from '../../src/paste/readers/index';
import * as normalizer from '../../src/paste/readers/normalize';
import * as passwordResetConfig from '../../src/paste/readers/passwordResetConfig';
import * as scheduler from '../../src/paste/readers/scheduler';
import * as testNetConnection from '../../src/paste/readers/testNetConnection';
import * as tlsRegistry from '../../src/paste/readers/tlsRegistry';
import * as transcript from '../../src/paste/readers/transcript';
import * as windowsLabels from '../../src/paste/readers/windowsLabels';
import * as pasteTypes from '../../src/paste/readers/types';
import { normalize } from '../../src/i18n/keywords';
import { parseCommand } from '../../src/troubleshooting/commands';
import { parseHelpdeskCommand } from '../../src/helpdesk/commands';
import { neutralize, plainName, safeName, safeText } from '../../src/helpdesk/sanitize';
import { Localizer } from '../../src/i18n/translator';
import { createRedactor } from '../../src/core/logRedaction';
import { adversarialTexts } from '../support/adversarialText';
import { cpuMs, fastestCpuMs } from '../support/timing';
import * as F from '../paste/readers/fixtures';

/**
 * Issue 21: one message of 39,999 dots and a letter blocked the event loop for about 3 s (an end-anchored
 * pattern retried along the run). Every paste reader and every parser of typed text gets 40,000-character
 * runs of punctuation, whitespace, markup, digits, letters and output fragments, each ending in a letter
 * that matches nothing. On each, a parser may cost at most FACTOR times what ordinary input of that size
 * costs it, measured in the same run (CPU time, the fastest of a few runs each):
 * - 40,000 characters of ordinary output (the fixtures, repeated), timed next to the run;
 * - normal-size messages (each fixture and typed sample on its own), per character and per line, scaled to
 *   the run's characters and lines (the readers work line by line: 40,000 newlines are 40,000 lines);
 * - one plain pass over the run itself (split into lines, spaces collapsed, trimmed, lower-cased).
 * A quadratic pattern costs hundreds of times that at this length; a linear one a few times at most.
 */
const LENGTH = 40_000;
const FACTOR = 20;
const REPS = 5;

const localizer = new Localizer();
const en = localizer.for('en');
const zh = localizer.for('zh-CN');
const lt = localizer.for('lt');
const redactor = createRedactor(['s3cret-value']);

type Parser = (text: string) => unknown;

/** Every module of src/paste/readers, so that a reader added later is measured too. */
const PASTE_MODULES: Record<string, Record<string, unknown>> = {
  connectVersionOutput,
  diagnosis,
  domainControllers,
  eventEntry,
  fields,
  index: dispatcher,
  normalize: normalizer,
  passwordResetConfig,
  scheduler,
  testNetConnection,
  tlsRegistry,
  transcript,
  types: pasteTypes,
  windowsLabels,
};

/** Each exported function of one argument (the readers, the dispatcher, the normaliser, field helpers). */
const pasteReaders: Array<[string, Parser]> = Object.entries(PASTE_MODULES).flatMap(([file, exports]) =>
  Object.entries(exports)
    .filter((entry): entry is [string, Parser] => typeof entry[1] === 'function' && entry[1].length === 1)
    .map(([name, fn]): [string, Parser] => [`${file}.${name}`, fn]),
);

const commandParsers: Array<[string, Parser]> = [
  ['commands.normalize', normalize],
  ['commands.parseCommand (en)', (t) => parseCommand(t, en, en)],
  ['commands.parseCommand (zh-CN)', (t) => parseCommand(t, zh, en)],
  ['helpdesk.parseHelpdeskCommand (lt)', (t) => parseHelpdeskCommand(t, lt, en)],
  ['events.parseEventId', (t) => parseEventId(t, ['notikums', '事件'])],
  ['connectVersion.judgeConnectVersion', judgeConnectVersion],
  [
    'cards.parseCardValue (reminder id, typed inputs)',
    (t) =>
      parseCardValue({ wb: { v: 1, a: 'snooze', id: t }, eventId: t, connectVersion: t, hdDescription: t }),
  ],
  ['sanitize.neutralize', neutralize],
  ['sanitize.safeText', (t) => safeText(t, 4000, (cut) => `(${cut})`)],
  ['sanitize.safeName', (t) => safeName(t, '?')],
  ['sanitize.plainName', (t) => plainName(t, '?')],
  ['logRedaction.scrub', (t) => redactor.scrub(t)],
];

const pasteSamples = Object.values(F).filter((v): v is string => typeof v === 'string');

/** What people type (the fuzz test's commands, a sentence, a description for the helpdesk). */
const typedSamples = [
  'help',
  'run all',
  'language lv',
  '语言 zh-CN',
  'event 33004',
  '6329',
  'helpdesk here',
  'tickets',
  '2.4.18.0',
  'thanks, all good now!',
  'Writeback fails since Monday: users get "An error occurred" on SSPR, event 33004 on the server.',
];

/** Normal-size messages: every fixture and typed sample on its own. */
const normalSamples = [...pasteSamples, ...typedSamples];
const normalChars = normalSamples.reduce((sum, text) => sum + text.length, 0);

/** Lines as a pattern's `.` and `$` know them: split at CR, LF, U+2028 and U+2029. */
const linesOf = (text: string): string[] => text.split(/\r\n?|[\n\u2028\u2029]/);
const lineCount = (text: string): number => linesOf(text).length;
const normalLines = normalSamples.reduce((sum, text) => sum + lineCount(text), 0);

/** 40,000 characters of what admins paste: every fixture, repeated. */
function benignText(): string {
  const all = pasteSamples.join('\n\n');
  return all.repeat(Math.ceil(LENGTH / all.length)).slice(0, LENGTH);
}

/** One plain pass over the text (lines split, spaces collapsed, trimmed, lower-cased): any reader costs that. */
const plainPass = (text: string): unknown =>
  linesOf(text)
    .map((line) => line.replace(/\s+/g, ' ').trim().toLowerCase())
    .join('\n');

/** What normal-size messages cost `parse` per character and per line. */
function normalCost(parse: Parser): { perChar: number; perLine: number } {
  for (let i = 0; i < 3; i++) normalSamples.forEach(parse);
  const ms = fastestCpuMs(() => normalSamples.forEach(parse), REPS);
  return { perChar: ms / normalChars, perLine: ms / normalLines };
}

interface Timing {
  ms: number;
  budget: number;
}

/**
 * `parse` on `text`, and its budget, timed in turns with the references so that both see the same machine.
 * Stops at the first run within the budget, or after two runs far over it.
 */
function timeAgainstBudget(
  parse: Parser,
  text: string,
  benign: string,
  normal: { perChar: number; perLine: number },
): Timing {
  const scaled = Math.max(normal.perChar * text.length, normal.perLine * lineCount(text));
  let benignMs = Infinity;
  let passMs = Infinity;
  let ms = Infinity;
  let budget = 0;
  for (let i = 0; i < REPS; i++) {
    benignMs = Math.min(
      benignMs,
      cpuMs(() => parse(benign)),
    );
    passMs = Math.min(
      passMs,
      cpuMs(() => plainPass(text)),
    );
    ms = Math.min(
      ms,
      cpuMs(() => parse(text)),
    );
    budget = FACTOR * Math.max(benignMs, passMs, scaled);
    if (ms <= budget || (i >= 1 && ms > 20 * budget)) break;
  }
  return { ms, budget };
}

describe('adversarial input: readers and parsers stay linear (issue 21)', function () {
  this.timeout(600_000);
  // Flat strings, as JSON.parse makes them from a request (a built-up string is slower to walk the first time).
  const inputs = adversarialTexts(LENGTH).map(({ name, text }) => ({
    name,
    text: JSON.parse(JSON.stringify(text)) as string,
  }));
  const benign = benignText();

  it('measures every module of src/paste/readers and every reader in it', () => {
    const compiled = readdirSync(join(__dirname, '../../src/paste/readers'))
      .filter((f) => f.endsWith('.js'))
      .map((f) => f.replace(/\.js$/, ''))
      .sort();
    assert.deepEqual(Object.keys(PASTE_MODULES).sort(), compiled);
    const names = pasteReaders.map(([name]) => name);
    for (const reader of [
      'index.readPaste',
      'index.looksLikeOutput',
      'normalize.normalizePaste',
      'eventEntry.readEventEntry',
      'testNetConnection.readTestNetConnection',
      'scheduler.readScheduler',
      'scheduler.readRunStatus',
      'scheduler.readSyncCycleStart',
      'passwordResetConfig.readPasswordResetConfig',
      'tlsRegistry.readTlsRegistry',
      'connectVersionOutput.readConnectVersion',
      'connectVersionOutput.readBareVersion',
    ])
      assert.ok(names.includes(reader), reader);
    assert.equal(inputs[0].text.length, LENGTH);
  });

  for (const [name, parse] of [...pasteReaders, ...commandParsers]) {
    it(`${name}: 40,000-character runs cost at most ${FACTOR}× ordinary input`, () => {
      for (let i = 0; i < 3; i++) parse(benign);
      const normal = normalCost(parse);
      const slow: string[] = [];
      const ratios: Array<[string, number]> = [];
      for (const { name: input, text } of inputs) {
        const { ms, budget } = timeAgainstBudget(parse, text, benign, normal);
        ratios.push([input, (ms / budget) * FACTOR]);
        if (ms > budget) slow.push(`${input}: ${ms.toFixed(1)} ms, budget ${budget.toFixed(2)} ms`);
      }
      if (process.env.ADVERSARIAL_REPORT) {
        const worst = ratios.sort((a, b) => b[1] - a[1]).slice(0, 3);
        const shown = worst.map(([input, ratio]) => `${input} ${ratio.toFixed(1)}×`).join(', ');
        process.stdout.write(`      ${name}: worst ${shown}\n`);
      }
      assert.deepEqual(slow, [], `${name} is slow on long runs`);
    });
  }

  it('the budget is meaningful: the quadratic trim of issue 21 exceeds it', () => {
    const quadratic = (text: string): string => text.replace(/[\s.!?,;:]+$/, '');
    const dots = `${'.'.repeat(LENGTH - 1)}x`;
    const { ms, budget } = timeAgainstBudget(quadratic, dots, benign, normalCost(quadratic));
    assert.ok(ms > budget, `${ms} ms, budget ${budget} ms`);
  });
});
