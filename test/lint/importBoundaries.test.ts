import assert from 'node:assert/strict';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { PROJECT_ROOT } from '../../src/core/paths';

const RULE = '@typescript-eslint/no-restricted-imports';

describe('import boundaries (eslint.config.mjs)', function () {
  this.timeout(60_000);
  // The project's own config, minus type information: the files linted here exist only as strings.
  const eslint = new ESLint({ cwd: PROJECT_ROOT, overrideConfig: [tseslint.configs.disableTypeChecked] });

  async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath });
    return result.messages.filter((m) => m.ruleId === RULE).map((m) => m.message);
  }

  const BB = "import type { TurnContext } from 'botbuilder';";
  const cases: Array<[string, string, RegExp | undefined]> = [
    // A feature's domain code (model, cards, readers, stores) never imports botbuilder…
    ['src/troubleshooting/probe.ts', "import { MemoryStorage } from 'botbuilder';", /only at the edges/],
    [
      'src/troubleshooting/cards/probe.ts',
      "import type { Attachment } from 'botframework-schema';",
      /only at the edges/,
    ],
    ['src/paste/readers/probe.ts', BB, /only at the edges/],
    ['src/helpdesk/probe.ts', BB, /only at the edges/],
    ['src/reminders/probe.ts', BB, /only at the edges/],
    [
      'src/tenantChecks/probe.ts',
      "import type { Dialog } from 'botbuilder-dialogs/lib/dialog';",
      /only at the edges/,
    ],
    // …nor does the platform below the turn (card kit, storage, proactive, i18n, core)…
    ['src/cards/probe.ts', BB, /only at the edges/],
    ['src/storage/probe.ts', "export { BlobsStorage } from 'botbuilder-azure-blobs';", /only at the edges/],
    ['src/core/probe.ts', BB, /only at the edges/],
    ['src/i18n/probe.ts', BB, /only at the edges/],
    // …while the edges may: each feature's handlers, the turn runtime, the composition root, named adapters.
    ['src/helpdesk/handlers/probe.ts', BB, undefined],
    ['src/paste/handlers/probe.ts', BB, undefined],
    ['src/turn/probe.ts', BB, undefined],
    ['src/bot.ts', BB, undefined],
    ['src/proactive/botbuilderSender.ts', "import { CloudAdapter } from 'botbuilder';", undefined],
    ['src/storage/eTagConversationState.ts', BB, undefined],
    ['dialogs/probe.ts', "import { ComponentDialog } from 'botbuilder-dialogs';", undefined],
    ['test/probe.ts', "import { MemoryStorage } from 'botbuilder';", undefined],
    ['scripts/probe.ts', "import { MemoryStorage } from 'botbuilder';", undefined],
    // Product code never imports test/ or scripts/; only src/bot.ts registers the dialogs.
    [
      'src/proactive/probe.ts',
      "import { MemoryKeyValueStorage } from '../../test/support/memoryKeyValueStorage';",
      /never imports from test/,
    ],
    ['src/app.ts', "import { ScriptErrorCodes } from '../scripts/lib/errors';", /never imports from scripts/],
    [
      'dialogs/probe.ts',
      "import { ScriptErrorCodes } from '../scripts/lib/errors';",
      /never imports from scripts/,
    ],
    ['src/bot.ts', "import { MainDialog } from '../dialogs/mainDialog';", undefined],
    [
      'src/turn/probe.ts',
      "import { CARD_PROMPT } from '../../dialogs/cardPrompt';",
      /only src\/bot\.ts imports from dialogs/,
    ],
    [
      'src/helpdesk/handlers/probe.ts',
      "import { MainDialog } from '../../../dialogs/mainDialog';",
      /only src\/bot\.ts imports from dialogs/,
    ],
    [
      'src/app.ts',
      "import { MainDialog } from '../dialogs/mainDialog';",
      /only src\/bot\.ts imports from dialogs/,
    ],
  ];

  for (const [filePath, code, expected] of cases) {
    it(`${filePath}: ${code} → ${expected ? 'error' : 'allowed'}`, async () => {
      const errors = await boundaryErrors(filePath, `${code}\n`);
      if (expected) {
        assert.equal(errors.length, 1, `expected one boundary error, got ${JSON.stringify(errors)}`);
        assert.match(errors[0], expected);
      } else {
        assert.deepEqual(errors, []);
      }
    });
  }
});
