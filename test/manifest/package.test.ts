import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { buildAppPackage } from '../../scripts/lib/app-package';
import { validateWithBundledSchema } from '../../scripts/lib/manifest-schema';
import { PROJECT_ROOT, at, committedEnvNames, readEnvFile, readZip } from './fixture';

const SCOPES = ['personal', 'team', 'groupChat'];
const COMMAND_TITLES = [
  'help',
  'configuration',
  'connectivity',
  'still not working',
  'run all',
  'event <id>',
  'language <code>',
  'cancel',
  'restart',
  'menu',
];
const LANGUAGES = ['lv', 'lt', 'sl', 'ro', 'zh-cn'];

describe('app package from the committed env files', () => {
  let outDir: string;

  before(() => {
    outDir = mkdtempSync(path.join(tmpdir(), 'wb-package-'));
  });

  after(() => rmSync(outDir, { recursive: true, force: true }));

  it('has local, dev and prod env files', () => {
    for (const name of ['local', 'dev', 'prod']) assert.ok(committedEnvNames().includes(name), name);
  });

  for (const envName of ['local', 'dev', 'prod']) {
    describe(`--env ${envName}`, () => {
      let entries: Map<string, Buffer>;
      let manifest: unknown;
      let env: Record<string, string>;

      before(async () => {
        const built = await buildAppPackage({ root: PROJECT_ROOT, envName, environment: {}, outDir });
        assert.equal(built.zipPath, path.join(outDir, `appPackage.${envName}.zip`));
        entries = await readZip(built.zipPath);
        manifest = JSON.parse(entries.get('manifest.json')?.toString('utf8') ?? 'null');
        env = readEnvFile(PROJECT_ROOT, envName);
      });

      it('holds the manifest, both icons and every localisation file at the package root', () => {
        assert.deepEqual(
          [...entries.keys()].sort(),
          ['color.png', 'manifest.json', 'outline.png', ...LANGUAGES.map((tag) => `${tag}.json`)].sort(),
        );
      });

      it('fills the ids, domain and developer details from the env file and leaves no placeholder', () => {
        assert.equal(at(manifest, 'id'), env.TEAMS_APP_ID);
        assert.equal(at(manifest, 'bots', 0, 'botId'), env.BOT_ID);
        assert.deepEqual(at(manifest, 'validDomains'), [env.BOT_DOMAIN]);
        assert.deepEqual(at(manifest, 'developer'), {
          name: env.DEVELOPER_NAME,
          websiteUrl: env.DEVELOPER_WEBSITE_URL,
          privacyUrl: env.DEVELOPER_PRIVACY_URL,
          termsOfUseUrl: env.DEVELOPER_TERMS_OF_USE_URL,
        });
        for (const [name, content] of entries) {
          if (name.endsWith('.json'))
            assert.ok(!content.toString('utf8').includes('${{'), `${name} has a placeholder`);
        }
      });

      it('is a valid manifest and valid localisation files for the bundled schemas', async () => {
        assert.deepEqual(await validateWithBundledSchema(manifest, 'manifest.json'), []);
        for (const tag of LANGUAGES) {
          const loc: unknown = JSON.parse(entries.get(`${tag}.json`)?.toString('utf8') ?? 'null');
          assert.deepEqual(await validateWithBundledSchema(loc, `${tag}.json`), []);
        }
      });

      it('declares a conversational bot in personal, team and group chat with the commands it understands', () => {
        assert.equal(at(manifest, 'manifestVersion'), '1.30');
        const bot = at(manifest, 'bots', 0);
        assert.deepEqual(at(bot, 'scopes'), SCOPES);
        assert.equal(at(bot, 'supportsFiles'), false);
        assert.equal(at(bot, 'isNotificationOnly'), false);
        SCOPES.forEach((scope, i) => {
          assert.deepEqual(at(bot, 'commandLists', i, 'scopes'), [scope]);
          const commands = at(bot, 'commandLists', i, 'commands') as { title: string; description: string }[];
          assert.deepEqual(
            commands.map((c) => c.title),
            COMMAND_TITLES,
          );
          for (const c of commands)
            assert.ok(c.description.length > 0 && c.description.length <= 128, c.title);
        });
        assert.deepEqual(at(manifest, 'localizationInfo', 'defaultLanguageTag'), 'en-us');
        assert.deepEqual(
          (at(manifest, 'localizationInfo', 'additionalLanguages') as { languageTag: string }[]).map(
            (l) => l.languageTag,
          ),
          LANGUAGES,
        );
      });

      it('ships the committed icons unchanged, 192×192 colour and 32×32 outline', () => {
        const color = entries.get('color.png');
        const outline = entries.get('outline.png');
        assert.ok(color && outline);
        assert.ok(color.equals(readFileSync(path.join(PROJECT_ROOT, 'manifest', 'color.png'))));
        assert.ok(outline.equals(readFileSync(path.join(PROJECT_ROOT, 'manifest', 'outline.png'))));
        const [colorImage, outlineImage] = [PNG.sync.read(color), PNG.sync.read(outline)];
        assert.deepEqual([colorImage.width, colorImage.height], [192, 192]);
        assert.deepEqual([outlineImage.width, outlineImage.height], [32, 32]);
      });
    });
  }
});

describe('localisation files', () => {
  const english = JSON.parse(
    readFileSync(path.join(PROJECT_ROOT, 'manifest', 'manifest.json'), 'utf8'),
  ) as unknown;

  for (const tag of LANGUAGES) {
    it(`${tag}.json translates the names, descriptions and every command`, () => {
      const loc = JSON.parse(
        readFileSync(path.join(PROJECT_ROOT, 'manifest', `${tag}.json`), 'utf8'),
      ) as Record<string, string>;
      for (const [key, englishText] of [
        ['name.short', at(english, 'name', 'short')],
        ['name.full', at(english, 'name', 'full')],
        ['description.short', at(english, 'description', 'short')],
        ['description.full', at(english, 'description', 'full')],
      ] as const) {
        assert.ok(loc[key], `${tag} ${key}`);
        assert.notEqual(loc[key], englishText, `${tag} ${key} is still English`);
      }
      for (let list = 0; list < SCOPES.length; list++) {
        COMMAND_TITLES.forEach((englishTitle, c) => {
          const prefix = `bots[0].commandLists[${list}].commands[${c}]`;
          const title = loc[`${prefix}.title`];
          const description = loc[`${prefix}.description`];
          assert.ok(title && description, `${tag} ${prefix}`);
          assert.notEqual(
            description,
            at(english, 'bots', 0, 'commandLists', list, 'commands', c, 'description'),
          );
          // The same command in every scope reads the same.
          assert.equal(title, loc[`bots[0].commandLists[0].commands[${c}].title`]);
          if (englishTitle.includes('<')) {
            // A command with an argument shows an example of what to type, e.g. "notikums 33004".
            const keyword = title.replace(/ <.*>$/, '');
            assert.match(
              description,
              new RegExp(`${keyword} (\\d{5}|en)\\b`),
              `${tag} ${prefix}: no example`,
            );
          }
        });
      }
      // Product names are never translated.
      assert.ok(loc['description.full'].includes('Microsoft Entra ID'));
      assert.ok(loc['description.full'].includes('Microsoft Entra Connect'));
    });
  }
});
