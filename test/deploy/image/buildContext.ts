import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CACHE_DIR, type Buildah } from './buildah';

/**
 * The build context as a developer's working copy has it: every tracked and untracked (not ignored)
 * file, plus what a real checkout also holds and must never reach the image: a `.git` directory,
 * `env/*.user` secrets, `.data/` state and a private key. Each planted file carries `canary`, so the
 * image can be searched for it.
 */
export function developerContext(repo: string): { dir: string; canary: string; planted: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'wb-image-context-'));
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: repo })
    .toString('utf8')
    .split('\0')
    .filter((f) => f !== '');
  for (const file of files) {
    try {
      cpSync(join(repo, file), join(dir, file), { recursive: true });
    } catch (err) {
      // a file deleted in the working copy but still tracked
      if ((err as { code?: string }).code !== 'ENOENT') throw err;
    }
  }
  const canary = `canary-${randomUUID()}`;
  const planted = [
    '.git/config',
    'env/.env.dev.user',
    'env/.env.prod.user',
    '.data/bot-state.db',
    'graph-certificate.pem',
    'dist/test/leftover.test.js',
  ];
  for (const file of planted) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), `SECRET=${canary}\n`);
  }
  return { dir, canary, planted };
}

/**
 * This machine's two build traps, handled outside the Dockerfile with mounts that are not kept in the
 * image: npm inside the build is lent the host's CA bundle (a TLS proxy stands between npm and the
 * registry here), and node-gyp is told where the base image keeps Node's headers (it would download
 * them otherwise). The host's npm cache is lent too, so packages are not downloaded twice.
 */
function buildMounts(): string[] {
  const npmrc = join(CACHE_DIR, 'build-npmrc');
  writeFileSync(
    npmrc,
    [
      'cafile=/etc/ssl/host-ca.crt',
      'nodedir=/usr/local',
      'audit=false',
      'fund=false',
      'update-notifier=false',
      '',
    ].join('\n'),
  );
  const cache = execFileSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8' }).trim();
  return [
    '-v',
    '/etc/ssl/certs/ca-certificates.crt:/etc/ssl/host-ca.crt:ro',
    '-v',
    `${npmrc}:/usr/local/etc/npmrc:ro`,
    '-v',
    `${cache}:/root/.npm`,
  ];
}

/**
 * The open-files limit for RUN steps: buildah's chroot isolation otherwise gives them a low default, and
 * `npm ci` reading from a warm cache then fails with EMFILE. Docker's daemon sets a high one; this lends
 * the host's hard limit.
 */
function openFilesLimit(): string {
  const hard = execFileSync('sh', ['-c', 'ulimit -Hn'], { encoding: 'utf8' }).trim();
  const limit = /^\d+$/.test(hard) ? hard : '1048576';
  return `nofile=${limit}:${limit}`;
}

/** Builds the Dockerfile in `context` as `tag` against the local base image; returns the time taken (ms). */
export function buildImage(buildah: Buildah, context: string, tag: string): number {
  const started = Date.now();
  buildah.run(
    [
      'bud',
      '--isolation',
      'chroot',
      '--pull=never',
      '--format',
      'docker',
      '--layers=false',
      '--ulimit',
      openFilesLimit(),
      ...buildMounts(),
      '-f',
      join(context, 'Dockerfile'),
      '-t',
      tag,
      context,
    ],
    { inherit: true },
  );
  return Date.now() - started;
}
