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
    const { startTelemetry } = require(${JSON.stringify(join(DIST_SRC, 'telemetry/start.js'))});
    const config = parseConfig({ PORT: '0', DATA_DIR: ${JSON.stringify(dataDir)}, ...${JSON.stringify(env)} });
    const sink = startTelemetry(config.telemetry);
    const app = createApp(config);
    const loaded = Object.keys(require.cache);
    const probes = ['@azure/storage-queue', '@azure/storage-blob', 'botbuilder-azure-blobs', 'dist/src/tenantChecks/tokenProvider', 'recognizers-text', '@opentelemetry/', '@azure/monitor-opentelemetry', 'dist/src/telemetry/otel'];
    process.stdout.write(JSON.stringify(probes.filter((p) => loaded.some((f) => f.includes(p)))));
    app.close().then(() => (sink ? sink.shutdown() : undefined)).then(() => process.exit(0));
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
  it('a local bot loads neither the Azure Storage SDKs nor msal and the Graph client, nor OpenTelemetry', () => {
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

  it('OpenTelemetry is loaded only with an exporter configured, and OTEL_SDK_DISABLED keeps it out', () => {
    const otlp = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9/' };
    const loaded = modulesLoadedBy(otlp);
    assert.ok(loaded.includes('@opentelemetry/'), 'OTLP endpoint: the SDK is loaded');
    assert.ok(
      !loaded.includes('@azure/monitor-opentelemetry'),
      'Azure Monitor only with its connection string',
    );
    assert.deepEqual(modulesLoadedBy({ ...otlp, OTEL_SDK_DISABLED: 'true' }), []);
    assert.deepEqual(
      modulesLoadedBy({ OTEL_SERVICE_NAME: 'x', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }),
      [],
    );
  });
});
