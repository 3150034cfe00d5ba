import type { Logger } from '../core/logger';
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

/** @internal Exported for the tests as well. */
export interface TenantCheckInput {
  tenantId: string;
  /** The Teams user's `from.aadObjectId`; without it the two admin checks are left out. */
  userAadObjectId?: string;
  now: Date;
}

interface TenantCheckOptions {
  /** Budget per check (all of its calls). Default 5000. */
  timeoutMs?: number;
  /** directoryAudits pages read at most; counts beyond are marked truncated. Default 5. */
  maxAuditPages?: number;
  logger?: Logger;
}

const AUDIT_WINDOW_DAYS = 7;
const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** ISO 8601 without milliseconds, the form Graph's $filter examples use. */
function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const graphPaths = {
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

/** The checks about the tenant itself: the same for every admin of it (cached per tenant). */
export type TenantWideReport = Pick<
  TenantCheckReport,
  'tenantId' | 'checkedAt' | 'licences' | 'directorySync' | 'writebackFailures'
>;

/** The checks about the admin asking (cached per tenant and user). */
export type UserCheckReport = Pick<TenantCheckReport, 'checkedAt' | 'adminAccount' | 'adminRoles'>;

type Get = (path: string) => Promise<unknown>;

/** Runs one check against the tenant within its own time budget; never rejects. */
function checkRunner(client: GraphClient, tenantId: string, options: TenantCheckOptions) {
  const timeoutMs = options.timeoutMs ?? 5000;
  const log = options.logger?.child({ component: 'tenant-checks', tenantId });
  return <E>(check: TenantCheckName, work: (get: Get) => Promise<Interpreted<E>>): Promise<CheckResult<E>> =>
    runOne(check, timeoutMs, log, (signal) =>
      work(async (path) => {
        const response = await client.get<unknown>(tenantId, path, {
          signal,
          requiredPermission: permissionFor(check),
        });
        return response.body;
      }),
    );
}

/** Licences, directory sync and writeback failures: tenant-wide, in parallel. Never rejects. */
async function runTenantWideChecks(
  client: GraphClient,
  input: Omit<TenantCheckInput, 'userAadObjectId'>,
  options: TenantCheckOptions = {},
): Promise<TenantWideReport> {
  const { tenantId, now } = input;
  const maxAuditPages = options.maxAuditPages ?? 5;
  const since = isoSeconds(now.getTime() - AUDIT_WINDOW_DAYS * 24 * 60 * 60 * 1000);
  const run = checkRunner(client, tenantId, options);
  const [licences, directorySync, writebackFailures] = await Promise.all([
    run('licences', async (get) => interpretSubscribedSkus(await get(graphPaths.subscribedSkus()))),
    run('directorySync', async (get) => interpretOrganization(await get(graphPaths.organization()), now)),
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
  return { tenantId, checkedAt: now.toISOString(), licences, directorySync, writebackFailures };
}

/** The admin's account and directory roles, in parallel. Never rejects. */
async function runUserChecks(
  client: GraphClient,
  input: TenantCheckInput & { userAadObjectId: string },
  options: TenantCheckOptions = {},
): Promise<UserCheckReport> {
  const checkedAt = input.now.toISOString();
  if (!OBJECT_ID.test(input.userAadObjectId)) {
    const notFound = () => unavailable<never>(new GraphError('notFound', 'not an Entra object id'));
    return { checkedAt, adminAccount: notFound(), adminRoles: notFound() };
  }
  const id = input.userAadObjectId;
  const run = checkRunner(client, input.tenantId, options);
  const [adminAccount, adminRoles] = await Promise.all([
    run('adminAccount', async (get) => interpretUser(await get(graphPaths.user(id)))),
    run('adminRoles', async (get) => interpretRoleAssignments(await get(graphPaths.roleAssignments(id)))),
  ]);
  return { checkedAt, adminAccount, adminRoles };
}

/** Tenant-wide and per-user checks as one report (each part can also be run and cached on its own). */
export function mergeReports(tenant: TenantWideReport, user: UserCheckReport | undefined): TenantCheckReport {
  const report: TenantCheckReport = { ...tenant };
  // The report is as old as its oldest part.
  if (user && user.checkedAt < tenant.checkedAt) report.checkedAt = user.checkedAt;
  if (user?.adminAccount) report.adminAccount = user.adminAccount;
  if (user?.adminRoles) report.adminRoles = user.adminRoles;
  return report;
}

/**
 * Runs every tenant check in parallel, each within its own time budget. Never rejects: a check
 * Graph could not answer comes back 'unavailable' with the reason, and the others are unaffected.
 */
export async function runTenantChecks(
  client: GraphClient,
  input: TenantCheckInput,
  options: TenantCheckOptions = {},
): Promise<TenantCheckReport> {
  const { userAadObjectId } = input;
  const [tenant, user] = await Promise.all([
    runTenantWideChecks(client, input, options),
    userAadObjectId === undefined ? undefined : runUserChecks(client, { ...input, userAadObjectId }, options),
  ]);
  return mergeReports(tenant, user);
}

/** The two halves as the cache runs them: tenant-wide once per tenant, the rest per admin. */
export interface TenantCheckRunners {
  tenantWide(input: Omit<TenantCheckInput, 'userAadObjectId'>): Promise<TenantWideReport>;
  perUser(input: TenantCheckInput & { userAadObjectId: string }): Promise<UserCheckReport>;
}

export const tenantCheckRunners = (
  client: GraphClient,
  options: TenantCheckOptions = {},
): TenantCheckRunners => ({
  tenantWide: (input) => runTenantWideChecks(client, input, options),
  perUser: (input) => runUserChecks(client, input, options),
});

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
