import { createHash } from 'node:crypto';
import { traceLockWait } from '../telemetry/tracing';
import type { BlobLeaseClient, BlockBlobClient, ContainerClient } from '@azure/storage-blob';
import { BotError, describeError, ErrorCodes } from '../core/errors';
import type { Logger } from '../core/logger';
import type { TurnGate } from './turnLock';

export interface BlobTurnLeaseOptions {
  /** Azure accepts 15 to 60 seconds; the lease is renewed while the turn runs. */
  leaseSeconds?: number;
  renewEveryMs?: number;
  /** How long a turn waits for the other instance's turn before it gives up (ErrorCodes.TURN_BUSY). */
  waitMs?: number;
  pollMs?: number;
}

const statusOf = (err: unknown): unknown => (err as { statusCode?: unknown } | null)?.statusCode;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Serialises the turns of one conversation across bot instances that share Azure Blob Storage, with
 * the Blob service's own lease: one small blob per conversation (`turn-leases/<sha256>`), created
 * create-only (`If-None-Match: *`) and leased for the whole turn. A second instance's turn waits for
 * the lease, then runs on the state the first one saved, so it answers from that fresh state (one
 * welcome, one step per click). Leases are renewed during the turn and released at its end; a crashed
 * instance's lease lapses after `leaseSeconds`.
 */
export class BlobTurnLease implements TurnGate {
  private readonly leaseSeconds: number;
  private readonly renewEveryMs: number;
  private readonly waitMs: number;
  private readonly pollMs: number;
  private containerReady?: Promise<unknown>;
  /** Lease blobs known to exist (bounded: cleared when large, a create-only upload is cheap). */
  private readonly created = new Set<string>();

  constructor(
    private readonly container: ContainerClient,
    private readonly logger: Logger,
    options: BlobTurnLeaseOptions = {},
  ) {
    this.leaseSeconds = options.leaseSeconds ?? 20;
    this.renewEveryMs = options.renewEveryMs ?? 7_000;
    this.waitMs = options.waitMs ?? 12_000;
    this.pollMs = options.pollMs ?? 50;
  }

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const name = `turn-leases/${createHash('sha256').update(key).digest('hex')}`;
    const blob = this.container.getBlockBlobClient(name);
    await this.ensureExists(name, blob);
    const lease = blob.getBlobLeaseClient();
    await traceLockWait(() => this.acquire(lease));
    const renewal = setInterval(() => {
      lease.renewLease().catch((err: unknown) => {
        this.logger.warn(
          { code: ErrorCodes.TURN_BUSY, err: describeError(err) },
          'turn lease renewal failed',
        );
      });
    }, this.renewEveryMs);
    renewal.unref();
    try {
      return await work();
    } finally {
      clearInterval(renewal);
      await lease.releaseLease().catch((err: unknown) => {
        // It lapses by itself after leaseSeconds.
        this.logger.warn(
          { code: ErrorCodes.TURN_BUSY, err: describeError(err) },
          'turn lease release failed',
        );
      });
    }
  }

  private async ensureExists(name: string, blob: BlockBlobClient): Promise<void> {
    if (this.created.has(name)) return;
    this.containerReady ??= this.container.createIfNotExists();
    await this.containerReady;
    try {
      await blob.upload('', 0, { conditions: { ifNoneMatch: '*' } });
    } catch (err) {
      // 409: exists already (maybe leased right now); 412: the same, reported as a failed condition.
      if (statusOf(err) !== 409 && statusOf(err) !== 412) throw err;
    }
    if (this.created.size > 10_000) this.created.clear();
    this.created.add(name);
  }

  private async acquire(lease: BlobLeaseClient): Promise<void> {
    const deadline = Date.now() + this.waitMs;
    let pause = this.pollMs;
    for (;;) {
      try {
        await lease.acquireLease(this.leaseSeconds);
        return;
      } catch (err) {
        if (statusOf(err) !== 409) throw err;
      }
      if (Date.now() + pause > deadline) {
        throw new BotError(ErrorCodes.TURN_BUSY, 'another turn of this conversation holds its lease');
      }
      await sleep(pause);
      pause = Math.min(pause * 2, 500);
    }
  }
}
