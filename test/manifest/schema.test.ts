import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { bundledTeamsVersions, validateWithBundledSchema } from '../../scripts/lib/manifest-schema';
import { parseArgs } from '../../scripts/package';
import { PROJECT_ROOT } from './fixture';

const LOCALIZATION_SCHEMA =
  'https://developer.microsoft.com/json-schemas/teams/v1.30/MicrosoftTeams.Localization.schema.json';
const minimal = {
  $schema: LOCALIZATION_SCHEMA,
  'name.short': 'a',
  'description.short': 'b',
  'description.full': 'c',
};

describe('bundled Teams schemas', () => {
  it('include the manifest version we use and not v1.18', () => {
    const versions = bundledTeamsVersions();
    assert.ok(versions.includes('1.30'));
    assert.ok(!versions.includes('1.18'));
  });

  it('validate localisation files although the bundled schema has patterns ajv rejects as written', async () => {
    // The activities pattern is the one that made ajv throw "Lone quantifier brackets".
    assert.deepEqual(
      await validateWithBundledSchema(
        { ...minimal, 'activities.activityTypes[5].description': 'x' },
        'l.json',
      ),
      [],
    );
    const problems = await validateWithBundledSchema(
      { ...minimal, 'activities.activityTypes[500].description': 'x' },
      'l.json',
    );
    assert.deepEqual(
      problems.map((p) => p.path),
      ['$["activities.activityTypes[500].description"]'],
    );
  });

  it('accepts the locale-prefixed schema URL developer.microsoft.com also serves', async () => {
    const url = LOCALIZATION_SCHEMA.replace('.com/json-schemas', '.com/en-us/json-schemas');
    assert.deepEqual(await validateWithBundledSchema({ ...minimal, $schema: url }, 'l.json'), []);
  });

  it('reports a document without $schema instead of guessing', async () => {
    const problems = await validateWithBundledSchema({ 'name.short': 'a' }, 'l.json');
    assert.equal(problems[0].path, '$.$schema');
    assert.match(problems[0].message, /required/);
  });
});

describe('package command line', () => {
  const script = path.join(PROJECT_ROOT, 'dist', 'scripts', 'package.js');

  it('parses --env in both spellings and defaults to local', () => {
    assert.deepEqual(parseArgs([]), { envName: 'local' });
    assert.deepEqual(parseArgs(['--env', 'dev']), { envName: 'dev' });
    assert.deepEqual(parseArgs(['--env=prod']), { envName: 'prod' });
    assert.ok('error' in parseArgs(['--env']));
    assert.ok('error' in parseArgs(['dev']));
  });

  it('exits 1 and names the missing env file', () => {
    const run = spawnSync(process.execPath, [script, '--env', 'no-such-env'], { encoding: 'utf8' });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /env\/\.env\.no-such-env: not found/);
  });

  it('builds build/appPackage.local.zip and exits 0', () => {
    const run = spawnSync(process.execPath, [script], { encoding: 'utf8', cwd: PROJECT_ROOT });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /Built build\/appPackage\.local\.zip/);
    assert.ok(existsSync(path.join(PROJECT_ROOT, 'build', 'appPackage.local.zip')));
  });
});
