import assert from 'node:assert/strict';
import { parseConfig } from '../../src/config';
import { BotError } from '../../src/core/errors';

const telemetryOf = (env: Record<string, string>) => parseConfig({ PORT: '0', ...env }).telemetry;

describe('telemetry settings: the OpenTelemetry specification variables', () => {
  it('off unless an exporter is configured; OTEL_SDK_DISABLED=true wins', () => {
    assert.equal(telemetryOf({}), undefined);
    assert.equal(telemetryOf({ OTEL_SERVICE_NAME: 'bot', OTEL_TRACES_SAMPLER: 'always_on' }), undefined);
    assert.equal(
      telemetryOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'TRUE' }),
      undefined,
    );
  });

  it('a base endpoint gets v1/traces and v1/metrics; signal endpoints are used as they are', () => {
    const t = telemetryOf({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://other:9999/custom/metrics',
    });
    assert.equal(t?.otlpTraces?.url, 'http://collector:4318/v1/traces');
    assert.equal(t?.otlpMetrics?.url, 'http://other:9999/custom/metrics');
    assert.equal(t?.otlpTraces?.protocol, 'http/protobuf', 'the spec default');
    assert.equal(t?.serviceName, 'writeback-bot');
    assert.equal(t?.metricIntervalMs, 60_000);
    assert.deepEqual(t?.sampler, { name: 'parentbased_always_on', ratio: 1 });
  });

  it('protocol per signal, headers, sampler with its argument, interval, exporter none', () => {
    const t = telemetryOf({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_HEADERS: 'api-key=s%3Dcret,x-tenant=a',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
      OTEL_METRIC_EXPORT_INTERVAL: '5000',
      OTEL_SERVICE_NAME: 'helpdesk-bot',
      OTEL_METRICS_EXPORTER: 'none',
    });
    assert.equal(t?.otlpTraces?.protocol, 'http/protobuf');
    assert.equal(t?.otlpTraces?.url, 'http://collector:4318/v1/traces');
    assert.deepEqual(t?.otlpTraces?.headers, { 'api-key': 's=cret', 'x-tenant': 'a' });
    assert.deepEqual(t?.sampler, { name: 'parentbased_traceidratio', ratio: 0.25 });
    assert.equal(t?.metricIntervalMs, 5000);
    assert.equal(t?.serviceName, 'helpdesk-bot');
    assert.equal(t?.otlpMetrics, undefined);
  });

  it('Application Insights connection string alone turns it on', () => {
    const t = telemetryOf({
      APPLICATIONINSIGHTS_CONNECTION_STRING:
        'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://x/',
    });
    assert.ok(t?.azureMonitor);
    assert.equal(t?.otlpTraces, undefined);
  });

  it('grpc, bad samplers, ratios and header lists are refused in the one configuration error', () => {
    assert.throws(
      () =>
        parseConfig({
          OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4317',
          OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
          OTEL_TRACES_SAMPLER: 'sometimes',
          OTEL_TRACES_SAMPLER_ARG: '2',
          OTEL_EXPORTER_OTLP_HEADERS: 'novalue',
          APPLICATIONINSIGHTS_CONNECTION_STRING: 'nonsense',
        }),
      (err: unknown) => {
        assert.ok(err instanceof BotError);
        for (const name of [
          'grpc',
          'OTEL_TRACES_SAMPLER',
          'OTEL_TRACES_SAMPLER_ARG',
          'OTEL_EXPORTER_OTLP_HEADERS',
          'APPLICATIONINSIGHTS_CONNECTION_STRING',
        ])
          assert.match(err.message, new RegExp(name));
        return true;
      },
    );
  });
});
