/**
 * What the running bot needs, relative to the project root: the compiled product (no tests, no
 * scripts), the locales it reads, the collector script it serves (assets/), and the package files (the bot finds its root by package.json;
 * production dependencies are installed from the lockfile). The Dockerfile's final stage copies
 * exactly these (test/deploy/dockerfile.test.ts checks it) and `npm run stage:webapp` stages them.
 */
export const RUNTIME_FILES = [
  'package.json',
  'package-lock.json',
  'dist/src',
  'dist/dialogs',
  'locales',
  'assets',
] as const;
