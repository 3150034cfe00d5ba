/**
 * Builds the OpenTelemetry SDK for a TelemetryConfig: OTLP exporters (http/protobuf or http/json, as
 * OTEL_EXPORTER_OTLP_PROTOCOL says) and/or Azure Monitor, a sampler from OTEL_TRACES_SAMPLER(_ARG), a
 * periodic metric reader at OTEL_METRIC_EXPORT_INTERVAL. Required lazily by src/telemetry/start.ts; the
 * tests pass in-memory exporters through `extra`.
 */
import { diag, DiagLogLevel, metrics as metricsApi } from '@opentelemetry/api';
import type * as JsonMetrics from '@opentelemetry/exporter-metrics-otlp-http';
import type * as ProtoMetrics from '@opentelemetry/exporter-metrics-otlp-proto';
import type * as JsonTraces from '@opentelemetry/exporter-trace-otlp-http';
import type * as ProtoTraces from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader, type MetricReader } from '@opentelemetry/sdk-metrics';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type Sampler,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import type { AzureMonitorOpenTelemetryOptions } from '@azure/monitor-opentelemetry';
import { createSink, globalSink } from './sdk';
import type { TelemetrySink } from './port';
import type { OtlpTarget, TelemetryConfig } from './settings';

export interface SdkExtras {
  readonly spanProcessors?: SpanProcessor[];
  readonly metricReaders?: MetricReader[];
  /** The SDK's own warnings and errors (an export that failed), at most one a minute. */
  readonly onExportProblem?: (detail: string) => void;
}

const PROBLEM_EVERY_MS = 60_000;

/** OpenTelemetry's diagnostic logger → one report a minute (an unreachable collector would fill the log). */
function reportProblems(onProblem: ((detail: string) => void) | undefined): void {
  if (!onProblem) return;
  let last = 0;
  let suppressed = 0;
  const report = (message: string, ...args: unknown[]): void => {
    const now = Date.now();
    if (now - last < PROBLEM_EVERY_MS) {
      suppressed++;
      return;
    }
    last = now;
    const first = args.find((a): a is { message: string } => a instanceof Error);
    const detail = `${message}${first ? `: ${first.message}` : ''}`.slice(0, 300);
    onProblem(suppressed > 0 ? `${detail} (${suppressed} more since the last report)` : detail);
    suppressed = 0;
  };
  const quiet = (): void => undefined;
  diag.setLogger(
    { error: report, warn: report, info: quiet, debug: quiet, verbose: quiet },
    DiagLogLevel.WARN,
  );
}

/** @internal Exported for the tests. */
export function samplerOf(config: TelemetryConfig['sampler']): Sampler {
  const ratio = new TraceIdRatioBasedSampler(config.ratio);
  switch (config.name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return ratio;
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: ratio });
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

const exporterOptions = (target: OtlpTarget) => ({
  url: target.url,
  headers: { ...target.headers },
  timeoutMillis: target.timeoutMs,
});

function otlpParts(config: TelemetryConfig): {
  spanProcessors: SpanProcessor[];
  metricReaders: MetricReader[];
} {
  const spanProcessors: SpanProcessor[] = [];
  const metricReaders: MetricReader[] = [];
  /* eslint-disable @typescript-eslint/no-require-imports -- only the configured protocol's exporter (protobufjs is ~100 ms) */
  const traces = config.otlpTraces;
  if (traces) {
    const exporter =
      traces.protocol === 'http/json'
        ? new (require('@opentelemetry/exporter-trace-otlp-http') as typeof JsonTraces).OTLPTraceExporter(
            exporterOptions(traces),
          )
        : new (require('@opentelemetry/exporter-trace-otlp-proto') as typeof ProtoTraces).OTLPTraceExporter(
            exporterOptions(traces),
          );
    spanProcessors.push(new BatchSpanProcessor(exporter, { scheduledDelayMillis: 1_000 }));
  }
  const metrics = config.otlpMetrics;
  if (metrics) {
    const exporter =
      metrics.protocol === 'http/json'
        ? new (require('@opentelemetry/exporter-metrics-otlp-http') as typeof JsonMetrics).OTLPMetricExporter(
            exporterOptions(metrics),
          )
        : new (
            require('@opentelemetry/exporter-metrics-otlp-proto') as typeof ProtoMetrics
          ).OTLPMetricExporter(exporterOptions(metrics));
    metricReaders.push(
      new PeriodicExportingMetricReader({
        exporter,
        exportIntervalMillis: config.metricIntervalMs,
        exportTimeoutMillis: Math.min(config.metricTimeoutMs, config.metricIntervalMs),
      }),
    );
  }
  /* eslint-enable @typescript-eslint/no-require-imports */
  return { spanProcessors, metricReaders };
}

function resourceOf(config: TelemetryConfig) {
  return resourceFromAttributes({
    ...config.resourceAttributes,
    [ATTR_SERVICE_NAME]: config.serviceName,
    [ATTR_SERVICE_VERSION]: '0.1.0',
  });
}

/** Azure Monitor (with the OTLP parts too when both are configured). Its automatic instrumentations stay off. */
function startAzureMonitor(
  config: TelemetryConfig,
  connectionString: string,
  extra: SdkExtras,
): TelemetrySink {
  /* eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only with a connection string */
  const azure = require('@azure/monitor-opentelemetry') as typeof import('@azure/monitor-opentelemetry');
  const otlp = otlpParts(config);
  const off = { enabled: false };
  const options: AzureMonitorOpenTelemetryOptions = {
    azureMonitorExporterOptions: { connectionString },
    resource: resourceOf(config),
    samplingRatio: config.sampler.name.endsWith('traceidratio') ? config.sampler.ratio : 1,
    tracesPerSecond: 0,
    enableLiveMetrics: false,
    instrumentationOptions: {
      http: off,
      azureSdk: off,
      mongoDb: off,
      mySql: off,
      postgreSql: off,
      redis: off,
      redis4: off,
      bunyan: off,
      winston: off,
    },
    spanProcessors: [
      ...otlp.spanProcessors,
      ...(extra.spanProcessors ?? []),
    ] as AzureMonitorOpenTelemetryOptions['spanProcessors'],
    metricReaders: [
      ...otlp.metricReaders,
      ...(extra.metricReaders ?? []),
    ] as AzureMonitorOpenTelemetryOptions['metricReaders'],
  };
  azure.useAzureMonitor(options);
  return globalSink(() => azure.shutdownAzureMonitor());
}

/** Starts the SDK and returns the sink over it. */
export function startSdk(config: TelemetryConfig, extra: SdkExtras = {}): TelemetrySink {
  reportProblems(extra.onExportProblem);
  const sink = startProviders(config, extra);
  // The last export may fail (collector gone): reported, never a failed shutdown of the bot.
  const shutdown = (): Promise<void> =>
    sink.shutdown().catch((err: unknown) => {
      extra.onExportProblem?.(`final export failed: ${err instanceof Error ? err.message : String(err)}`);
    });
  return { ...sink, shutdown };
}

function startProviders(config: TelemetryConfig, extra: SdkExtras): TelemetrySink {
  if (config.azureMonitor) return startAzureMonitor(config, config.azureMonitor.connectionString, extra);
  const otlp = otlpParts(config);
  const resource = resourceOf(config);
  const tracerProvider = new NodeTracerProvider({
    resource,
    sampler: samplerOf(config.sampler),
    spanProcessors: [...otlp.spanProcessors, ...(extra.spanProcessors ?? [])],
  });
  // The AsyncLocalStorage context manager and W3C propagators, so that child spans and log lines find the turn.
  tracerProvider.register();
  const meterProvider = new MeterProvider({
    resource,
    readers: [...otlp.metricReaders, ...(extra.metricReaders ?? [])],
  });
  metricsApi.setGlobalMeterProvider(meterProvider);
  return createSink(
    tracerProvider.getTracer('writeback-bot'),
    meterProvider.getMeter('writeback-bot'),
    async () => {
      await Promise.allSettled([tracerProvider.shutdown(), meterProvider.shutdown()]);
    },
  );
}
