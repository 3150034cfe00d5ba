import { AuthError, ServerError } from '@azure/msal-node';
import { BotError, ErrorCodes, type ErrorCode } from '../core/errors';
import type { GraphPermission } from './consent';

/**
 * Why a Graph call gave no answer. Each maps to one stable error code, and a card can explain each
 * one differently (consent link, missing permission, "try again later", manual question).
 */
export type GraphFailureReason =
  'notConsented' | 'unauthorized' | 'forbidden' | 'notFound' | 'throttled' | 'timeout' | 'network' | 'failed';

const CODE_BY_REASON: Record<GraphFailureReason, ErrorCode> = {
  notConsented: ErrorCodes.GRAPH_NOT_CONSENTED,
  unauthorized: ErrorCodes.GRAPH_UNAUTHORIZED,
  forbidden: ErrorCodes.GRAPH_FORBIDDEN,
  notFound: ErrorCodes.GRAPH_NOT_FOUND,
  throttled: ErrorCodes.GRAPH_THROTTLED,
  timeout: ErrorCodes.GRAPH_TIMEOUT,
  network: ErrorCodes.GRAPH_NETWORK,
  failed: ErrorCodes.GRAPH_FAILED,
};

export interface GraphErrorDetails {
  /** HTTP status from Graph or the token endpoint, when there was one. */
  status?: number;
  /** Graph's `error.code` (e.g. Authorization_RequestDenied) or msal's errorCode (e.g. invalid_client). */
  serviceCode?: string;
  /** The AADSTS number from the token endpoint, e.g. "7000229". */
  aadsts?: string;
  /** On 403: the application permission this call needs. */
  missingPermission?: GraphPermission;
  /** On 429: the Retry-After Graph asked for, in seconds. */
  retryAfterSeconds?: number;
}

export class GraphError extends BotError {
  constructor(
    readonly reason: GraphFailureReason,
    message: string,
    readonly details: GraphErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(CODE_BY_REASON[reason], message, options);
    this.name = 'GraphError';
  }
}

export function errorCodeForReason(reason: GraphFailureReason): ErrorCode {
  return CODE_BY_REASON[reason];
}

function graphErrorCodeOf(body: unknown): string | undefined {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const error = body.error;
    if (typeof error === 'object' && error !== null && 'code' in error) {
      const code = error.code;
      return typeof code === 'string' ? code : undefined;
    }
  }
  return undefined;
}

/** Turns a non-2xx Graph answer into a GraphError. */
export function graphErrorFromResponse(
  status: number,
  body: unknown,
  context: { path: string; requiredPermission?: GraphPermission; retryAfterSeconds?: number },
): GraphError {
  const serviceCode = graphErrorCodeOf(body);
  const base = { status, serviceCode };
  const where = `Graph GET ${context.path} answered ${status}${serviceCode ? ` ${serviceCode}` : ''}`;
  if (status === 401) {
    return new GraphError('unauthorized', where, base);
  }
  if (status === 403) {
    return new GraphError(
      'forbidden',
      context.requiredPermission ? `${where}; needs ${context.requiredPermission}` : where,
      { ...base, missingPermission: context.requiredPermission },
    );
  }
  if (status === 404) {
    return new GraphError('notFound', where, base);
  }
  if (status === 429) {
    return new GraphError('throttled', where, { ...base, retryAfterSeconds: context.retryAfterSeconds });
  }
  return new GraphError('failed', where, base);
}

/** AADSTS codes meaning "this app is not (yet) allowed in this tenant": the admin-consent link fixes them. */
const NOT_CONSENTED_AADSTS = new Set([
  '65001', // consent not granted
  '7000229', // no service principal for the app in the tenant
  '700016', // application not found in the directory
  '500011', // resource principal (Graph) not found in the tenant
]);
/** The tenant itself does not exist (or is not a valid tenant id). */
const TENANT_NOT_FOUND_AADSTS = new Set(['90002', '900023']);

const MSAL_NETWORK_CODES = new Set(['network_error', 'endpoints_resolution_error', 'openid_config_error']);

function aadstsOf(err: AuthError): string | undefined {
  if (err instanceof ServerError && err.errorNo) {
    return String(err.errorNo);
  }
  return /AADSTS(\d+)/.exec(err.errorMessage ?? '')?.[1];
}

/** Turns whatever msal threw while getting a token into a GraphError. */
export function graphErrorFromMsal(err: unknown): GraphError {
  if (err instanceof GraphError) {
    return err;
  }
  if (!(err instanceof AuthError)) {
    return new GraphError('failed', 'token acquisition failed', {}, { cause: err });
  }
  const aadsts = aadstsOf(err);
  const details: GraphErrorDetails = {
    serviceCode: err.errorCode,
    aadsts,
    status: err instanceof ServerError ? err.status : undefined,
  };
  const summary = `token request failed: ${err.errorCode}${aadsts ? ` AADSTS${aadsts}` : ''}`;
  if (aadsts && NOT_CONSENTED_AADSTS.has(aadsts)) {
    return new GraphError('notConsented', summary, details, { cause: err });
  }
  if (aadsts && TENANT_NOT_FOUND_AADSTS.has(aadsts)) {
    return new GraphError('notFound', summary, details, { cause: err });
  }
  if (aadsts || err instanceof ServerError) {
    return new GraphError('unauthorized', summary, details, { cause: err });
  }
  if (MSAL_NETWORK_CODES.has(err.errorCode)) {
    const reason = /timeout/i.test(err.errorMessage) ? 'timeout' : 'network';
    return new GraphError(reason, summary, details, { cause: err });
  }
  return new GraphError('failed', summary, details, { cause: err });
}
