import type * as OtelModule from './otel';
import { installTelemetry, type TelemetrySink } from './port';
import type { TelemetryConfig } from './settings';

/**
 * Starts telemetry when it is configured: only then is the SDK (src/telemetry/otel.ts and every
 * @opentelemetry / @azure/monitor module) required. Without a config nothing is loaded and the port stays
 * a no-op. `require` rather than `import()` keeps the start synchronous, before the app is created.
 */
export function startTelemetry(config: TelemetryConfig | undefined): TelemetrySink | undefined {
  if (!config) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy loading, see above
  const { startSdk } = require('./otel') as typeof OtelModule;
  const sink = startSdk(config);
  installTelemetry(sink);
  return sink;
}
