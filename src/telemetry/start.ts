import { describeError, ErrorCodes, type ErrorCode } from '../core/errors';
import type * as OtelModule from './otel';
import { installTelemetry, type TelemetrySink } from './port';
import type { TelemetryConfig } from './settings';

/** Where telemetry's own problems go (the log; src/lifecycle.ts). */
export type TelemetryProblems = (code: ErrorCode, detail: string) => void;

/**
 * Starts telemetry when it is configured: only then is the SDK (src/telemetry/otel.ts and every
 * @opentelemetry / @azure/monitor module) required. Without a config nothing is loaded and the port stays
 * a no-op. `require` rather than `import()` keeps the start synchronous, before the app is created.
 * Telemetry never stops the bot: a failed start is reported (WB-OTEL-101) and the bot runs without it.
 */
export function startTelemetry(
  config: TelemetryConfig | undefined,
  problems: TelemetryProblems = () => undefined,
): TelemetrySink | undefined {
  if (!config) return undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy loading, see above
    const { startSdk } = require('./otel') as typeof OtelModule;
    const sink = startSdk(config, {
      onExportProblem: (detail) => problems(ErrorCodes.TELEMETRY_EXPORT_FAILED, detail),
    });
    installTelemetry(sink);
    return sink;
  } catch (err) {
    problems(ErrorCodes.TELEMETRY_START_FAILED, describeError(err).message);
    return undefined;
  }
}
