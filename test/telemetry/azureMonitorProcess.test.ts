import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { freePort, postActivity } from '../support/botProcess';
import { CapturedBot } from '../support/capturedBot';
import { FakeConnector } from '../support/fakeConnector';
import { newUser, TeamsConversation } from '../support/teams';
import { makeTlsFiles, type TlsFiles } from '../tenantChecks/support/tlsFiles';
import { METRICS } from '../../src/telemetry/names';

const DISPLAY_NAME = 'Anna Bērziņa-Testere';

/** Application Insights' ingestion endpoint, on 127.0.0.1 over HTTPS (the exporter refuses plain http). */
class FakeIngestion {
  readonly envelopes: Array<{ name: string; data: { baseType: string; baseData: Record<string, unknown> } }> =
    [];
  raw = '';
  private server?: Server;

  async start(tls: TlsFiles): Promise<string> {
    this.server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        let body = Buffer.concat(chunks);
        if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
        const text = body.toString('utf8');
        this.raw += text;
        if (req.url?.startsWith('/v2.1/track'))
          this.envelopes.push(...(JSON.parse(text) as FakeIngestion['envelopes']));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ itemsReceived: 1, itemsAccepted: 1, errors: [] }));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `https://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

describe('the bot process exports to Application Insights (APPLICATIONINSIGHTS_CONNECTION_STRING)', () => {
  const ingestion = new FakeIngestion();
  const connector = new FakeConnector();
  let tls: TlsFiles;
  before(() => {
    tls = makeTlsFiles();
  });
  after(async () => {
    await ingestion.stop();
    await connector.stop();
    tls.remove();
  });

  it('turns arrive as requests with their connector dependencies, and the bot metrics as custom metrics', async () => {
    const endpoint = await ingestion.start(tls);
    const serviceUrl = await connector.start();
    const dataDir = mkdtempSync(join(tmpdir(), 'wb-appinsights-'));
    try {
      const port = await freePort();
      const bot = await new CapturedBot(port, {
        DATA_DIR: dataDir,
        APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=00000000-0000-4000-8000-000000000001;IngestionEndpoint=${endpoint}`,
        // The test's certificate authority; no statsbeat (the SDK's own usage reports to Microsoft) from a test.
        NODE_EXTRA_CA_CERTS: tls.certPath,
        APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
      }).ready();
      const c = new TeamsConversation({ serviceUrl, user: newUser(DISPLAY_NAME) });
      for (const activity of [c.installationAdd(), c.message('hi')]) {
        const before = connector.calls.length;
        assert.equal(await postActivity(port, activity), 200);
        await connector.waitForCalls(before + 1, 15_000);
      }
      bot.child.kill('SIGTERM');
      assert.equal(await bot.exited, 0);

      const requests = ingestion.envelopes.filter((e) => e.data.baseType === 'RequestData');
      const dependencies = ingestion.envelopes.filter((e) => e.data.baseType === 'RemoteDependencyData');
      assert.ok(
        requests.some((r) => r.data.baseData.name === 'turn message'),
        'the turn is a request',
      );
      assert.ok(
        dependencies.some((d) => String(d.data.baseData.name).startsWith('connector POST v3/conversations/')),
        'its connector call is a dependency',
      );
      assert.ok(ingestion.raw.includes(`"${METRICS.turns.name}"`), 'the turns metric arrived');
      for (const value of [DISPLAY_NAME, c.user.aadObjectId, c.user.id, c.conversationId])
        assert.ok(!ingestion.raw.includes(value), `${value} was sent to Application Insights`);
      assert.ok(!bot.logLines().some((l) => typeof l.code === 'string' && l.code.startsWith('WB-OTEL')));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
