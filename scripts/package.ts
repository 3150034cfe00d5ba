/**
 * Builds the Teams app package: `node dist/scripts/package.js [--env <name>]` (default: local).
 * Fills ${{VAR}} placeholders in manifest/ from env/.env.<name> (+ .user, + environment variables),
 * validates offline against the schemas bundled in @microsoft/app-manifest and writes
 * build/appPackage.<name>.zip. Exits 1 and lists every problem when anything is wrong.
 */
import path from 'node:path';
import { PROJECT_ROOT } from '../src/core/paths';
import { buildAppPackage } from './lib/app-package';
import { readCommandLine } from './lib/command-line';
import { PackageError } from './lib/problems';

const USAGE =
  'usage: node dist/scripts/package.js [--env <name>]   (name: local, dev, prod, …; default local)\n';

/** `--env dev`, `--env=dev` or `-e dev`; anything else is an error. */
export function parseArgs(argv: readonly string[]): { envName: string } | { help: true } | { error: string } {
  const args = readCommandLine(argv, { env: { short: 'e' } });
  return 'values' in args ? { envName: args.values.env ?? 'local' } : args;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if ('help' in args) {
    process.stdout.write(USAGE);
    return 0;
  }
  if ('error' in args) {
    process.stderr.write(`${args.error}\n${USAGE}`);
    return 2;
  }
  const root = PROJECT_ROOT;
  try {
    // Real environment variables override the env files (Teams Toolkit behaviour); read here only.
    const built = await buildAppPackage({ root, envName: args.envName, environment: process.env });
    process.stdout.write(
      `Built ${path.relative(process.cwd(), built.zipPath)} from ${built.envFiles.join(' + ')}\n` +
        `  entries: ${built.entries.join(', ')}\n` +
        '  manifest and localisation files valid against the bundled Teams schemas\n',
    );
    return 0;
  } catch (err) {
    if (err instanceof PackageError) process.stderr.write(`${err.message}\n`);
    else process.stderr.write(`App package not built: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
