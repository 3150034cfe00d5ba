import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse as parseDotenv } from 'dotenv';
import { parse as parseYaml } from 'yaml';
import { PROJECT_ROOT } from '../../src/core/paths';
import { loadTemplate } from './support/armTemplate';

interface Action {
  uses: string;
  with?: Record<string, unknown>;
  writeToEnvironmentFile?: Record<string, string>;
}

interface Project {
  version: string;
  environmentFolderPath: string;
  provision: Action[];
  deploy: Action[];
  publish: Action[];
}

const projectText = readFileSync(join(PROJECT_ROOT, 'm365agents.yml'), 'utf8');
const project = parseYaml(projectText) as Project;

function validatorFor(version: string) {
  const file = join(PROJECT_ROOT, 'test', 'deploy', 'schema', `m365agents.${version}.schema.json`);
  assert.ok(existsSync(file), `the toolkit schema for ${version} is vendored (test/deploy/schema/)`);
  const ajv = new Ajv({ allErrors: true, strict: false });
  return ajv.compile(JSON.parse(readFileSync(file, 'utf8')) as object);
}

describe('Agents Toolkit project (m365agents.yml)', () => {
  it("is valid against the Microsoft 365 Agents Toolkit's own schema for its version", () => {
    const validate = validatorFor(project.version);
    const valid = validate(project);
    assert.ok(valid, JSON.stringify(validate.errors, null, 2));
    assert.ok(
      projectText.includes(`/${project.version}/yaml.schema.json`),
      'the editor hint names the same version',
    );
  });

  it('vendors the schema unchanged: its sha256 is the one its README notes with the source package', () => {
    const dir = join(PROJECT_ROOT, 'test', 'deploy', 'schema');
    const sha = createHash('sha256')
      .update(readFileSync(join(dir, `m365agents.${project.version}.schema.json`)))
      .digest('hex');
    const note = readFileSync(join(dir, 'README.md'), 'utf8');
    assert.ok(note.includes(sha), 'README.md names the sha256');
    assert.match(note, /@microsoft\/m365agentstoolkit-cli` \*\*\d+\.\d+\.\d+\*\*/);
  });

  it('the schema refuses a broken project (the check has teeth)', () => {
    const validate = validatorFor(project.version);
    const broken = structuredClone(project);
    delete broken.provision[1].with!.resourceGroupName;
    assert.equal(validate(broken), false);
    assert.equal(
      validate({ ...project, provision: [{ uses: 'arm/deploy', with: { templates: 1 } }] }),
      false,
    );
  });

  it('provisions, deploys and publishes with the actions the deployment guide names, in order', () => {
    assert.deepEqual(
      project.provision.map((a) => a.uses),
      [
        'teamsApp/create',
        'arm/deploy',
        'teamsApp/validateManifest',
        'teamsApp/zipAppPackage',
        'teamsApp/validateAppPackage',
        'teamsApp/update',
      ],
    );
    assert.deepEqual(
      project.deploy.map((a) => a.uses),
      ['cli/runNpmCommand', 'cli/runNpmCommand', 'azureAppService/zipDeploy'],
    );
    assert.deepEqual(
      project.publish.map((a) => a.uses).slice(-1),
      ['teamsApp/publishAppPackage'],
      'publish ends in the Teams admin center',
    );
  });

  it('points at files and scripts that exist: the ARM template, its parameters, the manifest, stage:webapp', () => {
    const arm = project.provision.find((a) => a.uses === 'arm/deploy')!;
    const [template] = arm.with!.templates as Array<{ path: string; parameters: string }>;
    assert.ok(existsSync(join(PROJECT_ROOT, template.path)));
    assert.ok(existsSync(join(PROJECT_ROOT, template.parameters)));
    for (const action of [...project.provision, ...project.publish]) {
      const manifest = action.with?.manifestPath;
      if (typeof manifest === 'string') assert.ok(existsSync(join(PROJECT_ROOT, manifest)), manifest);
    }
    const scripts = (
      JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    for (const action of project.deploy.filter((a) => a.uses === 'cli/runNpmCommand')) {
      const script = /^run ([\w:-]+)/.exec(String(action.with?.args))?.[1];
      if (script) assert.ok(scripts[script], `npm run ${script} exists`);
    }
    const zip = project.deploy.find((a) => a.uses === 'azureAppService/zipDeploy')!;
    assert.equal(zip.with?.artifactFolder, './build/webapp', 'the folder stage:webapp writes');
  });

  it('every ${{VAR}} is in env/.env.dev, written by an earlier action, or an output of the template', () => {
    const envFile = parseDotenv(readFileSync(join(PROJECT_ROOT, project.environmentFolderPath, '.env.dev')));
    const written = new Set<string>(Object.keys(loadTemplate().outputs));
    for (const action of [...project.provision, ...project.deploy, ...project.publish]) {
      for (const name of Object.values(action.writeToEnvironmentFile ?? {})) written.add(name);
    }
    const used = [...projectText.matchAll(/\$\{\{([A-Z0-9_]+)\}\}/g)].map((m) => m[1]);
    assert.ok(used.length > 0);
    for (const name of used) assert.ok(name in envFile || written.has(name), `${name} has a source`);
    // The manifest's placeholders that provision fills from the template's outputs.
    for (const name of ['BOT_ID', 'BOT_DOMAIN']) assert.ok(written.has(name), `${name} is an ARM output`);
    for (const name of Object.keys(loadTemplate().outputs)) assert.ok(name in envFile, `${name} in .env.dev`);
  });
});
