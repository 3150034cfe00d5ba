/**
 * `npm run stage:webapp`: build/webapp/, what App Service zip deploy uploads (m365agents.yml deploy,
 * or `az webapp deploy --src-path`): the runtime files of the container image (scripts/lib/runtime-files.ts)
 * and production dependencies installed from the lockfile. Installed here, not on App Service
 * (SCM_DO_BUILD_DURING_DEPLOYMENT=false): better-sqlite3 is a native module, so stage on Linux x64
 * (a Linux machine, WSL, Cloud Shell or a CI runner) for App Service's Linux Node 20.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/core/paths';
import { RUNTIME_FILES } from './lib/runtime-files';

const OUT = path.join(PROJECT_ROOT, 'build', 'webapp');

function main(): void {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    process.stderr.write(
      `stage:webapp must run on Linux x64 (this is ${process.platform}/${process.arch}): better-sqlite3 is` +
        ' native and App Service runs Linux x64. Use WSL, Cloud Shell, a CI runner, or the container image.\n',
    );
    process.exit(1);
  }
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  for (const file of RUNTIME_FILES) {
    const from = path.join(PROJECT_ROOT, file);
    if (!existsSync(from)) throw new Error(`${file} is missing: run npm run build first`);
    cpSync(from, path.join(OUT, file), { recursive: true });
  }
  // As in the Dockerfile: a full install (botbuilder-dialogs' postinstall needs the dev tool rimraf),
  // then everything that is not a production dependency is removed.
  const npm = (args: string[]): void => {
    execFileSync('npm', [...args, '--no-audit', '--no-fund'], { cwd: OUT, stdio: 'inherit' });
  };
  npm(['ci']);
  npm(['prune', '--omit=dev']);
  process.stdout.write(`Staged ${path.relative(process.cwd(), OUT)} for zip deploy\n`);
}

main();
