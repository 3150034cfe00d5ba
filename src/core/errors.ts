/**
 * The error catalogue: every error the bot reports has a stable code. Users see the code and a
 * correlation id (never a stack trace); logs carry the code, the cause and the same id.
 */
export const ErrorCodes = {
  CONFIG_INVALID: 'WB-CFG-001',
  BAD_REQUEST: 'WB-HTTP-400',
  BODY_TOO_LARGE: 'WB-HTTP-413',
  UNAUTHORIZED: 'WB-HTTP-401',
  // The public endpoint (src/http/): content type, envelope, authentication, tenant boundary.
  UNSUPPORTED_MEDIA_TYPE: 'WB-HTTP-415',
  ENVELOPE_INVALID: 'WB-ENV-400',
  FORBIDDEN_TENANT: 'WB-HTTP-403',
  AUTH_UNAVAILABLE: 'WB-HTTP-503',
  // restify's own answers (unknown path, wrong method, a handler's unexpected error), in the app's shape
  NOT_FOUND: 'WB-HTTP-404',
  METHOD_NOT_ALLOWED: 'WB-HTTP-405',
  HTTP_FAILED: 'WB-HTTP-500',
  TURN_FAILED: 'WB-TURN-500',
  STORAGE_CONFLICT: 'WB-STO-409',
  STORAGE_FAILED: 'WB-STO-500',
  // Storage faults and the data directory (src/storage/storageFaults.ts, src/storage/dataDir.ts)
  STORAGE_DIR_UNUSABLE: 'WB-STO-001',
  STORAGE_LOCKED: 'WB-STO-002',
  STORAGE_READ_ONLY: 'WB-STO-003',
  STORAGE_FULL: 'WB-STO-004',
  STORAGE_CORRUPT: 'WB-STO-005',
  STORAGE_UNAVAILABLE: 'WB-STO-006',
  STALE_CARD: 'WB-CARD-410',
  // Concurrency, section ownership and reminder limits (turn serialisation, who may click, remind guard)
  TURN_BUSY: 'WB-TURN-409',
  NOT_SECTION_OWNER: 'WB-CARD-403',
  REMINDER_LIMIT: 'WB-REM-429',
  CARD_UPDATE_FAILED: 'WB-CARD-502',
  SEND_FAILED: 'WB-OUT-500',
  GRAPH_FAILED: 'WB-GRAPH-500',
  GRAPH_NOT_CONSENTED: 'WB-GRAPH-001',
  GRAPH_UNAUTHORIZED: 'WB-GRAPH-401',
  GRAPH_FORBIDDEN: 'WB-GRAPH-403',
  GRAPH_NOT_FOUND: 'WB-GRAPH-404',
  GRAPH_THROTTLED: 'WB-GRAPH-429',
  GRAPH_NETWORK: 'WB-GRAPH-502',
  GRAPH_TIMEOUT: 'WB-GRAPH-504',
  SCHEDULER_FAILED: 'WB-SCHED-500',
  // Helpdesk escalation (src/helpdesk/, ticket cards and their invokes)
  HELPDESK_POST_FAILED: 'WB-HD-502',
  HELPDESK_MEMBER_CHECK_FAILED: 'WB-HD-503',
  HELPDESK_NOTIFY_FAILED: 'WB-HD-504',
  HELPDESK_CARD_UPDATE_FAILED: 'WB-HD-505',
  HELPDESK_CHANNEL_LOOKUP_FAILED: 'WB-HD-506',
  // Who sets, moves and removes the helpdesk (audit lines: every change and every refusal is logged)
  HELPDESK_CHANNEL_SET: 'WB-HD-201',
  HELPDESK_CHANNEL_MOVED: 'WB-HD-202',
  HELPDESK_CHANNEL_REMOVED: 'WB-HD-203',
  HELPDESK_CHANGE_REFUSED: 'WB-HD-403',
  // A ticket asked for by someone who may not see it, or that does not exist (one answer for both)
  HELPDESK_TICKET_HIDDEN: 'WB-HD-404',
  // Escalation limits (src/helpdesk/handlers/escalate.ts): open tickets per requester, new threads per tenant.
  HELPDESK_OPEN_LIMIT: 'WB-HD-409',
  HELPDESK_RATE_LIMIT: 'WB-HD-429',
  // Universal Actions (src/bot.ts, src/turn/cardInvoke.ts)
  CARD_INVOKE_REFUSED: 'WB-CARD-540',
  // The helpdesk channel's lifecycle, requester notices, stored tickets (issue 19: items 1, 6)
  HELPDESK_UNAVAILABLE: 'WB-HD-601',
  HELPDESK_AVAILABLE_AGAIN: 'WB-HD-602',
  HELPDESK_ESCALATION_PENDING: 'WB-HD-603',
  HELPDESK_BAD_TICKET: 'WB-HD-604',
  HELPDESK_AFTER_TURN_FAILED: 'WB-HD-605',
  // Priority, SLA, reassign, rating, stats (issue 19 items 2-5).
  HELPDESK_ROSTER_FAILED: 'WB-HD-701',
  HELPDESK_INPUT_REFUSED: 'WB-HD-702',
  HELPDESK_OUTCOME_NOT_COUNTED: 'WB-HD-703',
  // Telemetry (src/telemetry/): it never stops the bot, it only says what went wrong.
  TELEMETRY_START_FAILED: 'WB-OTEL-101',
  TELEMETRY_EXPORT_FAILED: 'WB-OTEL-102',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export class BotError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'BotError';
  }
}

function errorCodeOf(err: unknown): ErrorCode {
  return err instanceof BotError ? err.code : ErrorCodes.TURN_FAILED;
}

/** A log-safe description of any thrown value: message and code, no stack for users. */
export function describeError(err: unknown): { code: ErrorCode; message: string; stack?: string } {
  if (err instanceof Error) {
    return { code: errorCodeOf(err), message: err.message, stack: err.stack };
  }
  return { code: ErrorCodes.TURN_FAILED, message: String(err) };
}
