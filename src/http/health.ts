import type { Request, Response } from 'restify';
import { describeError, ErrorCodes } from '../core/errors';
import type { Logger } from '../core/logger';
import type { KeyValueStorage } from '../storage/keyValueStorage';
import { storageFaultCodeIn } from '../storage/storageFaults';

const PROBE_KEY = 'health/probe';

export type HealthResult = { ok: true } | { ok: false; code: string };

/**
 * Probes the bot storage with a small write, read-back and delete. The result is reused for `ttlMs` and
 * concurrent callers share one probe, so a busy /healthz costs at most one write per interval.
 */
export class StorageProbe {
  private last?: { at: number; result: HealthResult };
  private running?: Promise<HealthResult>;

  constructor(
    private readonly storage: KeyValueStorage,
    private readonly logger: Logger,
    private readonly ttlMs = 1_000,
    private readonly now: () => number = () => Date.now(),
  ) {}

  check(): Promise<HealthResult> {
    if (this.last && this.now() - this.last.at < this.ttlMs) return Promise.resolve(this.last.result);
    this.running ??= this.probe().finally(() => (this.running = undefined));
    return this.running;
  }

  private async probe(): Promise<HealthResult> {
    const at = this.now();
    let result: HealthResult;
    try {
      await this.storage.write({ [PROBE_KEY]: { at, eTag: '*' } });
      const read = (await this.storage.read([PROBE_KEY]))[PROBE_KEY] as { at?: number } | undefined;
      await this.storage.delete([PROBE_KEY]); // leaves nothing behind in bot state
      result = read?.at === at ? { ok: true } : { ok: false, code: ErrorCodes.STORAGE_FAILED };
      if (!result.ok) this.report(result.code, new Error('the probe read back something else'));
    } catch (err) {
      result = { ok: false, code: storageFaultCodeIn(err) ?? ErrorCodes.STORAGE_FAILED };
      this.report(result.code, err);
    }
    this.last = { at, result };
    return result;
  }

  /** Logged when storage turns bad (with the path in the message), not on every probe while it stays bad. */
  private report(code: string, err: unknown): void {
    if (this.last && !this.last.result.ok) return;
    this.logger.error({ code, err: describeError(err) }, 'storage health probe failed');
  }
}

/** GET /healthz: 200 when storage can be written and read, else 503 with the WB-STO code. */
export function healthRoute(probe: StorageProbe) {
  return async (_req: Request, res: Response): Promise<void> => {
    const result = await probe.check();
    if (result.ok) res.send(200, { status: 'ok' });
    else
      res.send(503, {
        status: 'unavailable',
        error: { code: result.code, message: 'Storage cannot be written.' },
      });
  };
}
