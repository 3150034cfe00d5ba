import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import regexp from 'eslint-plugin-regexp';

/**
 * Import boundaries, by folder (see README "Architecture"). botbuilder stays at the edges: the composition
 * root (src/*.ts), the turn runtime (src/turn/), each feature's handlers (src/<feature>/handlers/), the
 * HTTP and proactive adapters named below, dialogs/, test/ and scripts/. Everything else under src/ (models,
 * cards, readers, stores, i18n, core) is plain TypeScript that declares the shapes it needs; `import type`
 * counts too. dialogs/ sits on top: under src/ only the file that registers the dialogs (src/bot.ts) imports it.
 */
const DIALOG_REGISTRATION = 'src/bot.ts';
const BOTBUILDER_EDGES = [
  // Composition: createApp, the activity handler, lifecycle.
  'src/*.ts',
  // The per-turn runtime: turn services, state, intent, replies, the turn gate.
  'src/turn/**/*.ts',
  // Each feature's turn handlers and wiring.
  'src/*/handlers/**/*.ts',
  // Adapters: the HTTP edge, the proactive sender, the conditional conversation state, lazy SDK loading.
  'src/http/authGuard.ts',
  'src/http/botAuthentication.ts',
  'src/http/messagesRoute.ts',
  'src/http/connectorCache.ts',
  'src/proactive/botbuilderSender.ts',
  'src/storage/eTagConversationState.ts',
  'src/core/optionalModules.ts',
];
const BOTBUILDER_PACKAGES = [
  'botbuilder',
  'botbuilder-core',
  'botbuilder-dialogs',
  'botframework-connector',
  'botbuilder-azure-blobs',
  'botframework-schema',
];
const NO_BOTBUILDER = {
  regex: `^(${BOTBUILDER_PACKAGES.join('|')})(/|$)`,
  message: `botbuilder packages are imported only at the edges (${BOTBUILDER_EDGES.join(', ')}, dialogs/): declare the shape you need instead.`,
};
const NO_TEST = {
  regex: '(^|/)test/',
  message: 'Product code never imports from test/ (test doubles live there).',
};
const NO_SCRIPTS = {
  regex: '(^|/)scripts/',
  message: 'Product code never imports from scripts/ (build tooling).',
};
const NO_DIALOGS = {
  regex: '(^|/)dialogs/',
  message: `Under src/ only ${DIALOG_REGISTRATION} imports from dialogs/ (it registers the dialogs); dialogs import src/, not the other way.`,
};
const restrictImports = (...patterns) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { patterns }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'build/**', '.data/**', 'coverage/**', 'artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // Message text reaches these patterns (up to 40,000 characters): no pattern may cost more than linear time
    // on a long run (issue 21). test/paste/adversarialInputs.test.ts measures the readers and parsers.
    files: ['src/**/*.ts', 'dialogs/**/*.ts'],
    plugins: { regexp },
    rules: {
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': ['error', { ignoreSticky: false, ignorePartial: false }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // chai-less assertions on parsed JSON need member access on unknown shapes in a few places
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: BOTBUILDER_EDGES,
    rules: restrictImports(NO_BOTBUILDER, NO_TEST, NO_SCRIPTS, NO_DIALOGS),
  },
  {
    files: BOTBUILDER_EDGES,
    ignores: [DIALOG_REGISTRATION],
    rules: restrictImports(NO_TEST, NO_SCRIPTS, NO_DIALOGS),
  },
  { files: [DIALOG_REGISTRATION], rules: restrictImports(NO_TEST, NO_SCRIPTS) },
  { files: ['dialogs/**/*.ts'], rules: restrictImports(NO_TEST, NO_SCRIPTS) },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  prettier,
);
