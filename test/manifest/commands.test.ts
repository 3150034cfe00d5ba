import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCommand, type Command } from '../../src/troubleshooting/commands';
import { Localizer } from '../../src/i18n/translator';
import type { SupportedLocale } from '../../src/i18n/locales';
import { PROJECT_ROOT, at } from './fixture';

/** What each manifest command (by position) must make the bot do, and the example argument to type. */
const EXPECTED: { command: Command; argument?: string }[] = [
  { command: { kind: 'help' } },
  { command: { kind: 'start', section: 'configuration' } },
  { command: { kind: 'start', section: 'connectivity' } },
  { command: { kind: 'start', section: 'stillNotWorking' } },
  { command: { kind: 'runAll' } },
  { command: { kind: 'event', id: 33004 }, argument: '33004' },
  { command: { kind: 'language', code: 'lv' }, argument: 'lv' },
  { command: { kind: 'cancel' } },
  { command: { kind: 'restart' } },
  { command: { kind: 'menu' } },
];

const FILES: Record<string, SupportedLocale> = {
  'manifest.json': 'en',
  'lv.json': 'lv',
  'lt.json': 'lt',
  'sl.json': 'sl',
  'ro.json': 'ro',
  'zh-cn.json': 'zh-CN',
};

/** What a user sends after picking the command in Teams and filling in its argument. */
const typed = (title: string, argument?: string): string =>
  argument ? title.replace(/<[^>]+>/, argument) : title;

describe('manifest commands are commands the bot understands', () => {
  const localizer = new Localizer();
  const english = localizer.for('en');

  for (const [file, locale] of Object.entries(FILES)) {
    it(`${file}: every command title, typed as is, does what it says (${locale})`, () => {
      const json: unknown = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'manifest', file), 'utf8'));
      const local = localizer.for(locale);
      for (let list = 0; list < 3; list++) {
        EXPECTED.forEach(({ command, argument }, c) => {
          const title =
            locale === 'en'
              ? at(json, 'bots', 0, 'commandLists', list, 'commands', c, 'title')
              : at(json, `bots[0].commandLists[${list}].commands[${c}].title`);
          assert.equal(typeof title, 'string', `${file} list ${list} command ${c}`);
          const text = typed(title as string, argument);
          assert.deepEqual(parseCommand(text, local, english), command, `${file}: "${text}"`);
        });
      }
    });
  }
});
