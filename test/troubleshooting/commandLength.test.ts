import assert from 'node:assert/strict';
import { MAX_COMMAND_CHARS, normalize } from '../../src/i18n/keywords';
import { parseCommand } from '../../src/troubleshooting/commands';
import { parseHelpdeskCommand } from '../../src/helpdesk/commands';
import { SUPPORTED_LOCALES, type SupportedLocale } from '../../src/i18n/locales';
import { Localizer } from '../../src/i18n/translator';

const localizer = new Localizer();
const english = localizer.for('en');

/** The keyword lists under `commands` and `helpdesk.commands`, as the locale files hold them. */
function keywordLists(locale: SupportedLocale): string[] {
  const t = localizer.for(locale);
  const commands = [
    'help',
    'menu',
    'cancel',
    'restart',
    'language',
    'event',
    'runAll',
    'greetings',
    'reminders',
  ];
  const sections = ['configuration', 'connectivity', 'stillNotWorking'];
  return [
    ...[...commands, ...sections].flatMap((key) => t.list(`commands.${key}`)),
    ...['here', 'off', 'language', 'tickets'].flatMap((key) => t.list(`helpdesk.commands.${key}`)),
  ];
}

describe('commands are short: longer text is no command (issue 21)', () => {
  for (const locale of SUPPORTED_LOCALES) {
    it(`${locale}: every keyword with an argument fits in a quarter of MAX_COMMAND_CHARS`, () => {
      const words = keywordLists(locale);
      assert.ok(words.length > 20, `${locale} has its keywords`);
      for (const word of words) {
        const longest = `${word} zh-CN 33004`;
        assert.ok(longest.length * 4 <= MAX_COMMAND_CHARS, `${locale}: "${word}"`);
      }
    });
  }

  it('a command padded with punctuation up to the limit still counts; one character more does not', () => {
    const at = (text: string, length: number): string => text + '!'.repeat(length - text.length);
    assert.deepEqual(parseCommand(at('help', MAX_COMMAND_CHARS), english, english), { kind: 'help' });
    assert.equal(parseCommand(at('help', MAX_COMMAND_CHARS + 1), english, english), undefined);
    assert.deepEqual(parseHelpdeskCommand(at('helpdesk here', MAX_COMMAND_CHARS), english, english), {
      kind: 'here',
    });
    assert.equal(
      parseHelpdeskCommand(at('helpdesk here', MAX_COMMAND_CHARS + 1), english, english),
      undefined,
    );
  });

  it('spaces around a command do not count towards the limit', () => {
    assert.deepEqual(parseCommand(`${' '.repeat(500)}menu${' '.repeat(500)}`, english, english), {
      kind: 'menu',
    });
  });

  it('normalises as before: accents folded, spaces collapsed, trailing punctuation and a leading slash dropped', () => {
    assert.equal(normalize('  /Pomoč!!  '), 'pomoc');
    assert.equal(normalize('run   all ?!.'), 'run all');
    assert.equal(normalize('?'), '?');
    assert.equal(normalize('. . .'), '');
    assert.equal(normalize('.'.repeat(39_999) + 'x'), '');
  });
});
