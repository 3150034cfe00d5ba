import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, postActivity } from '../support/botProcess';
import { CapturedBot } from '../support/capturedBot';
import { FakeConnector } from '../support/fakeConnector';
import { TeamsConversation } from '../support/teams';
import { METRICS } from '../../src/telemetry/names';

interface Received {
  path: string;
  contentType: string;
  body: Buffer;
}

/** A local OTLP/HTTP receiver on 127.0.0.1: keeps every export request. */
class OtlpReceiver {
  readonly received: Received[] = [];
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.received.push({
          path: req.url ?? '',
          contentType: String(req.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks),
        });
        const json = String(req.headers['content-type']).includes('json');
        res.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
        res.end(json ? '{}' : undefined);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

interface JsonSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  kind: number;
}

const PASTE = `ComputerName     : passwordreset.microsoftonline.com
RemoteAddress    : 40.126.31.4
RemotePort       : 443
TcpTestSucceeded : True
`;

async function runBot(
  protocol: 'http/json' | 'http/protobuf',
  receiver: OtlpReceiver,
  connector: FakeConnector,
) {
  const endpoint = await receiver.start();
  const serviceUrl = await connector.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'wb-otlp-'));
  try {
    const port = await freePort();
    const bot = await new CapturedBot(port, {
      DATA_DIR: dataDir,
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
      OTEL_SERVICE_NAME: 'writeback-bot-otlp-test',
      OTEL_METRIC_EXPORT_INTERVAL: '1000',
    }).ready();
    const c = new TeamsConversation({ serviceUrl });
    for (const activity of [c.installationAdd(), c.message('hi'), c.message(PASTE)]) {
      const before = connector.calls.length;
      assert.equal(await postActivity(port, activity), 200);
      await connector.waitForCalls(before + 1, 15_000);
    }
    bot.child.kill('SIGTERM'); // shutdown exports what is buffered
    assert.equal(await bot.exited, 0);
    return bot;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

describe('the bot process exports to an OTLP/HTTP receiver (standard OTEL_* variables)', () => {
  let receiver: OtlpReceiver;
  let connector: FakeConnector;
  beforeEach(() => {
    receiver = new OtlpReceiver();
    connector = new FakeConnector();
  });
  afterEach(async () => {
    await receiver.stop();
    await connector.stop();
  });

  it('http/json: turn spans with connector child spans, metrics, and log lines with their trace ids', async () => {
    const bot = await runBot('http/json', receiver, connector);
    const traces = receiver.received.filter((r) => r.path === '/v1/traces');
    const metrics = receiver.received.filter((r) => r.path === '/v1/metrics');
    assert.ok(traces.length > 0 && metrics.length > 0, 'traces and metrics arrived');
    assert.ok(traces.every((r) => r.contentType.includes('application/json')));
    const spans = traces.flatMap((r) => {
      const body = JSON.parse(r.body.toString('utf8')) as {
        resourceSpans: Array<{ scopeSpans: Array<{ spans: JsonSpan[] }> }>;
      };
      return body.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
    });
    const turns = spans.filter((s) => s.name.startsWith('turn '));
    assert.ok(turns.length >= 3, `turn spans: ${turns.map((s) => s.name).join(', ')}`);
    assert.ok(
      turns.every((s) => s.kind === 2),
      'SERVER spans',
    );
    const turnIds = new Set(turns.map((s) => s.spanId));
    const children = spans.filter(
      (s) => s.name.startsWith('connector ') && s.parentSpanId && turnIds.has(s.parentSpanId),
    );
    assert.ok(children.length >= 3, 'connector calls are client spans under their turn');
    assert.ok(children.every((s) => s.kind === 3));

    const metricText = metrics.map((r) => r.body.toString('utf8')).join('\n');
    for (const def of [METRICS.turns, METRICS.turnDuration, METRICS.connectorCalls, METRICS.pasteVerdicts])
      assert.ok(metricText.includes(`"${def.name}"`), `${def.name} arrived`);
    assert.ok(metricText.includes('writeback-bot-otlp-test'), 'OTEL_SERVICE_NAME is the service.name');

    const traceIds = new Set(spans.map((s) => s.traceId));
    const correlated = bot.logLines().filter((l) => typeof l.trace_id === 'string');
    assert.ok(
      correlated.some((l) => l.msg === 'pasted output read'),
      'a log line written in a turn has trace_id',
    );
    assert.ok(
      correlated.every((l) => traceIds.has(String(l.trace_id))),
      'its trace arrived',
    );
    assert.equal(bot.stderr, '');
  });

  it('http/protobuf (the default protocol): traces and metrics arrive as protobuf', async () => {
    await runBot('http/protobuf', receiver, connector);
    const traces = receiver.received.filter((r) => r.path === '/v1/traces');
    const metrics = receiver.received.filter((r) => r.path === '/v1/metrics');
    assert.ok(traces.length > 0 && metrics.length > 0, 'traces and metrics arrived');
    for (const r of [...traces, ...metrics]) assert.equal(r.contentType, 'application/x-protobuf');
    assert.ok(
      Buffer.concat(traces.map((r) => r.body)).includes('turn message'),
      'a turn span is in the payload',
    );
    assert.ok(Buffer.concat(metrics.map((r) => r.body)).includes(METRICS.turns.name));
  });

  it('an unreachable collector: one WB-OTEL-102 warning, and the bot answers and stops as usual', async () => {
    const serviceUrl = await connector.start();
    const closed = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'wb-otlp-'));
    try {
      const port = await freePort();
      const bot = await new CapturedBot(port, {
        DATA_DIR: dataDir,
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${closed}`,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_METRIC_EXPORT_INTERVAL: '200',
      }).ready();
      const c = new TeamsConversation({ serviceUrl });
      assert.equal(await postActivity(port, c.message('hi')), 200);
      await connector.waitForCalls(1, 15_000);
      await new Promise((r) => setTimeout(r, 1_500));
      bot.child.kill('SIGTERM');
      assert.equal(await bot.exited, 0);
      const problems = bot.logLines().filter((l) => l.code === 'WB-OTEL-102');
      assert.equal(problems.length, 1, 'reported once a minute at most');
      assert.equal(problems[0].level, 40);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
