import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import type { EnvSource } from '../../src/config';
import { checkColorIcon, checkOutlineIcon } from './icon-checks';
import {
  checkLocalizationAgainstManifest,
  checkLocalizationSchemaUrl,
  checkManifestRules,
} from './manifest-checks';
import { validateWithBundledSchema } from './manifest-schema';
import { loadPackageEnv, type PackageEnv } from './package-env';
import {
  mergeMissing,
  missingVariableProblems,
  substitutePlaceholders,
  type MissingVariable,
} from './placeholders';
import { PackageError, formatJsonPath, type PackageProblem } from './problems';

const MANIFEST_DIR = 'manifest';
const MANIFEST_FILE = `${MANIFEST_DIR}/manifest.json`;

export interface BuildOptions {
  /** Project root (holds env/ and manifest/). */
  root: string;
  /** Picks env/.env.<envName> (and .user); default "local". */
  envName?: string;
  /** Real environment variables; they override the env files. */
  environment?: EnvSource;
  /** Where the zip goes; default <root>/build. */
  outDir?: string;
}

export interface BuiltPackage {
  zipPath: string;
  /** Zip entry names, manifest.json first. */
  entries: string[];
  envFiles: string[];
}

/** The files of an app package, by entry name, ready to zip. */
type PackageFiles = Map<string, Buffer>;

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Zip entries have fixed dates so the same inputs give the same bytes. */
const ENTRY_DATE = new Date('2025-01-01T00:00:00Z');

function readJson(root: string, file: string): { value: unknown } | PackageProblem {
  let text: string;
  try {
    text = readFileSync(path.join(root, file), 'utf8').replace(/^\uFEFF/, '');
  } catch {
    return { file, message: 'not found' };
  }
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const position = /position (\d+)/.exec(message);
    if (!position) return { file, message: `is not valid JSON: ${message}` };
    const before = text.slice(0, Number(position[1])).split('\n');
    return {
      file,
      message: `is not valid JSON at line ${before.length}, column ${before[before.length - 1].length + 1}: ${message}`,
    };
  }
}

/** A file the manifest points to must sit inside manifest/ (it goes to the package root). */
function packagedPath(reference: unknown, from: string, jsonPath: string): string | PackageProblem {
  if (typeof reference !== 'string' || reference === '')
    return { file: from, path: jsonPath, message: 'must name a file' };
  const normalised = path.posix.normalize(reference.replace(/\\/g, '/'));
  if (normalised.startsWith('../') || normalised.startsWith('/') || /^[A-Za-z]:/.test(normalised)) {
    return {
      file: from,
      path: jsonPath,
      message: `must be a path inside ${MANIFEST_DIR}/; got ${JSON.stringify(reference)}`,
    };
  }
  return normalised;
}

function localizationReferences(manifest: unknown): { reference: unknown; jsonPath: string }[] {
  if (!isRecord(manifest) || !isRecord(manifest.localizationInfo)) return [];
  const info = manifest.localizationInfo;
  const refs: { reference: unknown; jsonPath: string }[] = [];
  if (info.defaultLanguageFile !== undefined) {
    refs.push({
      reference: info.defaultLanguageFile,
      jsonPath: formatJsonPath(['localizationInfo', 'defaultLanguageFile']),
    });
  }
  (Array.isArray(info.additionalLanguages) ? info.additionalLanguages : []).forEach((language, i) => {
    refs.push({
      reference: isRecord(language) ? language.file : undefined,
      jsonPath: formatJsonPath(['localizationInfo', 'additionalLanguages', i, 'file']),
    });
  });
  return refs;
}

function botIdProblems(manifest: unknown, env: PackageEnv): PackageProblem[] {
  const appId = env.lookup('MicrosoftAppId');
  if (!appId || !isRecord(manifest) || !Array.isArray(manifest.bots) || !isRecord(manifest.bots[0]))
    return [];
  const botId = manifest.bots[0].botId;
  if (typeof botId !== 'string' || botId.toLowerCase() === appId.toLowerCase()) return [];
  return [
    {
      file: MANIFEST_FILE,
      path: formatJsonPath(['bots', 0, 'botId']),
      message: `is ${botId} but the bot runs as MicrosoftAppId ${appId}: Teams would send messages to another bot; make BOT_ID equal MicrosoftAppId`,
    },
  ];
}

/**
 * Reads manifest/, fills `${{VAR}}` placeholders from the env, validates everything against the
 * bundled schemas and Teams' rules, and returns the package files. Throws PackageError listing
 * every problem found (all missing variables first, then all validation problems).
 */
async function preparePackageFiles(root: string, env: PackageEnv): Promise<PackageFiles> {
  const read = readJson(root, MANIFEST_FILE);
  if ('message' in read) throw new PackageError([read]);
  const problems: PackageProblem[] = [];
  const missing: MissingVariable[][] = [];

  const manifestResult = substitutePlaceholders(read.value, env.lookup, MANIFEST_FILE);
  missing.push(manifestResult.missing);
  problems.push(...manifestResult.problems);
  const manifest = manifestResult.value;

  const localizations: { entry: string; file: string; value: unknown }[] = [];
  for (const { reference, jsonPath } of localizationReferences(read.value)) {
    const entry = packagedPath(reference, MANIFEST_FILE, jsonPath);
    if (typeof entry !== 'string') {
      problems.push(entry);
      continue;
    }
    const file = `${MANIFEST_DIR}/${entry}`;
    const loc = readJson(root, file);
    if ('message' in loc) {
      problems.push({ ...loc, message: `${loc.message} (listed at ${MANIFEST_FILE} ${jsonPath})` });
      continue;
    }
    const result = substitutePlaceholders(loc.value, env.lookup, file);
    missing.push(result.missing);
    problems.push(...result.problems);
    localizations.push({ entry, file, value: result.value });
  }

  const missingProblems = missingVariableProblems(mergeMissing(missing), `env/.env.${env.name}`);
  if (missingProblems.length > 0 || problems.length > 0)
    throw new PackageError([...missingProblems, ...problems]);

  problems.push(...(await validateWithBundledSchema(manifest, MANIFEST_FILE)));
  problems.push(...checkManifestRules(manifest, MANIFEST_FILE));
  problems.push(...botIdProblems(manifest, env));
  for (const { file, value } of localizations) {
    problems.push(...(await validateWithBundledSchema(value, file)));
    problems.push(...checkLocalizationSchemaUrl(value, file, manifest));
    problems.push(...checkLocalizationAgainstManifest(value, file, manifest));
  }

  const files: PackageFiles = new Map([
    ['manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`)],
  ]);
  const icons = isRecord(manifest) && isRecord(manifest.icons) ? manifest.icons : {};
  for (const [kind, check] of [
    ['color', checkColorIcon],
    ['outline', checkOutlineIcon],
  ] as const) {
    if (icons[kind] === undefined) continue; // the schema already reports a missing icon
    const entry = packagedPath(icons[kind], MANIFEST_FILE, formatJsonPath(['icons', kind]));
    if (typeof entry !== 'string') {
      problems.push(entry);
      continue;
    }
    const file = `${MANIFEST_DIR}/${entry}`;
    let png: Buffer;
    try {
      png = readFileSync(path.join(root, file));
    } catch {
      problems.push({
        file,
        message: `not found (referenced at ${MANIFEST_FILE} ${formatJsonPath(['icons', kind])})`,
      });
      continue;
    }
    problems.push(...check(png, file));
    files.set(entry, png);
  }
  for (const { entry, value } of localizations)
    files.set(entry, Buffer.from(`${JSON.stringify(value, null, 2)}\n`));

  if (problems.length > 0) throw new PackageError(problems);
  return files;
}

async function zipPackageFiles(files: PackageFiles): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, content] of files) zip.file(name, content, { date: ENTRY_DATE });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

/** Builds <outDir>/appPackage.<env>.zip; throws PackageError when anything is wrong. */
export async function buildAppPackage(options: BuildOptions): Promise<BuiltPackage> {
  const envName = options.envName ?? 'local';
  const env = loadPackageEnv(options.root, envName, options.environment ?? {});
  const files = await preparePackageFiles(options.root, env);
  const outDir = options.outDir ?? path.join(options.root, 'build');
  mkdirSync(outDir, { recursive: true });
  const zipPath = path.join(outDir, `appPackage.${envName}.zip`);
  writeFileSync(zipPath, await zipPackageFiles(files));
  return { zipPath, entries: [...files.keys()], envFiles: env.files };
}
