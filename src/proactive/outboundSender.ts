import { randomUUID } from 'node:crypto';
import { describeError, ErrorCodes } from '../core/errors';
import type { Logger } from '../core/logger';
import { sleep } from '../core/abortable';
import { httpFailureOf, isTransientNetworkFailure, type HttpFailure } from './httpFailure';
import { SendPacer, TEAMS_CONVERSATION_LIMITS, TEAMS_TENANT_LIMITS, type RateWindow } from './rateLimiter';
import type { ReferenceLookup } from './referenceStore';
import { settleWithin } from './scheduler';
import type { StoredConversationReference } from './types';
import { metrics } from '../telemetry/metrics';
import { currentTraceParent, traceProactive } from '../telemetry/tracing';

/** Delivers one activity into a stored conversation; throws the connector's error on failure. */
export interface OutboundTransport<A> {
  send(reference: StoredConversationReference, activity: A): Promise<void>;
}

/** Builds the activity from the stored reference (its locale and time zone). Called once per send. */
export type ActivityFactory<A> = (reference: StoredConversationReference) => A | Promise<A>;

export interface SendOptions {
  correlationId?: string;
  /** Asked before every attempt; false abandons the send (e.g. the reminder was cancelled meanwhile). */
  stillWanted?: () => Promise<boolean>;
  /** Telemetry: what is sent and the traceparent of the turn that scheduled it (default: the current turn). */
  trace?: { kind: string; scheduledBy?: string };
}

type SendOutcome = 'sent' | 'gone' | 'failed' | 'no-reference' | 'abandoned';

export interface SendResult {
  outcome: SendOutcome;
  correlationId: string;
  attempts: number;
  /** Status of the last failed attempt, if any. */
  status?: number;
  code?: string;
  /** Time spent waiting for a pacing slot (rate limits), over all attempts. */
  pacedMs: number;
  /** Time spent waiting between attempts (Retry-After or backoff). */
  retryWaitMs: number;
}

export interface OutboundSenderOptions<A> {
  transport: OutboundTransport<A>;
  references: ReferenceLookup;
  /** 403 from Teams: the app was uninstalled or blocked. Drop the reference and the reminders. */
  onGone: (conversationKey: string) => Promise<void>;
  logger: Logger;
  maxAttempts?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** A Retry-After longer than this ends the send as failed rather than holding it. */
  maxRetryAfterMs?: number;
  conversationLimits?: readonly RateWindow[];
  tenantLimits?: readonly RateWindow[];
  globalLimits?: readonly RateWindow[];
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const RETRYABLE_STATUSES = new Set([412, 429, 502, 503, 504]);

/** Default process-wide cap: Teams' ~50 requests per second per app per tenant, applied overall. */
export const DEFAULT_GLOBAL_LIMITS: readonly RateWindow[] = [{ limit: 50, windowMs: 1_000 }];

/**
 * The one path for every message sent outside a turn: paces sends under Teams' limits per
 * conversation, per tenant and overall; retries 412/429/502/503/504 and network failures with
 * Retry-After or full-jitter exponential backoff, a bounded number of times; treats 403 as
 * "uninstalled or blocked" (no retry, `onGone`). Never throws for delivery failures: the result
 * says what happened, and every failure is logged with the correlation id.
 */
export class OutboundSender<A> {
  private readonly pacer: SendPacer;
  private readonly maxAttempts: number;
  private readonly baseBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly inFlight = new Set<Promise<SendResult>>();

  constructor(private readonly options: OutboundSenderOptions<A>) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.baseBackoffMs = options.baseBackoffMs ?? 1_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 32_000;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 5 * 60_000;
    this.now = options.now ?? (() => Date.now());
    this.sleep = options.sleep ?? sleep;
    this.random = options.random ?? Math.random;
    this.pacer = new SendPacer(
      {
        conversation: options.conversationLimits ?? TEAMS_CONVERSATION_LIMITS,
        tenant: options.tenantLimits ?? TEAMS_TENANT_LIMITS,
        global: options.globalLimits ?? DEFAULT_GLOBAL_LIMITS,
      },
      this.now,
    );
  }

  /** Sends (paced, retried); `drain` waits for the sends this returns. */
  send(
    conversationKey: string,
    activityFactory: ActivityFactory<A>,
    options: SendOptions = {},
  ): Promise<SendResult> {
    // Its own trace, linked to the turn that asked for it (a reminder: the turn that scheduled it).
    const sending = traceProactive(
      options.trace?.kind ?? 'notice',
      options.trace ? options.trace.scheduledBy : currentTraceParent(),
      () => this.sendNow(conversationKey, activityFactory, options),
    );
    this.inFlight.add(sending);
    void sending.finally(() => this.inFlight.delete(sending)).catch(() => undefined);
    return sending;
  }

  /**
   * Runs a Bot Connector request that is not a send into a stored conversation (starting a new thread in a
   * channel) under the same pacing as a send into `conversationKey` of `tenantKey`, retried the same way.
   * Never throws for connector failures; a 403 ends it as `gone` without dropping anything.
   */
  call<T>(
    conversationKey: string,
    tenantKey: string,
    request: () => Promise<T>,
    options: Pick<SendOptions, 'correlationId'> = {},
  ): Promise<SendResult & { value?: T }> {
    const calling = (async () => {
      const correlationId = options.correlationId ?? randomUUID();
      const log = this.options.logger.child({ correlationId, conversationKey });
      let value: T | undefined;
      const result = await this.attempts(conversationKey, tenantKey, correlationId, log, {}, async () => {
        value = await request();
      });
      return result.outcome === 'sent' ? { ...result, value } : result;
    })();
    this.inFlight.add(calling);
    void calling.finally(() => this.inFlight.delete(calling)).catch(() => undefined);
    return calling;
  }

  /** Waits up to `timeoutMs` for every send in flight (shutdown). */
  async drain(timeoutMs: number): Promise<void> {
    await settleWithin([...this.inFlight], timeoutMs);
  }

  private async sendNow(
    conversationKey: string,
    activityFactory: ActivityFactory<A>,
    options: SendOptions,
  ): Promise<SendResult> {
    const correlationId = options.correlationId ?? randomUUID();
    const log = this.options.logger.child({ correlationId, conversationKey });
    const result: SendResult = { outcome: 'failed', correlationId, attempts: 0, pacedMs: 0, retryWaitMs: 0 };

    const reference = await this.options.references.get(conversationKey);
    if (!reference) {
      log.warn({ code: ErrorCodes.SEND_FAILED }, 'outbound send skipped: no stored conversation reference');
      return { ...result, outcome: 'no-reference' };
    }
    let activity: A;
    try {
      activity = await activityFactory(reference);
    } catch (err) {
      log.error(
        { err: describeError(err), code: ErrorCodes.SEND_FAILED },
        'outbound send failed: building the activity threw',
      );
      return result;
    }
    const tenantKey = reference.conversation.tenantId ?? '-';
    return this.attempts(
      conversationKey,
      tenantKey,
      correlationId,
      log,
      options,
      () => this.options.transport.send(reference, activity),
      () => this.notifyGone(conversationKey, log),
    );
  }

  /** Paced, retried attempts of one request; `onGone` runs on a 403. */
  private async attempts(
    conversationKey: string,
    tenantKey: string,
    correlationId: string,
    log: Logger,
    options: SendOptions,
    attempt: () => Promise<void>,
    onGone?: () => Promise<void>,
  ): Promise<SendResult> {
    const result: SendResult = { outcome: 'failed', correlationId, attempts: 0, pacedMs: 0, retryWaitMs: 0 };
    while (result.attempts < this.maxAttempts) {
      result.pacedMs += await this.pacer.acquire(conversationKey, tenantKey);
      if (options.stillWanted && !(await this.stillWanted(options.stillWanted, log))) {
        log.info({ attempts: result.attempts }, 'outbound send abandoned: no longer wanted');
        return { ...result, outcome: 'abandoned' };
      }
      result.attempts++;
      let failure: HttpFailure;
      try {
        await attempt();
        if (result.attempts > 1)
          log.info({ attempts: result.attempts }, 'outbound send succeeded after retries');
        return { ...result, outcome: 'sent' };
      } catch (err) {
        failure = httpFailureOf(err, this.now());
        if (failure.status !== undefined) result.status = failure.status;
        if (failure.code !== undefined) result.code = failure.code;
        const context = {
          attempt: result.attempts,
          status: failure.status,
          errorCode: failure.code,
          code: ErrorCodes.SEND_FAILED,
        };
        if (failure.status === 403) {
          log.warn(
            { ...context, err: describeError(err) },
            onGone
              ? 'outbound send refused (403): app removed or blocked; dropping conversation'
              : 'outbound call refused (403): app removed or blocked',
          );
          await onGone?.();
          return { ...result, outcome: 'gone' };
        }
        const retryable =
          (failure.status !== undefined && RETRYABLE_STATUSES.has(failure.status)) ||
          isTransientNetworkFailure(failure);
        if (!retryable) {
          log.error({ ...context, err: describeError(err) }, 'outbound send failed: not retryable');
          return result;
        }
        if (result.attempts >= this.maxAttempts) {
          log.error({ ...context, err: describeError(err) }, 'outbound send failed: out of attempts');
          return result;
        }
        if (failure.retryAfterMs !== undefined && failure.retryAfterMs > this.maxRetryAfterMs) {
          log.error(
            { ...context, retryAfterMs: failure.retryAfterMs },
            'outbound send failed: Retry-After too long',
          );
          return result;
        }
        const wait = failure.retryAfterMs ?? this.backoff(result.attempts);
        if (failure.retryAfterMs !== undefined) {
          this.pacer.pause(conversationKey, this.now() + wait);
          metrics.retryAfterWaited(wait / 1000);
        }
        log.warn({ ...context, retryInMs: wait }, 'outbound send failed: will retry');
        result.retryWaitMs += wait;
        await this.sleep(wait);
      }
    }
    return result;
  }

  /** Full jitter: uniform in [0, min(max, base·2^(attempt-1))]. */
  private backoff(attempt: number): number {
    const ceiling = Math.min(this.maxBackoffMs, this.baseBackoffMs * 2 ** (attempt - 1));
    return Math.floor(this.random() * ceiling);
  }

  /** When the check itself fails (storage down), not sending is the safe answer. */
  private async stillWanted(check: () => Promise<boolean>, log: Logger): Promise<boolean> {
    try {
      return await check();
    } catch (err) {
      log.error(
        { err: describeError(err), code: ErrorCodes.SEND_FAILED },
        'outbound send abandoned: check failed',
      );
      return false;
    }
  }

  private async notifyGone(conversationKey: string, log: Logger): Promise<void> {
    try {
      await this.options.onGone(conversationKey);
    } catch (err) {
      log.error(
        { err: describeError(err), code: ErrorCodes.SEND_FAILED },
        'dropping a gone conversation failed',
      );
    }
  }
}
