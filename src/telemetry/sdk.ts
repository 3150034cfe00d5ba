/**
 * The OpenTelemetry side, required only when telemetry is configured (src/telemetry/start.ts): builds a
 * TelemetrySink on an SDK tracer and meter. Nothing else under src/ imports @opentelemetry.
 */
import {
  context,
  metrics as metricsApi,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
  type Counter,
  type Histogram,
  type Link,
  type Meter,
  type Tracer,
} from '@opentelemetry/api';
import { METRICS, type MetricKey } from './names';
import {
  cleanAttributes,
  type Attributes,
  type SpanHandle,
  type SpanKindName,
  type TelemetrySink,
} from './port';

const KINDS: Record<SpanKindName, SpanKind> = {
  server: SpanKind.SERVER,
  client: SpanKind.CLIENT,
  internal: SpanKind.INTERNAL,
};

const TRACE_PARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** W3C traceparent → span link (a stored one that does not parse is dropped). */
function linkOf(traceParent: string | undefined): Link | undefined {
  const match = traceParent ? TRACE_PARENT.exec(traceParent) : null;
  if (!match) return undefined;
  return {
    context: { traceId: match[1], spanId: match[2], traceFlags: parseInt(match[3], 16), isRemote: true },
  };
}

/** A sink over an OpenTelemetry tracer and meter (the SDK's, or Azure Monitor's global ones). */
export function createSink(tracer: Tracer, meter: Meter, shutdown: () => Promise<void>): TelemetrySink {
  const counters = new Map<MetricKey, Counter>();
  const histograms = new Map<MetricKey, Histogram>();
  const counter = (key: MetricKey): Counter => {
    let made = counters.get(key);
    if (!made) {
      const def = METRICS[key];
      made = meter.createCounter(def.name, { unit: def.unit, description: def.description });
      counters.set(key, made);
    }
    return made;
  };
  const histogram = (key: MetricKey): Histogram => {
    let made = histograms.get(key);
    if (!made) {
      const def = METRICS[key];
      made = meter.createHistogram(def.name, {
        unit: def.unit,
        description: def.description,
        advice: def.buckets ? { explicitBucketBoundaries: [...def.buckets] } : undefined,
      });
      histograms.set(key, made);
    }
    return made;
  };

  return {
    span(name, options, work) {
      const linked = options.newTraceLinkedTo;
      const links = (linked ?? []).map(linkOf).filter((l): l is Link => l !== undefined);
      const parent = linked ? ROOT_CONTEXT : context.active();
      return tracer.startActiveSpan(
        name,
        { kind: KINDS[options.kind ?? 'internal'], attributes: cleanAttributes(options.attributes), links },
        parent,
        async (span) => {
          const handle: SpanHandle = {
            set: (attributes: Attributes) => span.setAttributes(cleanAttributes(attributes)),
            fail: (code: string) => {
              span.setAttributes(cleanAttributes({ 'error.type': code }));
              span.setStatus({ code: SpanStatusCode.ERROR, message: code });
            },
          };
          try {
            return await work(handle);
          } finally {
            span.end();
          }
        },
      );
    },
    add(key, value, attributes) {
      counter(key).add(value, cleanAttributes(attributes));
    },
    record(key, value, attributes) {
      histogram(key).record(value, cleanAttributes(attributes));
    },
    traceParent() {
      const span = trace.getActiveSpan();
      if (!span) return undefined;
      const { traceId, spanId, traceFlags } = span.spanContext();
      const flags = (traceFlags & TraceFlags.SAMPLED).toString(16).padStart(2, '0');
      return `00-${traceId}-${spanId}-${flags}`;
    },
    logFields() {
      const span = trace.getActiveSpan();
      if (!span) return undefined;
      const { traceId, spanId } = span.spanContext();
      return { trace_id: traceId, span_id: spanId };
    },
    shutdown,
  };
}

/** The sink over whatever global tracer and meter providers are registered (Azure Monitor registers its own). */
export function globalSink(shutdown: () => Promise<void>): TelemetrySink {
  return createSink(trace.getTracer('writeback-bot'), metricsApi.getMeter('writeback-bot'), shutdown);
}
