import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { buildAppPackage } from '../../scripts/lib/app-package';
import { substitutePlaceholders } from '../../scripts/lib/placeholders';
import { PackageError } from '../../scripts/lib/problems';
import { ProjectCopy, at, readZip } from './fixture';

describe('placeholder substitution', () => {
  const values: Record<string, string> = { BOT_ID: 'b-1', HOST: 'bot.example.com', EMPTY: '' };
  const lookup = (name: string): string | undefined => values[name];

  it('fills every ${{VAR}} in string values, also several in one string and with spaces inside the braces', () => {
    const result = substitutePlaceholders(
      { id: '${{BOT_ID}}', list: ['https://${{ HOST }}/x/${{BOT_ID}}'], n: 3, ok: true, none: null },
      lookup,
      'f.json',
    );
    assert.deepEqual(result.value, {
      id: 'b-1',
      list: ['https://bot.example.com/x/b-1'],
      n: 3,
      ok: true,
      none: null,
    });
    assert.deepEqual(result.missing, []);
    assert.deepEqual(result.problems, []);
  });

  it('reports each unset or empty variable with every JSON path that uses it, and keeps the placeholder', () => {
    const result = substitutePlaceholders(
      { a: '${{NOPE}}', b: [{ c: 'x ${{NOPE}}' }], 'name.short': '${{EMPTY}}' },
      lookup,
      'f.json',
    );
    assert.deepEqual(result.missing, [
      {
        name: 'NOPE',
        usedAt: [
          { file: 'f.json', path: '$.a' },
          { file: 'f.json', path: '$.b[0].c' },
        ],
      },
      { name: 'EMPTY', usedAt: [{ file: 'f.json', path: '$["name.short"]' }] },
    ]);
    assert.equal(at(result.value, 'a'), '${{NOPE}}');
  });

  it('flags malformed placeholders and placeholders in keys instead of shipping them', () => {
    const result = substitutePlaceholders({ a: '${{BOT-ID}}', '${{BOT_ID}}': 'x' }, lookup, 'f.json');
    assert.deepEqual(
      result.problems.map((p) => p.path),
      ['$.a', '$["${{BOT_ID}}"]'],
    );
  });
});

describe('packaging with missing or overridden variables', () => {
  let copy: ProjectCopy;

  beforeEach(() => {
    copy = new ProjectCopy();
  });

  afterEach(() => copy.remove());

  async function failure(envName: string, environment = {}): Promise<string> {
    try {
      await buildAppPackage({ root: copy.root, envName, environment });
    } catch (err) {
      assert.ok(err instanceof PackageError);
      return err.message;
    }
    assert.fail('the package was built');
  }

  it('lists every missing variable with its name and each place it is used', async () => {
    copy.editEnv('prod', { BOT_ID: undefined, DEVELOPER_NAME: undefined });
    copy.editJson('manifest/lv.json', (l) => {
      l['name.full'] = 'Paroļu atpakaļrakstīšana — ${{DEVELOPER_NAME}}';
    });
    const message = await failure('prod');
    assert.match(message, /2 problem/);
    assert.match(
      message,
      /variable BOT_ID is not set .*env\/\.env\.prod.*used at manifest\/manifest\.json \$\.bots\[0\]\.botId/,
    );
    assert.match(
      message,
      /variable DEVELOPER_NAME is not set .*used at manifest\/manifest\.json \$\.developer\.name, manifest\/lv\.json \$\["name\.full"\]/,
    );
  });

  it('treats an empty value as missing', async () => {
    copy.editEnv('dev', { BOT_DOMAIN: '' });
    assert.match(await failure('dev'), /variable BOT_DOMAIN is not set .*\$\.validDomains\[0\]/);
  });

  it('takes env/.env.<name>.user over env/.env.<name>, and environment variables over both', async () => {
    writeFileSync(
      copy.path('env/.env.dev.user'),
      'BOT_ID=22222222-2222-2222-2222-222222222222\nBOT_DOMAIN=user.example.com\n',
    );
    const built = await buildAppPackage({
      root: copy.root,
      envName: 'dev',
      environment: { BOT_DOMAIN: 'env.example.com', UNRELATED: 'x' },
    });
    assert.deepEqual(built.envFiles, ['env/.env.dev', 'env/.env.dev.user']);
    const manifest: unknown = JSON.parse(
      (await readZip(built.zipPath)).get('manifest.json')?.toString() ?? 'null',
    );
    assert.equal(at(manifest, 'bots', 0, 'botId'), '22222222-2222-2222-2222-222222222222');
    assert.deepEqual(at(manifest, 'validDomains'), ['env.example.com']);
  });

  it('rejects an env name that could leave env/', async () => {
    assert.match(await failure('../manifest/manifest'), /invalid env name/);
  });
});
