import assert from 'node:assert/strict';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../src/core/paths';
import { cardOf } from '../../support/botHarness';
import { freePort } from '../../support/botProcess';
import { FakeConnector } from '../../support/fakeConnector';
import { TeamsConversation } from '../../support/teams';
import { BASE_TAG, Buildah, missingPrerequisite, type ImageConfig } from './buildah';
import { buildImage, developerContext } from './buildContext';
import { mountSystemDirs, resolveUser, runHealthcheck, startImage } from './runImage';

/**
 * `npm run image:check` (CI runs it after `npm test`): builds the Dockerfile with buildah against a
 * local stand-in for node:20-bookworm-slim and runs the image by its own config under chroot.
 * Not part of `npm test`: it needs root, buildah and debootstrap (.ci/run installs them).
 */

const TAG = 'localhost/writeback-bot:image-check';
const say = (line: string): void => void process.stdout.write(`      ${line}\n`);

/** Every file under `dir` (no symlinks followed). */
function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}

describe('the container image (Dockerfile, built with buildah, run by its own config)', function () {
  // The build alone is ~5 min on two idle cores; a busy shared machine takes much longer.
  this.timeout(30 * 60_000);
  const buildah = new Buildah();
  const connector = new FakeConnector();
  let root: string;
  let config: ImageConfig;
  let removeContainer: (() => void) | undefined;
  let unmountSystem: (() => void) | undefined;
  let bot: { child: ChildProcess; output: () => string } | undefined;
  let port: number;
  let serviceUrl: string;
  let canary: string;
  let contextDir: string | undefined;

  before(() => {
    const missing = missingPrerequisite();
    if (missing) throw new Error(`npm run image:check cannot run here: ${missing}`);
    const started = Date.now();
    buildah.removeLeftovers();
    buildah.ensureBaseStandIn(say);
    say(`base image ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const context = developerContext(PROJECT_ROOT);
    contextDir = context.dir;
    canary = context.canary;
    buildah.removeImage(TAG);
    const buildMs = buildImage(buildah, context.dir, TAG);
    config = buildah.config(TAG);
    const mounted = buildah.mountedContainer(TAG);
    root = mounted.root;
    removeContainer = mounted.remove;
    const size = Number(execFileSync('du', ['-sb', root], { encoding: 'utf8' }).split('\t')[0]);
    const app = Number(execFileSync('du', ['-sb', join(root, 'app')], { encoding: 'utf8' }).split('\t')[0]);
    say(`build time: ${(buildMs / 1000).toFixed(1)} s`);
    say(`image size: ${(size / 1e6).toFixed(1)} MB uncompressed, of which /app ${(app / 1e6).toFixed(1)} MB`);
    unmountSystem = mountSystemDirs(root);
  });

  after(async () => {
    if (bot && bot.child.exitCode === null) bot.child.kill('SIGKILL');
    await connector.stop();
    unmountSystem?.();
    removeContainer?.();
    if (contextDir) rmSync(contextDir, { recursive: true, force: true });
    // The built image is large on vfs storage; the base stand-in stays cached for the next run.
    buildah.removeImage(TAG);
  });

  it('is built on node:20-bookworm-slim and declares the runtime contract', () => {
    assert.ok(buildah.exists(BASE_TAG));
    assert.equal(config.User, 'node');
    assert.equal(config.WorkingDir, '/app');
    assert.deepEqual(config.Cmd, ['node', 'dist/src/index.js']);
    assert.ok(config.ExposedPorts && '3978/tcp' in config.ExposedPorts, 'EXPOSE 3978');
    assert.ok(config.Volumes && '/data' in config.Volumes, 'DATA_DIR on a volume');
    assert.ok(config.Env?.includes('DATA_DIR=/data'));
    assert.ok(config.Env?.includes('NODE_ENV=production'));
    assert.equal(config.Healthcheck?.Test?.[0], 'CMD');
  });

  it('holds no .git, tests, env files, .data, keys or planted secrets', () => {
    for (const path of ['app/.git', 'app/test', 'app/dist/test', 'app/scripts', 'app/env', 'app/.data']) {
      assert.ok(!existsSync(join(root, path)), `${path} must not be in the image`);
    }
    for (const path of ['app/graph-certificate.pem', 'app/src', 'app/tsconfig.json']) {
      assert.ok(!existsSync(join(root, path)), `${path} must not be in the image`);
    }
    for (const file of walk(join(root, 'app'))) {
      assert.ok(!readFileSync(file).includes(canary), `${file} holds a planted secret`);
    }
    // The build's -v mounts (CA bundle, npmrc, npm cache) leave nothing behind.
    for (const path of ['etc/ssl/host-ca.crt', 'usr/local/etc/npmrc']) {
      assert.ok(!existsSync(join(root, path)) || statSync(join(root, path)).size === 0, path);
    }
  });

  it('has no dev dependency inside, and the code is not writable by the bot user', () => {
    const lock = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean }>;
    };
    const dev = Object.entries(lock.packages).filter(([path, entry]) => path !== '' && entry.dev === true);
    assert.ok(dev.length > 50, 'the lockfile marks dev dependencies');
    const present = dev.map(([path]) => path).filter((path) => existsSync(join(root, 'app', path)));
    assert.deepEqual(present, []);
    assert.ok(existsSync(join(root, 'app/node_modules/better-sqlite3')));
    for (const path of ['app/dist/src/index.js', 'app/node_modules', 'app/locales/en.json']) {
      assert.equal(statSync(join(root, path)).uid, 0, `${path} owned by root`);
    }
  });

  it('starts as the node user: /healthz 200 and the HEALTHCHECK passes', async () => {
    serviceUrl = await connector.start();
    port = await freePort();
    bot = startImage(root, config, { PORT: String(port), LOG_LEVEL: 'info' });
    let status = 0;
    for (let i = 0; i < 300 && status !== 200; i++) {
      if (bot.child.exitCode !== null) break;
      try {
        status = (await fetch(`http://127.0.0.1:${port}/healthz`)).status;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    assert.equal(status, 200, `bot output:\n${bot.output()}`);
    assert.equal(runHealthcheck(root, config, { PORT: String(port) }), 0);
    const pid = bot.child.pid as number;
    const uid = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^Uid:\s+(\d+)/m)?.[1];
    assert.equal(Number(uid), resolveUser(root, config.User).uid);
    assert.notEqual(Number(uid), 0);
  });

  it('serves the collector script it ships (assets/ is in the image)', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/diagnostics/Get-WritebackDiagnostics.ps1`);
    assert.equal(res.status, 200, bot?.output());
    assert.match(await res.text(), /Get-ADSyncScheduler/);
  });

  it('answers a Teams message with a card and keeps its state in DATA_DIR as the bot user', async () => {
    const conversation = new TeamsConversation({ serviceUrl });
    const res = await fetch(`http://127.0.0.1:${port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(conversation.message('hi')),
    });
    assert.equal(res.status, 200, bot?.output());
    await connector.waitForCalls(1, 15_000);
    assert.ok(cardOf(connector.sent[0]).body.length > 0);
    const user = resolveUser(root, config.User);
    const state = join(root, 'data/bot-state.db');
    assert.ok(existsSync(state), 'bot-state.db in DATA_DIR');
    assert.equal(statSync(state).uid, user.uid);
    assert.equal(statSync(state).mode & 0o777, 0o600);
  });

  it('exits 0 within 10 s of SIGTERM', async () => {
    const child = bot!.child;
    const started = Date.now();
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    const code = await Promise.race([
      exited,
      new Promise<'timeout'>((r) => setTimeout(r, 10_000, 'timeout')),
    ]);
    assert.equal(code, 0, bot!.output());
    assert.ok(Date.now() - started < 10_000);
    assert.match(bot!.output(), /"msg":"stopped"/);
  });
});
