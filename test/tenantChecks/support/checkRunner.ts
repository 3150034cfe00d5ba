/**
 * Child-process entry for the end-to-end tests: node only reads NODE_EXTRA_CA_CERTS at start, so
 * the real msal client and the real global fetch trust the fake only in a process started with it.
 * Reads a RunnerRequest as JSON on stdin, writes a RunnerResult as JSON on stdout.
 */
import { createLogger } from '../../../src/core/logger';
import {
  certificateFromPemFile,
  createGraphClient,
  runTenantChecks,
  tenantCheckRunners,
  TenantCheckCache,
  type GraphClientSettings,
  type TenantCheckReport,
} from '../../../src/tenantChecks';

export interface RunnerRequest {
  settings: GraphClientSettings;
  /** When set, the runner loads the certificate credential from this PEM file. */
  certificatePemPath?: string;
  /** Run one after another through the same client (token reuse), in this order. */
  runs: Array<{ tenantId: string; userAadObjectId?: string; now: string }>;
  checkTimeoutMs?: number;
  /** Run all at once through the bot's TenantCheckCache instead (as concurrent admins would). */
  throughCache?: boolean;
}

export interface RunnerResult {
  reports: TenantCheckReport[];
  /** Milliseconds each run took. */
  durations: number[];
  /** Every log line written at level trace and above. */
  logs: string[];
}

async function main(): Promise<void> {
  let input = '';
  for await (const chunk of process.stdin) {
    input += String(chunk);
  }
  const request = JSON.parse(input) as RunnerRequest;
  const logs: string[] = [];
  const logger = createLogger('trace', { write: (line: string) => void logs.push(line) });
  const settings: GraphClientSettings = request.certificatePemPath
    ? { ...request.settings, certificate: certificateFromPemFile(request.certificatePemPath) }
    : request.settings;
  const client = createGraphClient(settings, { logger });
  const result: RunnerResult = { reports: [], durations: [], logs };
  if (request.throughCache) {
    const cache = new TenantCheckCache(
      tenantCheckRunners(client, { timeoutMs: request.checkTimeoutMs, logger }),
    );
    const started = Date.now();
    result.reports = await Promise.all(
      request.runs.map((run) => cache.get(run.tenantId, run.userAadObjectId)),
    );
    result.durations = request.runs.map(() => Date.now() - started);
    process.stdout.write(JSON.stringify(result));
    return;
  }
  for (const run of request.runs) {
    const started = Date.now();
    const report = await runTenantChecks(
      client,
      { tenantId: run.tenantId, userAadObjectId: run.userAadObjectId, now: new Date(run.now) },
      { timeoutMs: request.checkTimeoutMs, logger },
    );
    result.durations.push(Date.now() - started);
    result.reports.push(report);
  }
  process.stdout.write(JSON.stringify(result));
}

main().then(
  // Hung fake requests would keep the event loop alive; the answer is already written.
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  },
);
