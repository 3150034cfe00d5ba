import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/core/paths';
import { RUNTIME_FILES } from '../../scripts/lib/runtime-files';

/**
 * The Dockerfile's contract, read statically (cheap, in every `npm test`). `npm run image:check`
 * builds and runs the image for real (test/deploy/image/image.check.ts).
 */

const dockerfile = readFileSync(join(PROJECT_ROOT, 'Dockerfile'), 'utf8');
/** Instructions with their continuation lines joined, comments dropped. */
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('#'));
const stages = instructions.join('\n').split(/^(?=FROM )/m);
const finalStage = stages[stages.length - 1].split('\n');

describe('Dockerfile', () => {
  it('is multi-stage on node:20-bookworm-slim, with only the official image as a base', () => {
    const froms = instructions.filter((l) => l.startsWith('FROM '));
    assert.deepEqual(froms, ['FROM node:20-bookworm-slim AS build', 'FROM node:20-bookworm-slim']);
  });

  it('builds with the native toolchain, npm ci and a prune to production dependencies', () => {
    const build = stages[0];
    assert.match(build, /apt-get install -y --no-install-recommends python3 make g\+\+/);
    assert.match(build, /npm ci\b/);
    assert.match(build, /npm run build/);
    assert.match(build, /npm prune --omit=dev/);
  });

  it('keeps this machine out of it: no CA bundle, npmrc, nodedir or registry of a build host', () => {
    assert.doesNotMatch(dockerfile, /cafile|npmrc|nodedir|host-ca|NODE_EXTRA_CA_CERTS|registry=|strict-ssl/i);
  });

  it('copies into the final stage exactly the runtime files (scripts/lib/runtime-files.ts) and node_modules', () => {
    const copied = finalStage
      .filter((l) => l.startsWith('COPY '))
      .flatMap((l) => {
        const parts = l.split(/\s+/).filter((p) => !p.startsWith('--'));
        assert.match(l, /--from=build/, `${l} copies from the build stage`);
        return parts.slice(1, -1).map((p) => p.replace(/^\/app\//, ''));
      });
    // …and the pruned production node_modules, which stage:webapp installs from the lockfile instead.
    assert.deepEqual([...copied].sort(), [...RUNTIME_FILES, 'node_modules'].sort());
  });

  it('runs as node, on a DATA_DIR volume, exposes 3978, health-checks /healthz with node, exec-form CMD', () => {
    const text = finalStage.join('\n');
    assert.match(text, /^USER node$/m);
    assert.match(text, /^ENV .*DATA_DIR=\/data/m);
    assert.match(text, /^VOLUME \["\/data"\]$/m);
    assert.match(text, /^EXPOSE 3978$/m);
    assert.match(text, /^HEALTHCHECK .*CMD \["node", "-e", ".*fetch\(.*\/healthz/m);
    assert.match(text, /^CMD \["node", "dist\/src\/index\.js"\]$/m);
    const user = finalStage.findIndex((l) => l === 'USER node');
    const lastRun = finalStage.map((l) => l.startsWith('RUN ')).lastIndexOf(true);
    assert.ok(user > lastRun, 'nothing runs as root after USER');
  });

  it('.dockerignore is an allowlist: .git, tests, env files, .data and keys never reach the build', () => {
    const rules = readFileSync(join(PROJECT_ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'));
    assert.equal(rules[0], '*', 'everything is excluded first');
    assert.deepEqual(rules.slice(1).sort(), [
      '!assets/',
      '!dialogs/',
      '!locales/',
      '!package-lock.json',
      '!package.json',
      '!src/',
      '!tsconfig.json',
    ]);
  });
});
