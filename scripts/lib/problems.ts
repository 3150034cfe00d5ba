import { ScriptErrorCodes } from './errors';

/** One thing wrong with the app package, located as precisely as we can. */
export interface PackageProblem {
  /** Path relative to the project root, e.g. `manifest/lv.json` or `env/.env.dev`. */
  file: string;
  /** JSONPath inside the file, e.g. `$.bots[0].botId` or `$["name.short"]`. */
  path?: string;
  message: string;
}

export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `['bots', 0, 'botId']` → `$.bots[0].botId`; keys that are not identifiers use `["…"]`. */
export function formatJsonPath(segments: readonly PathSegment[]): string {
  let out = '$';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** A JSON Pointer as ajv reports it (`/bots/0/botId`) → path segments; digit-only parts are indices. */
export function jsonPointerToSegments(pointer: string): PathSegment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^(0|[1-9][0-9]*)$/.test(part) ? Number(part) : part));
}

/** @internal Exported for the tests as well. */
export function formatProblem(problem: PackageProblem): string {
  return problem.path
    ? `${problem.file} ${problem.path}: ${problem.message}`
    : `${problem.file}: ${problem.message}`;
}

/** Thrown when the package cannot be built; `problems` lists every reason, not just the first. */
export class PackageError extends Error {
  readonly code = ScriptErrorCodes.PACKAGE_INVALID;

  constructor(readonly problems: readonly PackageProblem[]) {
    super(
      `App package not built, ${problems.length} problem(s):\n` +
        problems.map((p) => `  - ${formatProblem(p)}`).join('\n'),
    );
    this.name = 'PackageError';
  }
}
