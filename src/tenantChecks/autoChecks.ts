import type { CheckId, PerCheck } from '../troubleshooting/model';
import type { CheckResult, TenantCheckReport } from './checkTypes';
import { adminConsentUrl } from './consent';

/**
 * What an automatic Graph check adds to a check card, as locale keys and values (the card layer
 * localizes them): the verdict, the evidence lines, and why part of the check stays manual.
 */
interface AutoLine {
  key: string;
  values?: Record<string, string | number>;
  /** An ISO time the card shows in the admin's time zone, as the `time` value. */
  timeIso?: string;
}

export interface AutoCheck {
  verdict: 'pass' | 'fail' | 'unknown';
  lines: AutoLine[];
}

export interface ConsentTarget {
  authorityHost: string;
  clientId: string;
}

function unavailable(
  result: CheckResult<unknown>,
  tenantId: string,
  consent: ConsentTarget,
): AutoLine | undefined {
  if (result.status === 'ok') return undefined;
  const url = adminConsentUrl({ authorityHost: consent.authorityHost, tenantId, clientId: consent.clientId });
  return {
    key: `autoCheck.unavailable.${result.reason}`,
    values: {
      permission: result.missingPermission ?? '',
      url,
      // `count` picks the plural form of the seconds (autoCheck.unavailable.throttled).
      count: result.retryAfterSeconds ?? 0,
    },
  };
}

function merge(parts: Array<AutoCheck | undefined>): AutoCheck | undefined {
  const present = parts.filter((p): p is AutoCheck => p !== undefined);
  if (present.length === 0) return undefined;
  const verdicts = present.map((p) => p.verdict);
  const verdict = verdicts.includes('fail')
    ? 'fail'
    : verdicts.every((v) => v === 'pass')
      ? 'pass'
      : 'unknown';
  return { verdict, lines: present.flatMap((p) => p.lines) };
}

function licences(report: TenantCheckReport, consent: ConsentTarget): AutoCheck {
  const r = report.licences;
  if (r.status !== 'ok') return { verdict: 'unknown', lines: [unavailable(r, report.tenantId, consent)!] };
  const active = r.evidence.skus.filter((s) => s.active);
  if (active.length === 0) return { verdict: 'fail', lines: [{ key: 'autoCheck.licences.none' }] };
  const skus = active.map((s) => `${s.skuPartNumber} (${s.plans.join('+')}, ${s.freeUnits})`).join(', ');
  return { verdict: 'pass', lines: [{ key: 'autoCheck.licences.found', values: { skus } }] };
}

function adminAccount(
  report: TenantCheckReport,
  consent: ConsentTarget,
  part: 'licence' | 'cloud',
): AutoCheck | undefined {
  const r = report.adminAccount;
  if (!r) return undefined;
  if (r.status !== 'ok') return { verdict: 'unknown', lines: [unavailable(r, report.tenantId, consent)!] };
  const upn = r.evidence.userPrincipalName ?? '?';
  if (part === 'licence') {
    return r.evidence.hasPremiumPlan
      ? { verdict: 'pass', lines: [{ key: 'autoCheck.admin.licensed', values: { upn } }] }
      : { verdict: 'fail', lines: [{ key: 'autoCheck.admin.unlicensed', values: { upn } }] };
  }
  return r.evidence.cloudOnly
    ? { verdict: 'pass', lines: [{ key: 'autoCheck.admin.cloud', values: { upn } }] }
    : { verdict: 'fail', lines: [{ key: 'autoCheck.admin.synced', values: { upn } }] };
}

function adminRoles(report: TenantCheckReport, consent: ConsentTarget): AutoCheck | undefined {
  const r = report.adminRoles;
  if (!r) return undefined;
  if (r.status !== 'ok') return { verdict: 'unknown', lines: [unavailable(r, report.tenantId, consent)!] };
  const { roles, isGlobalAdmin, isHybridIdentityAdmin } = r.evidence;
  if (roles.length === 0) return { verdict: 'unknown', lines: [{ key: 'autoCheck.roles.none' }] };
  const names = roles.map((role) => role.displayName).join(', ');
  return {
    verdict: isGlobalAdmin || isHybridIdentityAdmin ? 'pass' : 'unknown',
    lines: [{ key: 'autoCheck.roles.list', values: { roles: names } }],
  };
}

function directorySync(report: TenantCheckReport, consent: ConsentTarget): AutoCheck {
  const r = report.directorySync;
  if (r.status !== 'ok') return { verdict: 'unknown', lines: [unavailable(r, report.tenantId, consent)!] };
  const { syncEnabled, lastSyncDateTime, minutesSinceLastSync, stale } = r.evidence;
  if (syncEnabled !== true || !lastSyncDateTime) {
    return {
      verdict: 'fail',
      lines: [{ key: syncEnabled === false ? 'autoCheck.sync.off' : 'autoCheck.sync.never' }],
    };
  }
  const line: AutoLine = {
    key: stale ? 'autoCheck.sync.stale' : 'autoCheck.sync.recent',
    values: { count: minutesSinceLastSync ?? 0 },
    timeIso: lastSyncDateTime,
  };
  // Graph cannot tell a full sync from a delta sync: never a pass on its own.
  return { verdict: stale ? 'fail' : 'unknown', lines: [line, { key: 'autoCheck.manual.fullVsDelta' }] };
}

function writebackFailures(report: TenantCheckReport, consent: ConsentTarget): AutoCheck {
  const r = report.writebackFailures;
  if (r.status !== 'ok') return { verdict: 'unknown', lines: [unavailable(r, report.tenantId, consent)!] };
  const { failureCount, lastFailure } = r.evidence;
  if (failureCount === 0 || !lastFailure)
    return { verdict: 'unknown', lines: [{ key: 'autoCheck.failures.none' }] };
  return {
    verdict: 'fail',
    lines: [
      {
        key: 'autoCheck.failures.some',
        values: { count: failureCount, reason: lastFailure.resultReason || lastFailure.activityDisplayName },
        timeIso: lastFailure.activityDateTime,
      },
    ],
  };
}

/** The automatic part of each check the report can speak to, by check id. */
export function autoChecksFor(report: TenantCheckReport, consent: ConsentTarget): PerCheck<AutoCheck> {
  // Every id of AUTO_CHECK_IDS has its entry (the compiler says so), and no other.
  const result: Record<AutoCheckId, AutoCheck | undefined> = {
    licensing: licences(report, consent),
    licensedAccounts: merge([
      adminAccount(report, consent, 'licence'),
      { verdict: 'unknown', lines: [{ key: 'autoCheck.manual.testUser' }] },
    ]),
    ssprEnabled: { verdict: 'unknown', lines: [{ key: 'autoCheck.manual.ssprToggle' }] },
    cloudAdmin: merge([adminAccount(report, consent, 'cloud'), adminRoles(report, consent)]),
    fullSync: directorySync(report, consent),
    eventLog: writebackFailures(report, consent),
  };
  const found: PerCheck<AutoCheck> = {};
  for (const id of AUTO_IDS) if (result[id]) found[id] = result[id];
  return found;
}

const AUTO_IDS = [
  'licensing',
  'licensedAccounts',
  'ssprEnabled',
  'cloudAdmin',
  'fullSync',
  'eventLog',
] as const satisfies readonly CheckId[];
type AutoCheckId = (typeof AUTO_IDS)[number];

/** The checks an automatic report can speak to: a section without any of them needs no Graph call. */
export const AUTO_CHECK_IDS: ReadonlySet<CheckId> = new Set<CheckId>(AUTO_IDS);
