import { z } from 'zod';

/**
 * Telemetry settings, under the names the OpenTelemetry specification defines (and Application Insights'
 * connection string). src/config.ts spreads the schema into its own and calls `telemetryConfigOf`; nothing
 * else reads them. Telemetry is on when APPLICATIONINSIGHTS_CONNECTION_STRING or an OTLP endpoint is set
 * (the spec's default endpoint, localhost:4318, is not assumed: a bot on App Service would export into the
 * void) and OTEL_SDK_DISABLED is not `true`.
 */

const text = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const PROTOCOLS = ['http/protobuf', 'http/json', 'grpc'] as const;
type WireProtocol = Exclude<(typeof PROTOCOLS)[number], 'grpc'>;
const protocol = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() !== '' ? v.trim().toLowerCase() : undefined),
  z.enum(PROTOCOLS).optional(),
);
const endpoint = text.pipe(z.string().url().optional());
const SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;
type SamplerName = (typeof SAMPLERS)[number];
const exporterChoice = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() !== '' ? v.trim().toLowerCase() : undefined),
  z.enum(['otlp', 'none']).optional(),
);
const millis = (fallback: number) => z.coerce.number().int().min(100).max(3_600_000).default(fallback);

export const telemetrySettingsSchema = {
  APPLICATIONINSIGHTS_CONNECTION_STRING: text,
  OTEL_SDK_DISABLED: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
    z.enum(['true', 'false', '']).optional(),
  ),
  OTEL_SERVICE_NAME: text,
  OTEL_RESOURCE_ATTRIBUTES: text,
  OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: endpoint,
  OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: endpoint,
  OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: protocol,
  OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: protocol,
  OTEL_EXPORTER_OTLP_HEADERS: text,
  OTEL_EXPORTER_OTLP_TIMEOUT: millis(10_000),
  OTEL_TRACES_EXPORTER: exporterChoice,
  OTEL_METRICS_EXPORTER: exporterChoice,
  OTEL_TRACES_SAMPLER: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? v.trim().toLowerCase() : undefined),
    z.enum(SAMPLERS).default('parentbased_always_on'),
  ),
  OTEL_TRACES_SAMPLER_ARG: text.pipe(z.coerce.number<string | undefined>().min(0).max(1).optional()),
  OTEL_METRIC_EXPORT_INTERVAL: millis(60_000),
  OTEL_METRIC_EXPORT_TIMEOUT: millis(30_000),
};

type TelemetryEnv = z.infer<z.ZodObject<typeof telemetrySettingsSchema>>;

export interface OtlpTarget {
  readonly url: string;
  readonly protocol: WireProtocol;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
}

export interface TelemetryConfig {
  readonly serviceName: string;
  readonly resourceAttributes: Readonly<Record<string, string>>;
  readonly sampler: { readonly name: SamplerName; readonly ratio: number };
  readonly metricIntervalMs: number;
  readonly metricTimeoutMs: number;
  readonly azureMonitor?: { readonly connectionString: string };
  readonly otlpTraces?: OtlpTarget;
  readonly otlpMetrics?: OtlpTarget;
}

/** `k1=v1,k2=v2` with URL-encoded values (OTEL_EXPORTER_OTLP_HEADERS, OTEL_RESOURCE_ATTRIBUTES). */
function keyValueList(value: string | undefined): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  if (!value) return out;
  for (const item of value.split(',')) {
    if (item.trim() === '') continue;
    const at = item.indexOf('=');
    if (at <= 0) return undefined;
    try {
      out[item.slice(0, at).trim()] = decodeURIComponent(item.slice(at + 1).trim());
    } catch {
      return undefined;
    }
  }
  return out;
}

/** The spec's rule: a base endpoint gets `v1/<signal>` appended; a signal's own endpoint is used as is. */
function signalUrl(base: string | undefined, own: string | undefined, signal: string): string | undefined {
  if (own) return own;
  if (!base) return undefined;
  return `${base.endsWith('/') ? base : `${base}/`}v1/${signal}`;
}

/** Problems across the telemetry variables, on the raw values (config.ts lists them with the others). */
export function telemetryProblems(get: (name: string) => string | undefined): string[] {
  const problems: string[] = [];
  for (const name of [
    'OTEL_EXPORTER_OTLP_PROTOCOL',
    'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL',
    'OTEL_EXPORTER_OTLP_METRICS_PROTOCOL',
  ]) {
    if (get(name)?.toLowerCase() === 'grpc')
      problems.push(
        `${name} grpc is not supported by this bot: use http/protobuf (the default) or http/json`,
      );
  }
  if (keyValueList(get('OTEL_EXPORTER_OTLP_HEADERS')) === undefined)
    problems.push('OTEL_EXPORTER_OTLP_HEADERS must be a comma-separated list of key=value pairs');
  if (keyValueList(get('OTEL_RESOURCE_ATTRIBUTES')) === undefined)
    problems.push('OTEL_RESOURCE_ATTRIBUTES must be a comma-separated list of key=value pairs');
  const connection = get('APPLICATIONINSIGHTS_CONNECTION_STRING');
  if (connection && !/(?:^|;)\s*(?:InstrumentationKey|IngestionEndpoint)\s*=/i.test(connection))
    problems.push('APPLICATIONINSIGHTS_CONNECTION_STRING must be an Application Insights connection string');
  return problems;
}

function target(url: string | undefined, proto: string | undefined, e: TelemetryEnv): OtlpTarget | undefined {
  if (!url) return undefined;
  return Object.freeze({
    url,
    protocol: (proto ?? 'http/protobuf') as WireProtocol,
    headers: Object.freeze(keyValueList(e.OTEL_EXPORTER_OTLP_HEADERS) ?? {}),
    timeoutMs: e.OTEL_EXPORTER_OTLP_TIMEOUT,
  });
}

/** Undefined: telemetry off (nothing loaded, nothing spent). */
export function telemetryConfigOf(e: TelemetryEnv): TelemetryConfig | undefined {
  if (e.OTEL_SDK_DISABLED === 'true') return undefined;
  const base = e.OTEL_EXPORTER_OTLP_ENDPOINT;
  const otlpTraces =
    e.OTEL_TRACES_EXPORTER === 'none'
      ? undefined
      : target(
          signalUrl(base, e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, 'traces'),
          e.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? e.OTEL_EXPORTER_OTLP_PROTOCOL,
          e,
        );
  const otlpMetrics =
    e.OTEL_METRICS_EXPORTER === 'none'
      ? undefined
      : target(
          signalUrl(base, e.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT, 'metrics'),
          e.OTEL_EXPORTER_OTLP_METRICS_PROTOCOL ?? e.OTEL_EXPORTER_OTLP_PROTOCOL,
          e,
        );
  const connectionString = e.APPLICATIONINSIGHTS_CONNECTION_STRING;
  if (!connectionString && !otlpTraces && !otlpMetrics) return undefined;
  return Object.freeze({
    serviceName: e.OTEL_SERVICE_NAME ?? 'writeback-bot',
    resourceAttributes: Object.freeze(keyValueList(e.OTEL_RESOURCE_ATTRIBUTES) ?? {}),
    sampler: Object.freeze({ name: e.OTEL_TRACES_SAMPLER, ratio: e.OTEL_TRACES_SAMPLER_ARG ?? 1 }),
    metricIntervalMs: e.OTEL_METRIC_EXPORT_INTERVAL,
    metricTimeoutMs: e.OTEL_METRIC_EXPORT_TIMEOUT,
    azureMonitor: connectionString ? Object.freeze({ connectionString }) : undefined,
    otlpTraces,
    otlpMetrics,
  });
}

/** For the configuration summary in the log: where telemetry goes, headers and the connection string hidden. */
export function telemetrySummary(config: TelemetryConfig | undefined): Record<string, unknown> | string {
  if (!config) return '(off)';
  const otlp = (t: OtlpTarget | undefined) =>
    t
      ? { url: t.url, protocol: t.protocol, headers: Object.keys(t.headers).length ? '[set]' : '(none)' }
      : '(off)';
  return {
    serviceName: config.serviceName,
    sampler: `${config.sampler.name} (ratio ${config.sampler.ratio})`,
    metricIntervalMs: config.metricIntervalMs,
    azureMonitor: config.azureMonitor ? '[connection string set]' : '(off)',
    otlpTraces: otlp(config.otlpTraces),
    otlpMetrics: otlp(config.otlpMetrics),
  };
}
