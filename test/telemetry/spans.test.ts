import assert from 'node:assert/strict';
import { context, metrics as metricsApi, SpanKind, trace } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { BotError, ErrorCodes } from '../../src/core/errors';
import { KeyedLock } from '../../src/turn/turnLock';
import { traceConnectorClient, traceGraphFetch } from '../../src/telemetry/httpClients';
import { METRICS, SPANS } from '../../src/telemetry/names';
import { startSdk } from '../../src/telemetry/otel';
import { installTelemetry, telemetryEnabled } from '../../src/telemetry/port';
import type { TelemetryConfig } from '../../src/telemetry/settings';
import { startTelemetry } from '../../src/telemetry/start';
import { traceTurn } from '../../src/telemetry/tracing';

const CONFIG: TelemetryConfig = {
  serviceName: 'writeback-bot-test',
  resourceAttributes: {},
  sampler: { name: 'always_on', ratio: 1 },
  metricIntervalMs: 60_000,
  metricTimeoutMs: 30_000,
};

describe('telemetry spans of the platform hooks (in-memory exporters)', () => {
  const spans = new InMemorySpanExporter();
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  let restore: () => void;
  before(() => {
    restore = installTelemetry(
      startSdk(CONFIG, { spanProcessors: [new SimpleSpanProcessor(spans)], metricReaders: [reader] }),
    );
  });
  after(async () => {
    await reader.shutdown();
    restore();
    trace.disable();
    metricsApi.disable();
    context.disable();
  });
  beforeEach(() => spans.reset());

  const metricPoints = async (name: string) => {
    await reader.forceFlush();
    const last = exporter.getMetrics().at(-1);
    const metric = last?.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === name);
    return metric?.dataPoints ?? [];
  };

  it('a second turn of the same conversation waits in a turn.lock.wait span under its turn', async () => {
    const lock = new KeyedLock();
    let release!: () => void;
    const first = lock.run('c', () => new Promise<void>((r) => (release = r)));
    const second = traceTurn({ type: 'message' }, () => lock.run('c', () => Promise.resolve()));
    await new Promise((r) => setTimeout(r, 10));
    release();
    await Promise.all([first, second]);
    const finished = spans.getFinishedSpans();
    const wait = finished.find((s) => s.name === SPANS.turnLockWait);
    const turn = finished.find((s) => s.name === 'turn message');
    assert.ok(wait && turn);
    assert.equal(wait.parentSpanContext?.spanId, turn.spanContext().spanId);
    assert.equal(
      finished.filter((s) => s.name === SPANS.turnLockWait).length,
      1,
      'no span when nothing is ahead',
    );
  });

  it('a failed turn: outcome error and the WB code on the span and the turns metric', async () => {
    await assert.rejects(traceTurn({ type: 'invoke', name: 'adaptiveCard/action' }, () => lock409()));
    const turn = spans.getFinishedSpans().find((s) => s.name === 'turn invoke');
    assert.equal(turn?.attributes['writeback.outcome'], 'error');
    assert.equal(turn?.attributes['error.type'], ErrorCodes.TURN_BUSY);
    assert.equal(turn?.attributes['writeback.invoke.name'], 'adaptiveCard/action');
    const points = await metricPoints(METRICS.turns.name);
    assert.ok(points.some((p) => p.attributes['error.type'] === ErrorCodes.TURN_BUSY));
  });

  it('Bot Connector calls: client spans by path template; a 429 counts as throttled', async () => {
    const client = traceConnectorClient({
      sendOperationRequest: (_args: unknown, spec: { path: string }) =>
        spec.path.includes('members')
          ? Promise.reject(Object.assign(new Error('Too many requests'), { statusCode: 429 }))
          : Promise.resolve({ _response: { status: 201 } }),
    });
    await client.sendOperationRequest({}, { path: 'v3/conversations/{conversationId}/activities' });
    await assert.rejects(
      client.sendOperationRequest({}, { path: 'v3/conversations/{conversationId}/members' }),
    );
    const names = spans
      .getFinishedSpans()
      .map((s) => [s.name, s.kind, s.attributes['http.response.status_code']]);
    assert.deepEqual(names, [
      ['connector GET v3/conversations/{conversationId}/activities', SpanKind.CLIENT, 201],
      ['connector GET v3/conversations/{conversationId}/members', SpanKind.CLIENT, 429],
    ]);
    assert.ok((await metricPoints(METRICS.connectorThrottled.name)).length > 0);
  });

  it('Graph calls: a client span per fetch, user ids in the path hashed, 429s counted', async () => {
    const base = 'https://graph.test';
    const fetchFn = traceGraphFetch(
      (input) =>
        Promise.resolve(
          new Response('{}', { status: JSON.stringify(input).includes('throttle') ? 429 : 200 }),
        ),
      base,
    );
    await fetchFn(`${base}/v1.0/users/anna@contoso.example/memberOf?$select=id`);
    await fetchFn(`${base}/v1.0/throttle`);
    const graph = spans.getFinishedSpans().filter((s) => s.name === `${SPANS.graph} GET`);
    assert.equal(graph.length, 2);
    const operation = String(graph[0].attributes['writeback.operation']);
    assert.ok(!operation.includes('anna') && !operation.includes('select'), operation);
    assert.ok((await metricPoints(METRICS.graphThrottled.name)).length > 0);
    assert.ok((await metricPoints(METRICS.graphCalls.name)).length > 0);
  });
});

describe('telemetry start', () => {
  it('a start that fails is reported as WB-OTEL-101 and the bot goes on without telemetry', () => {
    const reported: string[] = [];
    const broken = {
      ...CONFIG,
      get resourceAttributes(): Record<string, string> {
        throw new Error('broken resource');
      },
    };
    assert.equal(
      startTelemetry(broken, (code) => reported.push(code)),
      undefined,
    );
    assert.deepEqual(reported, [ErrorCodes.TELEMETRY_START_FAILED]);
    assert.equal(telemetryEnabled(), false);
    trace.disable();
    context.disable();
  });
});

function lock409(): Promise<never> {
  return Promise.reject(new BotError(ErrorCodes.TURN_BUSY, 'busy'));
}
