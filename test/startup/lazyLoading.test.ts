import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DIST_SRC = join(__dirname, '..', '..', 'src');

/** Creates the app in a fresh Node process with `env` and lists which optional modules got loaded. */
function modulesLoadedBy(env: Record<string, string>): string[] {
  const dataDir = mkdtempSync(join(tmpdir(), 'wb-lazy-'));
  const script = `
    const { parseConfig } = require(${JSON.stringify(join(DIST_SRC, 'config.js'))});
    const { createApp } = require(${JSON.stringify(join(DIST_SRC, 'app.js'))});
    const app = createApp(parseConfig({ PORT: '0', DATA_DIR: ${JSON.stringify(dataDir)}, ...${JSON.stringify(env)} }));
    const loaded = Object.keys(require.cache);
    const probes = ['@azure/storage-queue', '@azure/storage-blob', 'botbuilder-azure-blobs', 'dist/src/tenantChecks/tokenProvider', 'recognizers-text'];
    process.stdout.write(JSON.stringify(probes.filter((p) => loaded.some((f) => f.includes(p)))));
    app.close().then(() => process.exit(0));
  `;
  try {
    const out = execFileSync(process.execPath, ['-e', script], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return JSON.parse(out) as string[];
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

describe('start-up loads only what the configuration uses', () => {
  it('a local bot loads neither the Azure Storage SDKs nor msal and the Graph client', () => {
    assert.deepEqual(modulesLoadedBy({}), []);
  });

  it('configured Graph and Azure Storage load their modules', () => {
    const loaded = modulesLoadedBy({
      GRAPH_CLIENT_ID: '11111111-1111-4111-8111-111111111111',
      GRAPH_CLIENT_SECRET: 'not-a-real-secret',
      AZURE_STORAGE_CONNECTION_STRING:
        'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Zm9v;BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;QueueEndpoint=http://127.0.0.1:1/devstoreaccount1;',
    });
    for (const name of [
      '@azure/storage-queue',
      'botbuilder-azure-blobs',
      'dist/src/tenantChecks/tokenProvider',
    ])
      assert.ok(loaded.includes(name), `${name} loaded`);
  });
});
