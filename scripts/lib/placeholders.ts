import { formatJsonPath, type PackageProblem, type PathSegment } from './problems';

/** Where a `${{NAME}}` placeholder is used. */
interface PlaceholderUse {
  file: string;
  path: string;
}

/** A variable some file needs but no env file (nor the environment) gives a value. */
export interface MissingVariable {
  name: string;
  usedAt: PlaceholderUse[];
}

export interface SubstitutionResult<T> {
  value: T;
  missing: MissingVariable[];
  /** Malformed `${{ … }}` text and placeholders in object keys (not supported). */
  problems: PackageProblem[];
}

/** Teams Toolkit style: `${{BOT_ID}}`, spaces inside the braces allowed. */
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export type Lookup = (name: string) => string | undefined;

/**
 * Replaces every `${{NAME}}` in the string values of a parsed JSON document. A name whose value
 * is undefined or empty is reported with every place it is used, never silently left in.
 */
export function substitutePlaceholders<T>(json: T, lookup: Lookup, file: string): SubstitutionResult<T> {
  const missing = new Map<string, PlaceholderUse[]>();
  const problems: PackageProblem[] = [];

  const visit = (node: unknown, segments: PathSegment[]): unknown => {
    if (typeof node === 'string') {
      const path = formatJsonPath(segments);
      const replaced = node.replace(PLACEHOLDER, (whole, name: string) => {
        const value = lookup(name);
        if (value === undefined || value === '') {
          const uses = missing.get(name) ?? [];
          uses.push({ file, path });
          missing.set(name, uses);
          return whole;
        }
        return value;
      });
      const leftover = node.replace(PLACEHOLDER, '');
      if (leftover.includes('${{')) {
        problems.push({
          file,
          path,
          message: `malformed placeholder in ${JSON.stringify(node)}; use \${{NAME}}`,
        });
      }
      return replaced;
    }
    if (Array.isArray(node)) return node.map((item, index) => visit(item, [...segments, index]));
    if (node !== null && typeof node === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(node)) {
        if (key.includes('${{')) {
          problems.push({
            file,
            path: formatJsonPath([...segments, key]),
            message: 'placeholders are not allowed in keys',
          });
        }
        out[key] = visit(value, [...segments, key]);
      }
      return out;
    }
    return node;
  };

  const value = visit(json, []) as T;
  return {
    value,
    missing: [...missing.entries()].map(([name, usedAt]) => ({ name, usedAt })),
    problems,
  };
}

/** Merges the missing variables of several files: one entry per name, every use listed. */
export function mergeMissing(lists: readonly MissingVariable[][]): MissingVariable[] {
  const merged = new Map<string, PlaceholderUse[]>();
  for (const list of lists) {
    for (const { name, usedAt } of list) merged.set(name, [...(merged.get(name) ?? []), ...usedAt]);
  }
  return [...merged.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, usedAt]) => ({ name, usedAt }));
}

/** One readable problem per missing variable, naming where to set it and every place it is used. */
export function missingVariableProblems(
  missing: readonly MissingVariable[],
  envFile: string,
): PackageProblem[] {
  return missing.map(({ name, usedAt }) => ({
    file: envFile,
    message:
      `variable ${name} is not set (set it in ${envFile}, in ${envFile}.user for secrets, or as an ` +
      `environment variable); used at ${usedAt.map((use) => `${use.file} ${use.path}`).join(', ')}`,
  }));
}
