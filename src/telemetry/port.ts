import { createRedactor } from '../core/logRedaction';
import type { AttributeKey, MetricKey } from './names';

/**
 * The bot's side of telemetry, with no OpenTelemetry import: features and platform code call this, and
 * until src/telemetry/start.ts installs a sink (only when an exporter is configured) every call is a no-op
 * that loads nothing. Names live in src/telemetry/names.ts.
 */

export type AttributeValue = string | number | boolean;
export type Attributes = Partial<Record<AttributeKey, AttributeValue | undefined>>;
export type SpanKindName = 'server' | 'client' | 'internal';

export interface SpanHandle {
  set(attributes: Attributes): void;
  /** Marks the span failed with a WB-… (or HTTP) code; no message, no stack. */
  fail(code: string): void;
}

interface SpanOptions {
  readonly kind?: SpanKindName;
  readonly attributes?: Attributes;
  /** Start a new trace (a proactive send), linked to these W3C traceparents. */
  readonly newTraceLinkedTo?: readonly (string | undefined)[];
}

export interface TelemetrySink {
  span<T>(name: string, options: SpanOptions, work: (span: SpanHandle) => Promise<T>): Promise<T>;
  add(metric: MetricKey, value: number, attributes?: Attributes): void;
  record(metric: MetricKey, value: number, attributes?: Attributes): void;
  /** The active span as a W3C traceparent, to store with a job scheduled in this turn. */
  traceParent(): string | undefined;
  /** trace_id/span_id of the active span, for log lines. */
  logFields(): { trace_id: string; span_id: string } | undefined;
  /** Exports what is buffered and stops. */
  shutdown(): Promise<void>;
}

const NO_SPAN: SpanHandle = { set: () => undefined, fail: () => undefined };

const NOOP: TelemetrySink = {
  span: (_name, _options, work) => work(NO_SPAN),
  add: () => undefined,
  record: () => undefined,
  traceParent: () => undefined,
  logFields: () => undefined,
  shutdown: () => Promise.resolve(),
};

let sink: TelemetrySink = NOOP;

/** The sink in force (a no-op until telemetry is started). */
export const telemetry = (): TelemetrySink => sink;

export const telemetryEnabled = (): boolean => sink !== NOOP;

/** Installs a sink (start.ts, tests); returns a function that puts the previous one back. */
export function installTelemetry(next: TelemetrySink): () => void {
  const previous = sink;
  sink = next;
  return () => {
    sink = previous;
  };
}

/**
 * One redaction rule for logs and telemetry: attribute strings go through the logs' scrubber
 * (src/core/logRedaction.ts: e-mail addresses / UPNs removed, Teams ids and connector/Graph path ids
 * hashed), on top of the attribute allow-list (ATTRIBUTES) and the typed values the port accepts.
 */
const redactor = createRedactor();

export function cleanAttributes(attributes: Attributes | undefined): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  if (!attributes) return out;
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    out[key] = typeof value === 'string' ? redactor.scrub(value).slice(0, 200) : value;
  }
  return out;
}
