import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImageConfig } from './buildah';

/**
 * Runs a mounted image root the way a container runtime would, by the image's own config: its User
 * (resolved in the image's /etc/passwd), WorkingDir, Env, Entrypoint and Cmd, under chroot with /dev
 * and /proc. No Docker daemon runs here and podman fails on this machine's cgroups; chroot shares the
 * host's network namespace, so the bot listens on this machine's loopback.
 */

export interface ImageUser {
  uid: number;
  gid: number;
}

export function resolveUser(root: string, user: string | undefined): ImageUser {
  const [name, group] = (user || 'root').split(':');
  const lookup = (file: string, key: string): number | undefined => {
    if (/^\d+$/.test(key)) return Number(key);
    const line = readFileSync(join(root, file), 'utf8')
      .split('\n')
      .find((l) => l.split(':')[0] === key);
    return line ? Number(line.split(':')[2]) : undefined;
  };
  const uid = lookup('etc/passwd', name);
  if (uid === undefined) throw new Error(`image user ${name} is not in the image's /etc/passwd`);
  const passwdGid = Number(
    readFileSync(join(root, 'etc/passwd'), 'utf8')
      .split('\n')
      .find((l) => Number(l.split(':')[2]) === uid)
      ?.split(':')[3] ?? uid,
  );
  const gid = group ? lookup('etc/group', group) : passwdGid;
  if (gid === undefined) throw new Error(`image group ${group} is not in the image's /etc/group`);
  return { uid, gid };
}

/** Bind-mounts /dev and mounts /proc in `root`; returns the function that unmounts them. */
export function mountSystemDirs(root: string): () => void {
  mkdirSync(join(root, 'dev'), { recursive: true });
  mkdirSync(join(root, 'proc'), { recursive: true });
  execFileSync('mount', ['--bind', '/dev', join(root, 'dev')]);
  execFileSync('mount', ['-t', 'proc', 'proc', join(root, 'proc')]);
  return () => {
    spawnSync('umount', ['-l', join(root, 'proc')]);
    spawnSync('umount', ['-l', join(root, 'dev')]);
  };
}

/** `chroot --userspec … env -i -C <workdir> <env…> <argv…>`: every step execs, so the pid is node's. */
function chrootArgs(
  root: string,
  config: ImageConfig,
  env: Record<string, string>,
  argv: string[],
): string[] {
  const user = resolveUser(root, config.User);
  const merged = new Map<string, string>();
  for (const entry of config.Env ?? []) {
    const at = entry.indexOf('=');
    merged.set(entry.slice(0, at), entry.slice(at + 1));
  }
  for (const [name, value] of Object.entries(env)) merged.set(name, value);
  if (!merged.has('HOME')) merged.set('HOME', user.uid === 0 ? '/root' : '/home/node');
  return [
    `--userspec=${user.uid}:${user.gid}`,
    '--groups=',
    root,
    '/usr/bin/env',
    '-i',
    '-C',
    config.WorkingDir || '/',
    ...[...merged].map(([name, value]) => `${name}=${value}`),
    ...argv,
  ];
}

/** Starts the image's Entrypoint + Cmd with extra environment variables; output is collected. */
export function startImage(
  root: string,
  config: ImageConfig,
  env: Record<string, string>,
): { child: ChildProcess; output: () => string } {
  const argv = [...(config.Entrypoint ?? []), ...(config.Cmd ?? [])];
  if (argv.length === 0) throw new Error('the image has neither Entrypoint nor Cmd');
  const child = spawn('chroot', chrootArgs(root, config, env, argv), { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  return { child, output: () => output };
}

/** Runs the image's HEALTHCHECK command (CMD or CMD-SHELL) in the image as its user; returns the exit code. */
export function runHealthcheck(root: string, config: ImageConfig, env: Record<string, string>): number {
  const test = config.Healthcheck?.Test ?? [];
  const [kind, ...rest] = test;
  let argv: string[];
  if (kind === 'CMD') argv = rest;
  else if (kind === 'CMD-SHELL') argv = ['/bin/sh', '-c', rest.join(' ')];
  else throw new Error(`no usable HEALTHCHECK in the image (${JSON.stringify(test)})`);
  const result = spawnSync('chroot', chrootArgs(root, config, env, argv), { timeout: 30_000 });
  return result.status ?? -1;
}
