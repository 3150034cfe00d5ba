import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ScriptErrorCodes } from '../../scripts/lib/errors';
import { ErrorCodes } from '../../src/core/errors';
import { PROJECT_ROOT } from '../../src/core/paths';

/** Every .ts file under the given project folders, as [relative path, text]. */
function sources(...folders: string[]): Array<[string, string]> {
  return folders.flatMap((folder) =>
    readdirSync(path.join(PROJECT_ROOT, folder), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .map((file): [string, string] => {
        const relative = path.join(folder, file).split(path.sep).join('/');
        return [relative, readFileSync(path.join(PROJECT_ROOT, relative), 'utf8')];
      }),
  );
}

/** The README's `## Error codes` section. */
function readmeSection(): string {
  const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  const match = /^## Error codes\n([\s\S]*?)(?=^## )/m.exec(readme);
  assert.ok(match, 'README.md has a "## Error codes" section');
  return match[1];
}

const catalogues = [
  { name: 'ErrorCodes', file: 'src/core/errors.ts', codes: ErrorCodes, usedIn: ['src', 'dialogs'] },
  { name: 'ScriptErrorCodes', file: 'scripts/lib/errors.ts', codes: ScriptErrorCodes, usedIn: ['scripts'] },
] as const;

describe('error catalogue', () => {
  for (const { name, file, codes, usedIn } of catalogues) {
    describe(`${name} (${file})`, () => {
      // The catalogue file counts without its declaration: errorCodeOf's default (TURN_FAILED) is a real use.
      const declaration = new RegExp(`export const ${name} = \\{[\\s\\S]*?\\n\\} as const;`);
      const files = sources(...usedIn).map(([relative, text]): [string, string] => [
        relative,
        relative === file ? text.replace(declaration, '') : text,
      ]);

      for (const [key, code] of Object.entries(codes)) {
        it(`${code} (${key}) is used in ${usedIn.join('/')} and documented in README.md`, () => {
          const use = new RegExp(`\\b${name}\\.${key}\\b|\\b${name}\\[['"]${key}['"]\\]`);
          assert.ok(
            files.some(([, text]) => use.test(text)),
            `${name}.${key} is declared but used nowhere: use it where it belongs or remove it`,
          );
          assert.ok(
            readmeSection().includes(`\`${code}\``),
            `${code} is missing from README.md "## Error codes"`,
          );
        });
      }
    });
  }

  it('follows one pattern: WB-AREA-NNN (an area in capitals, three digits)', () => {
    const odd = catalogues
      .flatMap(({ codes }) => Object.values(codes) as string[])
      .filter((code) => !/^WB-[A-Z]+-\d{3}$/.test(code));
    assert.deepEqual(odd, []);
  });

  it('gives every code one meaning: no value twice across both catalogues', () => {
    const values = catalogues.flatMap(({ codes }) => Object.values(codes) as string[]);
    assert.deepEqual(
      values.filter((v, i) => values.indexOf(v) !== i),
      [],
    );
  });

  it('has no raw "WB-…" string outside the catalogues', () => {
    const catalogueFiles = new Set<string>(catalogues.map((c) => c.file));
    const raw = /(['"`])WB-[A-Z0-9-]*\1?/g;
    const offenders = sources('src', 'dialogs', 'scripts')
      .filter(([relative]) => !catalogueFiles.has(relative))
      .flatMap(([relative, text]) => [...text.matchAll(raw)].map((m) => `${relative}: ${m[0]}`));
    assert.deepEqual(offenders, [], 'use the catalogue constant instead');
  });
});
