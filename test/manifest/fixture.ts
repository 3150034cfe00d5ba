import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { parse as parseDotenv } from 'dotenv';

/** The repository root, from dist/test/manifest/. */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..');

/** The env names committed to the repository (env/.env.<name>, never the .user files). */
export function committedEnvNames(): string[] {
  return readdirSync(path.join(PROJECT_ROOT, 'env'))
    .filter((file) => /^\.env\.[A-Za-z0-9_-]+$/.test(file))
    .map((file) => file.slice('.env.'.length))
    .sort();
}

export function readEnvFile(root: string, name: string): Record<string, string> {
  return parseDotenv(readFileSync(path.join(root, 'env', `.env.${name}`)));
}

/** A throw-away copy of manifest/ and the committed env files, safe to break. */
export class ProjectCopy {
  readonly root = mkdtempSync(path.join(tmpdir(), 'wb-manifest-'));

  constructor() {
    cpSync(path.join(PROJECT_ROOT, 'manifest'), path.join(this.root, 'manifest'), { recursive: true });
    for (const name of committedEnvNames()) {
      cpSync(path.join(PROJECT_ROOT, 'env', `.env.${name}`), path.join(this.root, 'env', `.env.${name}`));
    }
  }

  path(file: string): string {
    return path.join(this.root, file);
  }

  editJson(file: string, edit: (json: Record<string, unknown>) => void): void {
    const json = JSON.parse(readFileSync(this.path(file), 'utf8')) as Record<string, unknown>;
    edit(json);
    writeFileSync(this.path(file), JSON.stringify(json, null, 2));
  }

  /** Rewrites env/.env.<name>: `undefined` removes a key, a string sets it. */
  editEnv(name: string, changes: Record<string, string | undefined>): void {
    const values: Record<string, string | undefined> = { ...readEnvFile(this.root, name), ...changes };
    const lines = Object.entries(values)
      .filter((entry): entry is [string, string] => entry[1] !== undefined)
      .map(([key, value]) => `${key}=${JSON.stringify(value)}`);
    writeFileSync(this.path(`env/.env.${name}`), `${lines.join('\n')}\n`);
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

export async function readZip(file: string): Promise<Map<string, Buffer>> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const entries = new Map<string, Buffer>();
  for (const entry of Object.values(zip.files)) {
    if (!entry.dir) entries.set(entry.name, await entry.async('nodebuffer'));
  }
  return entries;
}

/** Minimal typed access into parsed JSON for assertions. */
export function at(json: unknown, ...keys: (string | number)[]): unknown {
  let node = json;
  for (const key of keys) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}
