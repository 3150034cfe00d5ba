import assert from 'node:assert/strict';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { PROJECT_ROOT } from '../../src/core/paths';

/**
 * eslint.config.mjs refuses patterns that cost more than linear time on a long run (issue 21), in src/
 * and dialogs/: the patterns the issue found, written again in a new file, are errors.
 */
describe('super-linear patterns (eslint.config.mjs, eslint-plugin-regexp)', function () {
  this.timeout(60_000);
  // The project's own config, minus type information: the files linted here exist only as strings.
  const eslint = new ESLint({ cwd: PROJECT_ROOT, overrideConfig: [tseslint.configs.disableTypeChecked] });

  async function regexpRules(filePath: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath });
    const rules = result.messages.map((m) => m.ruleId ?? '').filter((id) => id.startsWith('regexp/'));
    return [...new Set(rules)].sort();
  }

  const cases: Array<[string, string, string[]]> = [
    // The command parser's trim: retried from every character of a run of dots.
    [
      'src/probe.ts',
      "export const f = (s: string) => s.replace(/[\\s.!?,;:]+$/, '');",
      ['regexp/no-super-linear-move'],
    ],
    // The paste normaliser's line trim.
    [
      'src/paste/readers/probe.ts',
      "export const f = (s: string) => s.replace(/\\s+$/, '');",
      ['regexp/no-super-linear-move'],
    ],
    // A table pattern spanning lines with the m flag: rescans a run of blank lines from each of them.
    [
      'dialogs/probe.ts',
      'export const f = (s: string) => /^\\s*Enabled\\s*\\n\\s*-{3,}/m.test(s);',
      ['regexp/no-super-linear-backtracking', 'regexp/no-super-linear-move'],
    ],
    // Two quantifiers that trade characters.
    [
      'src/probe.ts',
      'export const f = (s: string) => /^\\d+\\s+\\S+\\s*(.*)$/.exec(s);',
      ['regexp/no-super-linear-backtracking'],
    ],
    // What replaced them passes.
    ['src/probe.ts', 'export const f = (s: string) => s.trimEnd() + /^\\s*\\d+\\s+\\S+/.exec(s)?.[0];', []],
  ];

  for (const [filePath, code, expected] of cases) {
    it(`${filePath}: ${code.slice(code.indexOf('=>') + 3)} → ${expected.join(', ') || 'no error'}`, async () => {
      assert.deepEqual(await regexpRules(filePath, code), expected);
    });
  }
});
