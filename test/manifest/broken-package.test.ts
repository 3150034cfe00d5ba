import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { buildAppPackage } from '../../scripts/lib/app-package';
import { PNG } from 'pngjs';
import { PackageError, formatProblem, type PackageProblem } from '../../scripts/lib/problems';
import { ProjectCopy, at } from './fixture';

/** Builds the copy and returns the problems it fails with (the test fails if it builds). */
async function problemsOf(copy: ProjectCopy, envName = 'dev', environment = {}): Promise<PackageProblem[]> {
  try {
    await buildAppPackage({ root: copy.root, envName, environment });
  } catch (err) {
    assert.ok(err instanceof PackageError, `expected PackageError, got ${String(err)}`);
    assert.equal(err.code, 'WB-PKG-001');
    // Every problem is in the message the user sees.
    for (const p of err.problems) assert.ok(err.message.includes(formatProblem(p)));
    return [...err.problems];
  }
  assert.fail('the package was built');
}

function find(problems: PackageProblem[], file: string, path: string): PackageProblem {
  const hit = problems.find((p) => p.file === file && p.path === path);
  assert.ok(hit, `no problem at ${file} ${path}; got:\n${problems.map(formatProblem).join('\n')}`);
  return hit;
}

describe('a broken app package fails with readable errors', () => {
  let copy: ProjectCopy;

  beforeEach(() => {
    copy = new ProjectCopy();
  });

  afterEach(() => copy.remove());

  it('builds from the untouched copy (so each failure below comes from its own change)', async () => {
    const built = await buildAppPackage({ root: copy.root, envName: 'dev', environment: {} });
    assert.ok(existsSync(built.zipPath));
  });

  it('names a missing required field', async () => {
    copy.editJson('manifest/manifest.json', (m) => delete m.accentColor);
    const problem = find(await problemsOf(copy), 'manifest/manifest.json', '$.accentColor');
    assert.match(problem.message, /required/);
  });

  it('rejects a bot id that is not a GUID, showing the value', async () => {
    copy.editEnv('dev', { BOT_ID: 'writeback-bot' });
    const problem = find(await problemsOf(copy), 'manifest/manifest.json', '$.bots[0].botId');
    assert.match(problem.message, /pattern/);
    assert.match(problem.message, /"writeback-bot"/);
  });

  it('rejects a name.short over 30 characters in a localisation file', async () => {
    copy.editJson('manifest/lv.json', (l) => {
      l['name.short'] = 'Paroļu atpakaļrakstīšanas palīgs!';
    });
    const problem = find(await problemsOf(copy), 'manifest/lv.json', '$["name.short"]');
    assert.match(problem.message, /30 characters \(it has 33\)/);
  });

  it('reports every problem at once, across files', async () => {
    copy.editJson('manifest/manifest.json', (m) => {
      m.unknownField = true;
      (at(m, 'bots', 0) as Record<string, unknown>).scopes = ['personal', 'meeting'];
    });
    copy.editJson('manifest/zh-cn.json', (l) => delete l['description.full']);
    const problems = await problemsOf(copy);
    assert.match(find(problems, 'manifest/manifest.json', '$.unknownField').message, /not allowed/);
    assert.match(find(problems, 'manifest/manifest.json', '$.bots[0].scopes[1]').message, /"meeting"/);
    assert.match(find(problems, 'manifest/zh-cn.json', '$["description.full"]').message, /required/);
  });

  it('enforces Teams command limits the schema does not (title ≤ 32, ≤ 10 commands)', async () => {
    copy.editJson('manifest/manifest.json', (m) => {
      const commands = at(m, 'bots', 0, 'commandLists', 1, 'commands') as { title: string }[];
      commands[2].title = 'connectivity checks for the proxy';
      commands.push({ title: 'extra' });
    });
    const problems = await problemsOf(copy);
    assert.match(
      find(problems, 'manifest/manifest.json', '$.bots[0].commandLists[1].commands[2].title').message,
      /at most 32/,
    );
    assert.match(
      find(problems, 'manifest/manifest.json', '$.bots[0].commandLists[1].commands').message,
      /at most 10/,
    );
  });

  it('requires each localisation file to translate exactly the commands the manifest has', async () => {
    copy.editJson('manifest/ro.json', (l) => {
      delete l['bots[0].commandLists[2].commands[9].description'];
      l['bots[0].commandLists[0].commands[11].title'] = 'ghost';
    });
    const problems = await problemsOf(copy);
    assert.match(
      find(problems, 'manifest/ro.json', '$["bots[0].commandLists[2].commands[9].description"]').message,
      /missing/,
    );
    assert.match(
      find(problems, 'manifest/ro.json', '$["bots[0].commandLists[0].commands[11].title"]').message,
      /does not have/,
    );
  });

  it('refuses a schema version that is not bundled (no network fallback)', async () => {
    copy.editJson('manifest/manifest.json', (m) => {
      m.$schema = 'https://developer.microsoft.com/json-schemas/teams/v1.18/MicrosoftTeams.schema.json';
      m.manifestVersion = '1.18';
    });
    const problem = find(await problemsOf(copy), 'manifest/manifest.json', '$.$schema');
    assert.match(problem.message, /not a schema bundled/);
  });

  it('points at the line of a JSON syntax error', async () => {
    writeFileSync(copy.path('manifest/sl.json'), '{\n  "name.short": "x",\n  oops\n}\n');
    const problems = await problemsOf(copy);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].file, 'manifest/sl.json');
    assert.match(problems[0].message, /line 3/);
  });

  it('rejects an outline icon that is not white on transparent', async () => {
    const grey = new PNG({ width: 32, height: 32 });
    grey.data.fill(0x80);
    writeFileSync(copy.path('manifest/outline.png'), PNG.sync.write(grey));
    const messages = (await problemsOf(copy))
      .filter((p) => p.file === 'manifest/outline.png')
      .map((p) => p.message);
    assert.ok(
      messages.some((m) => /transparent background/.test(m)),
      messages.join('; '),
    );
    assert.ok(
      messages.some((m) => /must be white only/.test(m)),
      messages.join('; '),
    );
  });

  it('names a missing icon file and where it is referenced', async () => {
    copy.editJson('manifest/manifest.json', (m) => {
      (m.icons as Record<string, unknown>).color = 'icons/missing.png';
    });
    const problem = (await problemsOf(copy)).find((p) => p.file === 'manifest/icons/missing.png');
    assert.ok(problem);
    assert.match(problem.message, /not found.*\$\.icons\.color/);
  });

  it('fails when BOT_ID and MicrosoftAppId point at different bots', async () => {
    const problems = await problemsOf(copy, 'dev', {
      MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
    });
    assert.match(find(problems, 'manifest/manifest.json', '$.bots[0].botId').message, /MicrosoftAppId/);
  });

  it('fails on an env name without an env file', async () => {
    const problems = await problemsOf(copy, 'staging');
    assert.equal(problems[0].file, 'env/.env.staging');
    assert.match(problems[0].message, /not found/);
  });
});
