import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Debian's buildah, as this machine allows it: root, the vfs storage driver, chroot isolation, no
 * registry (`--pull=never`). Storage lives under /var/tmp so the base image stand-in is made once
 * per machine and reused by later runs; everything works from an empty directory too.
 */

export const CACHE_DIR = '/var/tmp/writeback-bot-image';
export const BASE_TAG = 'docker.io/library/node:20-bookworm-slim';
const STAND_IN_LABEL = 'org.writeback-bot.stand-in';
/** Bump when the stand-in's recipe changes, so a cached one is made again. */
const STAND_IN_RECIPE = '2';
const DEBIAN_MIRROR = 'http://deb.debian.org/debian';

/** Why this machine cannot run the image check, or undefined when it can. */
export function missingPrerequisite(): string | undefined {
  if (process.getuid?.() !== 0) return 'it must run as root (buildah with chroot isolation)';
  for (const tool of ['buildah', 'debootstrap', 'chroot', 'mount']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
      return `${tool} is not installed (apt-get install -y buildah debootstrap)`;
    }
  }
  return undefined;
}

export interface ImageConfig {
  User?: string;
  WorkingDir?: string;
  Env?: string[];
  Cmd?: string[];
  Entrypoint?: string[];
  ExposedPorts?: Record<string, unknown>;
  Volumes?: Record<string, unknown>;
  Healthcheck?: { Test?: string[]; Interval?: number; Timeout?: number };
  Labels?: Record<string, string>;
}

export class Buildah {
  private readonly storage = ['--root', join(CACHE_DIR, 'storage'), '--runroot', join(CACHE_DIR, 'run')];

  constructor() {
    mkdirSync(CACHE_DIR, { recursive: true });
  }

  /** Runs buildah on this check's own storage; returns stdout (trimmed). Throws with stderr on failure. */
  run(args: string[], options: { inherit?: boolean } = {}): string {
    const out = execFileSync('buildah', [...this.storage, '--storage-driver', 'vfs', ...args], {
      encoding: 'utf8',
      stdio: options.inherit ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
    return (out ?? '').trim();
  }

  exists(image: string): boolean {
    try {
      this.run(['inspect', '--type', 'image', image]);
      return true;
    } catch {
      return false;
    }
  }

  /** The image's runtime config (Docker format: User, WorkingDir, Env, Cmd, Entrypoint, Healthcheck…). */
  config(image: string): ImageConfig {
    const inspected = JSON.parse(this.run(['inspect', '--type', 'image', image])) as {
      Docker?: { config?: ImageConfig };
      OCIv1?: { config?: ImageConfig };
    };
    return inspected.Docker?.config ?? inspected.OCIv1?.config ?? {};
  }

  /** A working container of `image`, mounted: its root directory and a function that removes it. */
  mountedContainer(image: string): { root: string; remove: () => void } {
    const container = this.run(['from', '--pull=never', image]);
    const root = this.run(['mount', container]);
    return {
      root,
      remove: () => {
        this.run(['umount', container]);
        this.run(['rm', container]);
      },
    };
  }

  /**
   * What an interrupted earlier run left behind in this check's own storage: /proc and /dev mounts in a
   * run container, and working containers. Nothing outside CACHE_DIR is touched.
   */
  removeLeftovers(): void {
    const mounts = readFileSync('/proc/mounts', 'utf8')
      .split('\n')
      .map((line) => line.split(' ')[1])
      .filter((point): point is string => typeof point === 'string' && point.startsWith(`${CACHE_DIR}/`))
      .sort((a, b) => b.length - a.length);
    for (const point of mounts) spawnSync('umount', ['-l', point]);
    this.run(['rm', '--all']);
  }

  removeImage(image: string): void {
    if (this.exists(image)) this.run(['rmi', '-f', image]);
  }

  /**
   * A local stand-in for node:20-bookworm-slim, made once: Debian bookworm minbase, this machine's
   * Node 20 under /usr/local as the official image has it (headers in /usr/local/include/node, npm in
   * /usr/local/lib/node_modules/npm), user `node` uid 1000, the same entrypoint behaviour and CMD.
   */
  ensureBaseStandIn(log: (line: string) => void): void {
    const want = `${STAND_IN_RECIPE}/node-${process.version}`;
    if (this.exists(BASE_TAG) && this.config(BASE_TAG).Labels?.[STAND_IN_LABEL] === want) {
      log(`base stand-in ${BASE_TAG} (${want}) reused from ${CACHE_DIR}`);
      return;
    }
    const tarball = join(CACHE_DIR, 'bookworm-minbase.tar');
    if (!existsSync(tarball)) {
      log('debootstrap --variant=minbase bookworm (once per machine)…');
      const dir = join(CACHE_DIR, 'rootfs.tmp');
      rmSync(dir, { recursive: true, force: true });
      execFileSync('debootstrap', ['--variant=minbase', 'bookworm', dir, DEBIAN_MIRROR], {
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      execFileSync('tar', ['-C', dir, '--numeric-owner', '-cf', `${tarball}.tmp`, '.']);
      execFileSync('mv', [`${tarball}.tmp`, tarball]);
      rmSync(dir, { recursive: true, force: true });
    }
    this.removeImage(BASE_TAG);
    const container = this.run(['from', 'scratch']);
    try {
      const root = this.run(['mount', container]);
      execFileSync('tar', ['-C', root, '--numeric-owner', '-xf', tarball]);
      // As the official image: no downloaded packages or package lists left in the base.
      execFileSync('sh', [
        '-c',
        `rm -rf "${root}"/var/cache/apt/archives/*.deb "${root}"/var/lib/apt/lists/*`,
      ]);
      installHostNode(root);
      addNodeUser(root);
      writeEntrypoint(root);
      this.run([
        'config',
        '--env',
        'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        '--env',
        `NODE_VERSION=${process.version.slice(1)}`,
        '--entrypoint',
        '["docker-entrypoint.sh"]',
        '--cmd',
        'node',
        '--label',
        `${STAND_IN_LABEL}=${want}`,
        container,
      ]);
      this.run(['umount', container]);
      this.run(['commit', '--format', 'docker', container, BASE_TAG]);
      log(`base stand-in ${BASE_TAG} made (${want})`);
    } finally {
      this.run(['rm', container]);
    }
  }
}

/** Copies the running Node (binary, headers, npm, corepack) to /usr/local in `root`. */
function installHostNode(root: string): void {
  const prefix = dirname(dirname(process.execPath));
  const local = join(root, 'usr/local');
  mkdirSync(join(local, 'bin'), { recursive: true });
  mkdirSync(join(local, 'include'), { recursive: true });
  mkdirSync(join(local, 'lib/node_modules'), { recursive: true });
  execFileSync('cp', ['-a', process.execPath, join(local, 'bin/node')]);
  execFileSync('cp', ['-a', join(prefix, 'include/node'), join(local, 'include/node')]);
  for (const pkg of ['npm', 'corepack']) {
    const from = join(prefix, 'lib/node_modules', pkg);
    if (existsSync(from)) execFileSync('cp', ['-a', from, join(local, 'lib/node_modules', pkg)]);
  }
  const links: Array<[string, string]> = [
    ['npm', '../lib/node_modules/npm/bin/npm-cli.js'],
    ['npx', '../lib/node_modules/npm/bin/npx-cli.js'],
    ['corepack', '../lib/node_modules/corepack/dist/corepack.js'],
  ];
  for (const [name, target] of links) {
    if (existsSync(join(local, 'bin', target))) execFileSync('ln', ['-sf', target, join(local, 'bin', name)]);
  }
}

/** The official image's `node` user and group (uid/gid 1000, home /home/node). */
function addNodeUser(root: string): void {
  const append = (file: string, line: string): void => {
    const path = join(root, file);
    const text = readFileSync(path, 'utf8');
    if (!text.split('\n').some((l) => l.startsWith('node:'))) writeFileSync(path, `${text}${line}\n`);
  };
  append('etc/group', 'node:x:1000:');
  append('etc/passwd', 'node:x:1000:1000::/home/node:/bin/bash');
  append('etc/shadow', 'node:!:19000:0:99999:7:::');
  mkdirSync(join(root, 'home/node'), { recursive: true });
  execFileSync('chown', ['1000:1000', join(root, 'home/node')]);
}

/** Behaves as the official image's entrypoint: an option or a non-command first argument goes to node. */
function writeEntrypoint(root: string): void {
  const path = join(root, 'usr/local/bin/docker-entrypoint.sh');
  writeFileSync(
    path,
    [
      '#!/bin/sh',
      'set -e',
      'if [ "${1#-}" != "$1" ] || [ -z "$(command -v "$1")" ] || { [ -f "$1" ] && ! [ -x "$1" ]; }; then',
      '  set -- node "$@"',
      'fi',
      'exec "$@"',
      '',
    ].join('\n'),
  );
  chmodSync(path, 0o755);
}
