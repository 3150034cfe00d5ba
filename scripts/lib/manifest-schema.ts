import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import type { ErrorObject, ValidateFunction } from 'ajv';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { formatJsonPath, jsonPointerToSegments, type PackageProblem, type PathSegment } from './problems';

type Schema = Awaited<ReturnType<typeof AppManifestUtils.fetchSchema>>;

const SCHEMA_HOST = 'https://developer.microsoft.com/';

/** Where @microsoft/app-manifest keeps its bundled schemas (build/json-schemas/teams/v1.x/…). */
function bundledSchemaRoot(): string {
  return path.join(path.dirname(require.resolve('@microsoft/app-manifest/package.json')), 'build');
}

/**
 * The Teams schema versions bundled with @microsoft/app-manifest, e.g. ["1.0", …, "1.30"].
 * @internal Exported for the tests as well.
 */
export function bundledTeamsVersions(): string[] {
  return readdirSync(path.join(bundledSchemaRoot(), 'json-schemas', 'teams'))
    .filter((dir) => /^v\d+\.\d+$/.test(dir))
    .map((dir) => dir.slice(1))
    .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
}

/** The bundled copy of a schema URL, or undefined when the package does not carry it. */
function bundledSchemaFile(schemaUrl: string): string | undefined {
  if (!schemaUrl.startsWith(SCHEMA_HOST)) return undefined;
  // developer.microsoft.com also serves the schemas under a locale prefix (/en-us/json-schemas/…).
  const suffix = schemaUrl.slice(SCHEMA_HOST.length).replace(/^[a-z]{2}(-[a-z]{2})?\//i, '');
  if (!/^json-schemas\/teams\/v\d+\.\d+\/MicrosoftTeams(\.Localization)?\.schema\.json$/.test(suffix))
    return undefined;
  const file = path.join(bundledSchemaRoot(), suffix);
  return existsSync(file) ? file : undefined;
}

/**
 * Loads a Teams schema from the copy bundled in @microsoft/app-manifest. The package would fall
 * back to downloading an unknown URL; this machine (and CI) is offline, so an unbundled URL is
 * reported as a problem instead.
 */
async function loadBundledSchema(
  schemaUrl: unknown,
  file: string,
): Promise<{ schema: Schema } | { problem: PackageProblem }> {
  const where = { file, path: formatJsonPath(['$schema']) };
  if (typeof schemaUrl !== 'string' || schemaUrl === '') {
    return {
      problem: {
        ...where,
        message: 'is required: the URL of a Teams schema bundled in @microsoft/app-manifest',
      },
    };
  }
  if (!bundledSchemaFile(schemaUrl)) {
    const problem: PackageProblem = {
      ...where,
      message:
        `${JSON.stringify(schemaUrl)} is not a schema bundled in @microsoft/app-manifest (offline validation ` +
        `needs ${SCHEMA_HOST}json-schemas/teams/v1.N/MicrosoftTeams[.Localization].schema.json with N one of ` +
        `${bundledTeamsVersions().join(', ')})`,
    };
    return { problem };
  }
  return { schema: await AppManifestUtils.fetchSchema(schemaUrl) };
}

function valueAt(root: unknown, segments: readonly PathSegment[]): unknown {
  let node = root;
  for (const segment of segments) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

function describeValue(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Turns one Ajv error into a located, readable problem (an exact JSON path, the offending value). */
function toProblem(error: ErrorObject, document: unknown, file: string): PackageProblem {
  const segments = jsonPointerToSegments(error.instancePath);
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required' && typeof params.missingProperty === 'string') {
    return {
      file,
      path: formatJsonPath([...segments, params.missingProperty]),
      message: 'is required but missing',
    };
  }
  if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    return {
      file,
      path: formatJsonPath([...segments, params.additionalProperty]),
      message: 'is not allowed here (not a property in the schema)',
    };
  }
  const value = valueAt(document, segments);
  let text = error.message ?? error.keyword;
  if (Array.isArray(params.allowedValues))
    text += `: ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  else if (params.allowedValue !== undefined) text += `: ${JSON.stringify(params.allowedValue)}`;
  if (typeof value === 'string' && typeof params.limit === 'number') text += ` (it has ${value.length})`;
  if (value !== undefined && (typeof value !== 'object' || value === null))
    text += `; got ${describeValue(value)}`;
  return { file, path: formatJsonPath(segments), message: text };
}

const validators = new Map<string, ValidateFunction>();

/**
 * The Teams manifest and localisation schemas are draft-04. `unicodeRegExp: false` because the
 * localisation schemas (v1.19 to v1.30) have `…\\b]\\.description$` keys: valid JavaScript patterns,
 * but an error ("Lone quantifier brackets") with the `u` flag Ajv uses by default.
 */
function validatorFor(schemaUrl: string, schema: Schema): ValidateFunction {
  let validate = validators.get(schemaUrl);
  if (!validate) {
    const ajv = new Ajv04({ allErrors: true, strictTypes: false, unicodeRegExp: false });
    addFormats(ajv, ['uri', 'email', 'regex']);
    validate = ajv.compile(schema);
    validators.set(schemaUrl, validate);
  }
  return validate;
}

/** Validates a parsed manifest or localisation file against its bundled schema; no network. */
export async function validateWithBundledSchema(document: unknown, file: string): Promise<PackageProblem[]> {
  const schemaUrl =
    document !== null && typeof document === 'object'
      ? (document as Record<string, unknown>).$schema
      : undefined;
  const loaded = await loadBundledSchema(schemaUrl, file);
  if ('problem' in loaded) return [loaded.problem];
  let errors: ErrorObject[];
  try {
    const validate = validatorFor(schemaUrl as string, loaded.schema);
    errors = validate(document) ? [] : (validate.errors ?? []);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return [
      { file, path: formatJsonPath(['$schema']), message: `the bundled schema could not be used: ${reason}` },
    ];
  }
  const seen = new Set<string>();
  const problems: PackageProblem[] = [];
  for (const error of errors) {
    const problem = toProblem(error, document, file);
    const key = `${problem.path ?? ''} ${problem.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(problem);
    }
  }
  return problems;
}
