import type { Logger } from '../logger';
import { abortable, deadline } from './abort';
import type { CheckResult, TenantCheckReport } from './checkTypes';
import { permissionFor, type TenantCheckName } from './consent';
import type { GraphClient } from './graphClient';
import { errorCodeForReason, GraphError } from './graphErrors';
import {
  interpretDirectoryAudits,
  interpretOrganization,
  interpretRoleAssignments,
  interpretSubscribedSkus,
  interpretUser,
  nextLinkOf,
  type Interpreted,
} from './interpret';

export interface TenantCheckInput {
  tenantId: string;
  /** The Teams user's `from.aadObjectId`; without it the two admin checks are left out. */
  userAadObjectId?: string;
  now: Date;
}

export interface TenantCheckOptions {
  /** Budget per check (all of its calls). Default 5000. */
  timeoutMs?: number;
  /** directoryAudits pages read at most; counts beyond are marked truncated. Default 5. */
  maxAuditPages?: number;
  logger?: Logger;
}

export const AUDIT_WINDOW_DAYS = 7;
const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** ISO 8601 without milliseconds, the form Graph's $filter examples use. */
function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const graphPaths = {
  subscribedSkus: (): string => '/subscribedSkus',
  organization: (): string => '/organization?$select=id,onPremisesSyncEnabled,onPremisesLastSyncDateTime',
  user: (id: string): string =>
    `/users/${encodeURIComponent(id)}?$select=id,userPrincipalName,onPremisesSyncEnabled,assignedPlans`,
  roleAssignments: (id: string): string =>
    `/roleManagement/directory/roleAssignments?$filter=${encodeURIComponent(`principalId eq '${id}'`)}` +
    '&$expand=roleDefinition',
  passwordResetAudits: (since: string): string =>
    '/auditLogs/directoryAudits?$filter=' +
    encodeURIComponent(
      `loggedByService eq 'Self-service Password Management' and activityDateTime ge ${since}`,
    ),
};

/**
 * Runs every tenant check in parallel, each within its own time budget. Never rejects: a check
 * Graph could not answer comes back 'unavailable' with the reason, and the others are unaffected.
 */
export async function runTenantChecks(
  client: GraphClient,
  input: TenantCheckInput,
  options: TenantCheckOptions = {},
): Promise<TenantCheckReport> {
  const { tenantId, userAadObjectId, now } = input;
  const timeoutMs = options.timeoutMs ?? 5000;
  const maxAuditPages = options.maxAuditPages ?? 5;
  const log = options.logger?.child({ component: 'tenant-checks', tenantId });
  const since = isoSeconds(now.getTime() - AUDIT_WINDOW_DAYS * 24 * 60 * 60 * 1000);

  const run = <E>(
    check: TenantCheckName,
    work: (get: (path: string) => Promise<unknown>) => Promise<Interpreted<E>>,
  ): Promise<CheckResult<E>> =>
    runOne(check, timeoutMs, log, (signal) =>
      work(async (path) => {
        const response = await client.get<unknown>(tenantId, path, {
          signal,
          requiredPermission: permissionFor(check),
        });
        return response.body;
      }),
    );

  const userId =
    userAadObjectId !== undefined && OBJECT_ID.test(userAadObjectId) ? userAadObjectId : undefined;
  const userCheck = <E>(
    check: TenantCheckName,
    work: (get: (path: string) => Promise<unknown>, id: string) => Promise<Interpreted<E>>,
  ): Promise<CheckResult<E> | undefined> => {
    if (userAadObjectId === undefined) {
      return Promise.resolve(undefined);
    }
    if (userId === undefined) {
      return Promise.resolve(unavailable<E>(new GraphError('notFound', 'not an Entra object id')));
    }
    return run(check, (get) => work(get, userId));
  };

  const [licences, directorySync, adminAccount, adminRoles, writebackFailures] = await Promise.all([
    run('licences', async (get) => interpretSubscribedSkus(await get(graphPaths.subscribedSkus()))),
    run('directorySync', async (get) => interpretOrganization(await get(graphPaths.organization()), now)),
    userCheck('adminAccount', async (get, id) => interpretUser(await get(graphPaths.user(id)))),
    userCheck('adminRoles', async (get, id) =>
      interpretRoleAssignments(await get(graphPaths.roleAssignments(id))),
    ),
    run('writebackFailures', async (get) => {
      const pages: unknown[] = [];
      let next: string | undefined = graphPaths.passwordResetAudits(since);
      while (next !== undefined && pages.length < maxAuditPages) {
        const page = await get(next);
        pages.push(page);
        next = nextLinkOf(page);
      }
      return interpretDirectoryAudits(pages, since, next !== undefined);
    }),
  ]);

  const report: TenantCheckReport = {
    tenantId,
    checkedAt: now.toISOString(),
    licences,
    directorySync,
    writebackFailures,
  };
  if (adminAccount) {
    report.adminAccount = adminAccount;
  }
  if (adminRoles) {
    report.adminRoles = adminRoles;
  }
  return report;
}

async function runOne<E>(
  check: TenantCheckName,
  timeoutMs: number,
  log: Logger | undefined,
  work: (signal: AbortSignal) => Promise<Interpreted<E>>,
): Promise<CheckResult<E>> {
  const limit = deadline(timeoutMs, undefined, `check ${check}`);
  try {
    const { verdict, evidence } = await abortable(work(limit.signal), limit.signal);
    log?.debug({ check, verdict }, 'tenant check done');
    return { status: 'ok', verdict, evidence };
  } catch (err) {
    const graphError =
      err instanceof GraphError ? err : new GraphError('failed', `check ${check} failed`, {}, { cause: err });
    log?.info({ check, reason: graphError.reason, code: graphError.code }, 'tenant check unavailable');
    return unavailable<E>(graphError);
  } finally {
    limit.dispose();
  }
}

function unavailable<E>(err: GraphError): CheckResult<E> {
  const result: CheckResult<E> = {
    status: 'unavailable',
    verdict: 'unknown',
    reason: err.reason,
    code: errorCodeForReason(err.reason),
  };
  if (err.details.missingPermission) {
    result.missingPermission = err.details.missingPermission;
  }
  if (err.details.retryAfterSeconds !== undefined) {
    result.retryAfterSeconds = err.details.retryAfterSeconds;
  }
  return result;
}
