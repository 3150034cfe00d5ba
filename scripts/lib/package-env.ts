import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadEnvFiles, type EnvSource } from '../../src/config';
import type { Lookup } from './placeholders';
import { PackageError } from './problems';

export interface PackageEnv {
  name: string;
  /** The env files consulted, relative to the root, in the order they apply (later wins). */
  files: string[];
  lookup: Lookup;
}

const ENV_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/**
 * Values for packaging: env/.env.<name>, then env/.env.<name>.user (gitignored secrets), then
 * the given environment variables; same precedence as the bot's own configuration.
 * env/.env.<name> must exist, so a mistyped `--env` fails instead of packaging with nothing.
 */
export function loadPackageEnv(root: string, name: string, environment: EnvSource): PackageEnv {
  const file = `env/.env.${name}`;
  if (!ENV_NAME.test(name)) {
    throw new PackageError([
      { file: 'env', message: `invalid env name ${JSON.stringify(name)} (letters, digits, - and _)` },
    ]);
  }
  if (!existsSync(path.join(root, file))) {
    throw new PackageError([
      { file, message: `not found: create it or pick another --env (e.g. local, dev, prod)` },
    ]);
  }
  const values = loadEnvFiles(root, name, environment);
  const userFile = `${file}.user`;
  return {
    name,
    files: existsSync(path.join(root, userFile)) ? [file, userFile] : [file],
    lookup: (key) => values[key]?.trim(),
  };
}
