import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/core/paths';
import { makeTlsFiles, type TlsFiles } from '../tenantChecks/support/tlsFiles';
import { startAzurite, type AzuriteInstance } from '../support/azurite';
import { cardOf } from '../support/botHarness';
import { freePort } from '../support/botProcess';
import { FakeConnector } from '../support/fakeConnector';
import { TeamsConversation } from '../support/teams';
import { ManagedIdentityStub } from './support/managedIdentityStub';

const CLIENT_ID = '5b0e1d2c-3a4f-4e6d-8c7b-9a0f1e2d3c4b';

/** Lists, with the account key over https, the blobs of `container` and the account's queues. */
function listWithAccountKey(azurite: AzuriteInstance, tls: TlsFiles, container: string) {
  const script = `
    const { ContainerClient } = require('@azure/storage-blob');
    const { QueueServiceClient } = require('@azure/storage-queue');
    (async () => {
      const blobs = [];
      const c = new ContainerClient(process.env.CS, ${JSON.stringify(container)});
      if (await c.exists()) for await (const b of c.listBlobsFlat()) blobs.push(b.name);
      const queues = [];
      for await (const q of QueueServiceClient.fromConnectionString(process.env.CS).listQueues()) queues.push(q.name);
      process.stdout.write(JSON.stringify({ blobs, queues }));
    })().catch((e) => { process.stderr.write(String(e)); process.exit(1); });`;
  const out = execFileSync(process.execPath, ['-e', script], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, CS: azurite.connectionString, NODE_EXTRA_CA_CERTS: tls.certPath },
    encoding: 'utf8',
  });
  return JSON.parse(out) as { blobs: string[]; queues: string[] };
}

describe('Azure Storage without keys: managed identity tokens against Azurite (https, --oauth basic)', function () {
  this.timeout(90_000);
  let tls: TlsFiles;
  let azurite: AzuriteInstance;
  const identity = new ManagedIdentityStub();
  const connector = new FakeConnector();
  let identityEndpoint: string;
  let serviceUrl: string;
  let dataDir: string;
  let bot: ChildProcess | undefined;
  let output = '';

  before(async () => {
    tls = makeTlsFiles();
    azurite = await startAzurite(30_000, {
      oauth: { certPath: tls.certPath, keyPath: join(tls.dir, 'server.key') },
    });
    identityEndpoint = await identity.start();
    serviceUrl = await connector.start();
    dataDir = mkdtempSync(join(tmpdir(), 'wb-keyless-'));
  });

  afterEach(async () => {
    if (bot && bot.exitCode === null) {
      const exited = new Promise((r) => bot!.once('exit', r));
      bot.kill('SIGTERM');
      await exited;
    }
    bot = undefined;
  });

  after(async () => {
    await azurite?.stop();
    await identity.stop();
    await connector.stop();
    tls?.remove();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The bot as the ARM template configures it: service URLs and an identity, no key or connection string. */
  async function startKeylessBot(port: number, container: string): Promise<number> {
    output = '';
    bot = spawn(process.execPath, [join(PROJECT_ROOT, 'dist/src/index.js')], {
      env: {
        ...process.env,
        PORT: String(port),
        LOG_LEVEL: 'warn',
        MicrosoftAppId: '',
        DATA_DIR: dataDir,
        AZURE_STORAGE_CONNECTION_STRING: '',
        AZURE_STORAGE_BLOB_URL: azurite.blobUrl,
        AZURE_STORAGE_QUEUE_URL: azurite.queueUrl,
        AZURE_STORAGE_CLIENT_ID: CLIENT_ID,
        AZURE_STORAGE_CONTAINER: container,
        // What App Service gives a process: its managed identity endpoint and secret header.
        IDENTITY_ENDPOINT: identityEndpoint,
        IDENTITY_HEADER: identity.header,
        // Trust the test certificate of Azurite's https endpoints.
        NODE_EXTRA_CA_CERTS: tls.certPath,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    bot.stdout?.on('data', (c: Buffer) => (output += c.toString('utf8')));
    bot.stderr?.on('data', (c: Buffer) => (output += c.toString('utf8')));
    let status = 0;
    for (let i = 0; i < 200 && bot.exitCode === null; i++) {
      try {
        status = (await fetch(`http://127.0.0.1:${port}/healthz`)).status;
        if (status === 200 || status === 503) break;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return status;
  }

  it('keeps state in Blob Storage and reminders in the queue with tokens of the named identity', async () => {
    const port = await freePort();
    identity.audience = 'https://storage.azure.com';
    assert.equal(await startKeylessBot(port, 'keyless-state'), 200, output);
    const conversation = new TeamsConversation({ serviceUrl });
    const res = await fetch(`http://127.0.0.1:${port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(conversation.message('hi')),
    });
    assert.equal(res.status, 200, output);
    await connector.waitForCalls(1, 15_000);
    assert.ok(cardOf(connector.sent[connector.sent.length - 1]).body.length > 0);

    const listed = listWithAccountKey(azurite, tls, 'keyless-state');
    assert.ok(listed.blobs.length > 0, `bot state written to the container: ${JSON.stringify(listed)}`);
    assert.ok(listed.queues.includes('writeback-bot-reminders'), 'the reminders queue exists');
    const asked = identity.requests.filter((r) => r.secretHeaderOk);
    assert.ok(asked.length > 0, 'tokens came from the managed identity endpoint');
    for (const request of asked) {
      assert.equal(request.clientId, CLIENT_ID);
      assert.equal(request.resource, 'https://storage.azure.com');
    }
  });

  it('is unhealthy (503) when storage refuses the token: the token path is what grants access', async () => {
    const port = await freePort();
    identity.audience = 'https://vault.azure.net';
    const status = await startKeylessBot(port, 'keyless-refused');
    assert.equal(status, 503, output);
    const body = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as {
      error?: { code?: string };
    };
    assert.match(body.error?.code ?? '', /^WB-STO-/);
    assert.deepEqual(listWithAccountKey(azurite, tls, 'keyless-refused').blobs, []);
  });
});
