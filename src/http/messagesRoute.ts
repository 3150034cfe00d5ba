import { randomUUID } from 'node:crypto';
import type { Activity, ConfigurationBotFrameworkAuthentication, TurnContext } from 'botbuilder';
import type { Request, Response } from 'restify';
import type { AppConfig } from '../config';
import { describeError, ErrorCodes } from '../core/errors';
import type { Logger } from '../core/logger';
import { createAuthGuard } from './authGuard';
import type { EdgeCloudAdapter } from './botAuthentication';
import { sendError } from './contentGuard';
import { checkAuthenticatable, checkEnvelope } from './envelope';
import { createTenantGuard } from './tenantGuard';

export interface MessagesRouteDeps {
  readonly config: AppConfig;
  readonly adapter: EdgeCloudAdapter;
  readonly auth: Pick<ConfigurationBotFrameworkAuthentication, 'authenticateRequest'>;
  readonly logger: Logger;
  readonly logic: (context: TurnContext) => Promise<void>;
}

function isActivityShaped(body: unknown): body is Record<string, unknown> & { type: string } {
  return (
    typeof body === 'object' &&
    body !== null &&
    !Array.isArray(body) &&
    typeof (body as { type?: unknown }).type === 'string'
  );
}

/** What botbuilder's own request handling does to the JSON: timestamps become Dates (raw kept). */
function toActivity(body: Record<string, unknown>): Activity {
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['localTimestamp', 'rawLocalTimestamp'],
    ['expiration', 'rawExpiration'],
  ] as const) {
    const value = body[field];
    if (typeof value === 'string') {
      body[raw] = value;
      body[field] = new Date(value);
    }
  }
  return body as unknown as Activity;
}

/**
 * POST /api/messages, in this order:
 *   shape (400: a JSON object with a string `type`)
 *   → what authentication reads (400 ENVELOPE_INVALID, no field list: the caller is not known yet)
 *   → authentication (401/503)
 *   → the envelope (400 ENVELOPE_INVALID with the wrong field paths: only an authenticated caller, or any
 *     caller in local mode, where nobody is authenticated and the bot listens on 127.0.0.1 only)
 *   → tenant boundary (403) → the turn.
 * Nothing is read or written for a refused activity; no answer carries a stack or SDK text.
 */
export function messagesRoute(deps: MessagesRouteDeps) {
  const { config, adapter, logger, logic } = deps;
  const authenticate = createAuthGuard(deps.auth, logger);
  const tenantAllowed = createTenantGuard(config.allowedTenantIds);

  const refuseEnvelope = (res: Response, fields?: string[]): void => {
    res.send(400, {
      error: {
        code: ErrorCodes.ENVELOPE_INVALID,
        message: 'The activity envelope is invalid.',
        ...(fields ? { fields } : {}),
      },
    });
  };

  return async (req: Request, res: Response): Promise<void> => {
    const body: unknown = req.body;
    if (!isActivityShaped(body)) {
      sendError(
        res,
        400,
        ErrorCodes.BAD_REQUEST,
        'The body must be a Bot Framework activity (JSON object with a type).',
      );
      return;
    }
    const correlationId = randomUUID();
    const authenticatable = checkAuthenticatable(body);
    if (!authenticatable.ok) {
      logger.info(
        { code: ErrorCodes.ENVELOPE_INVALID, correlationId, fields: authenticatable.fields },
        'activity refused before authentication',
      );
      refuseEnvelope(res);
      return;
    }
    const header = req.headers.authorization;
    // The SDK's type; it reads only what checkAuthenticatable has checked.
    const unchecked = body as unknown as Activity;
    const auth = await authenticate(unchecked, typeof header === 'string' ? header : '', correlationId);
    if (!auth.ok) {
      sendError(
        res,
        auth.status,
        auth.code,
        auth.status === 401 ? 'Unauthorized.' : 'Authentication is temporarily unavailable; try again later.',
      );
      return;
    }
    const envelope = checkEnvelope(body, { localMode: config.localMode });
    if (!envelope.ok) {
      logger.info(
        { code: ErrorCodes.ENVELOPE_INVALID, correlationId, fields: envelope.fields },
        'activity refused',
      );
      refuseEnvelope(res, envelope.fields);
      return;
    }
    const activity = toActivity(body);
    const tenant = tenantAllowed(activity);
    if (!tenant.ok) {
      logger.warn(
        { code: ErrorCodes.FORBIDDEN_TENANT, correlationId, tenant: tenant.tenantHash },
        'tenant refused',
      );
      sendError(res, 403, ErrorCodes.FORBIDDEN_TENANT, 'This bot does not serve your organization.');
      return;
    }
    try {
      const invoke = await adapter.runAuthenticated(auth.result, activity, logic);
      if (invoke?.body !== undefined) res.send(invoke.status, invoke.body);
      else res.send(invoke?.status ?? 200);
    } catch (err) {
      const { message, stack } = describeError(err);
      logger.error(
        { code: ErrorCodes.TURN_FAILED, correlationId, err: { message, stack } },
        'activity failed',
      );
      sendError(res, 500, ErrorCodes.TURN_FAILED, 'The activity could not be processed.');
    }
  };
}
