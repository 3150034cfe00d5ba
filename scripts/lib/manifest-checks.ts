/**
 * Checks the JSON schemas cannot express: Teams' documented limits that are stricter than the
 * schema, and consistency between manifest.json and its localisation files.
 */
import { formatJsonPath, type PackageProblem, type PathSegment } from './problems';

/** Teams shows at most 10 commands per list; titles ≤ 32 and descriptions ≤ 128 characters. */
const COMMAND_LIMITS = { commandsPerList: 10, title: 32, description: 128 } as const;

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Every command title/description of every bot, with its path, e.g. bots[0].commandLists[1].commands[2].title. */
function commandStrings(manifest: unknown): { segments: PathSegment[]; value: unknown }[] {
  const out: { segments: PathSegment[]; value: unknown }[] = [];
  if (!isRecord(manifest)) return out;
  asArray(manifest.bots).forEach((bot, b) => {
    if (!isRecord(bot)) return;
    asArray(bot.commandLists).forEach((list, l) => {
      if (!isRecord(list)) return;
      asArray(list.commands).forEach((command, c) => {
        if (!isRecord(command)) return;
        for (const field of ['title', 'description'] as const) {
          if (command[field] !== undefined) {
            out.push({
              segments: ['bots', b, 'commandLists', l, 'commands', c, field],
              value: command[field],
            });
          }
        }
      });
    });
  });
  return out;
}

function lengthProblem(
  value: unknown,
  field: string,
  file: string,
  path: string,
): PackageProblem | undefined {
  const limit = field === 'title' ? COMMAND_LIMITS.title : COMMAND_LIMITS.description;
  if (typeof value === 'string' && value.length > limit) {
    return {
      file,
      path,
      message: `a command ${field} may have at most ${limit} characters (it has ${value.length})`,
    };
  }
  return undefined;
}

/** Teams rules for manifest.json that its schema does not enforce. */
export function checkManifestRules(manifest: unknown, file: string): PackageProblem[] {
  const problems: PackageProblem[] = [];
  if (!isRecord(manifest)) return [{ file, message: 'must be a JSON object' }];
  asArray(manifest.bots).forEach((bot, b) => {
    if (!isRecord(bot)) return;
    asArray(bot.commandLists).forEach((list, l) => {
      const count = isRecord(list) ? asArray(list.commands).length : 0;
      if (count > COMMAND_LIMITS.commandsPerList) {
        problems.push({
          file,
          path: formatJsonPath(['bots', b, 'commandLists', l, 'commands']),
          message: `Teams shows at most ${COMMAND_LIMITS.commandsPerList} commands per list (there are ${count})`,
        });
      }
    });
  });
  for (const { segments, value } of commandStrings(manifest)) {
    const problem = lengthProblem(
      value,
      String(segments[segments.length - 1]),
      file,
      formatJsonPath(segments),
    );
    if (problem) problems.push(problem);
  }
  asArray(manifest.validDomains).forEach((domain, d) => {
    if (typeof domain === 'string' && !/^(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/.test(domain)) {
      problems.push({
        file,
        path: formatJsonPath(['validDomains', d]),
        message: `must be a bare host name such as bot.example.com (no scheme, port or path); got ${JSON.stringify(domain)}`,
      });
    }
  });
  const info = manifest.localizationInfo;
  if (isRecord(info)) {
    const tags = new Set<string>([String(info.defaultLanguageTag).toLowerCase()]);
    asArray(info.additionalLanguages).forEach((language, i) => {
      if (!isRecord(language)) return;
      const tag = String(language.languageTag).toLowerCase();
      if (tags.has(tag)) {
        problems.push({
          file,
          path: formatJsonPath(['localizationInfo', 'additionalLanguages', i, 'languageTag']),
          message: `language ${JSON.stringify(language.languageTag)} is listed twice (or is the default language)`,
        });
      }
      tags.add(tag);
    });
  }
  return problems;
}

/** Localisation key → manifest path: "bots[0].commandLists[1].commands[2].title" → [bots, 0, …]. */
function localizationKeyToSegments(key: string): PathSegment[] {
  const segments: PathSegment[] = [];
  for (const match of key.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    segments.push(match[2] !== undefined ? Number(match[2]) : match[1]);
  }
  return segments;
}

function valueAt(root: unknown, segments: readonly PathSegment[]): unknown {
  let node = root;
  for (const segment of segments) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

/**
 * A localisation file must translate what the manifest has (names, descriptions, every command
 * title and description) and nothing the manifest does not have.
 */
export function checkLocalizationAgainstManifest(
  localization: unknown,
  file: string,
  manifest: unknown,
): PackageProblem[] {
  if (!isRecord(localization)) return [{ file, message: 'must be a JSON object' }];
  const problems: PackageProblem[] = [];
  const keyPath = (key: string): string => formatJsonPath([key]);
  for (const [key, value] of Object.entries(localization)) {
    if (key === '$schema' || key === 'localizationKeys') continue;
    const segments = localizationKeyToSegments(key);
    if (valueAt(manifest, segments) === undefined) {
      problems.push({
        file,
        path: keyPath(key),
        message: `translates ${formatJsonPath(segments)}, which manifest.json does not have`,
      });
    }
    const last = segments[segments.length - 1];
    if (segments[0] === 'bots' && (last === 'title' || last === 'description')) {
      const problem = lengthProblem(value, last, file, keyPath(key));
      if (problem) problems.push(problem);
    }
  }
  const required: PathSegment[][] = [
    ['name', 'short'],
    ['description', 'short'],
    ['description', 'full'],
  ];
  if (isRecord(manifest) && isRecord(manifest.name) && manifest.name.full !== undefined)
    required.push(['name', 'full']);
  for (const { segments } of commandStrings(manifest)) required.push(segments);
  for (const segments of required) {
    const key = segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
    if (!(key in localization)) {
      problems.push({
        file,
        path: keyPath(key),
        message: `missing: manifest.json has ${formatJsonPath(segments)}`,
      });
    }
  }
  return problems;
}

/** The localisation file must use the localisation schema of the manifest's own version. */
export function checkLocalizationSchemaUrl(
  localization: unknown,
  file: string,
  manifest: unknown,
): PackageProblem[] {
  if (!isRecord(localization) || !isRecord(manifest) || typeof manifest.$schema !== 'string') return [];
  const expected = manifest.$schema.replace(
    /MicrosoftTeams\.schema\.json$/,
    'MicrosoftTeams.Localization.schema.json',
  );
  if (localization.$schema === expected) return [];
  return [
    {
      file,
      path: formatJsonPath(['$schema']),
      message: `must be ${JSON.stringify(expected)} (the localisation schema of the manifest's version); got ${JSON.stringify(localization.$schema)}`,
    },
  ];
}
