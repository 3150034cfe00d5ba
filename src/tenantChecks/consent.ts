/**
 * The Microsoft Graph application permissions the tenant checks need (least privilege), and the
 * admin-consent link a tenant admin opens to grant them to this app.
 */

export type GraphPermission =
  'Organization.Read.All' | 'User.Read.All' | 'RoleManagement.Read.Directory' | 'AuditLog.Read.All';

export type TenantCheckName =
  'licences' | 'directorySync' | 'adminAccount' | 'adminRoles' | 'writebackFailures';

interface GraphPermissionUse {
  permission: GraphPermission;
  /** Always an application permission: the checks run app-only (client credentials). */
  type: 'Application';
  /** The checks that stay manual while this permission is missing. */
  checks: readonly TenantCheckName[];
  /** Why the bot asks for it, in English (README, logs); cards use their own locale strings. */
  purpose: string;
}

/** @internal Exported for the tests as well. */
export const GRAPH_PERMISSIONS: readonly GraphPermissionUse[] = [
  {
    permission: 'Organization.Read.All',
    type: 'Application',
    checks: ['licences', 'directorySync'],
    purpose:
      'Read the subscribed SKUs (is Entra ID P1/P2 present, units free) and the organization ' +
      '(directory sync enabled, last sync time).',
  },
  {
    permission: 'User.Read.All',
    type: 'Application',
    checks: ['adminAccount'],
    purpose: 'Read whether the admin chatting with the bot is a cloud-only or a synced account.',
  },
  {
    permission: 'RoleManagement.Read.Directory',
    type: 'Application',
    checks: ['adminRoles'],
    purpose: "Read the admin's directory roles (Global Administrator, Hybrid Identity Administrator).",
  },
  {
    permission: 'AuditLog.Read.All',
    type: 'Application',
    checks: ['writebackFailures'],
    purpose: 'Read the last 7 days of Self-service Password Management audit events to summarise failures.',
  },
];

/** Which permission a check's Graph call needs: the one named when Graph answers 403. */
export function permissionFor(check: TenantCheckName): GraphPermission {
  const use = GRAPH_PERMISSIONS.find((p) => p.checks.includes(check));
  if (!use) {
    throw new Error(`no Graph permission listed for check ${check}`);
  }
  return use.permission;
}

export interface AdminConsentUrlInput {
  authorityHost: string;
  tenantId: string;
  clientId: string;
  /** Optional; must be one of the app registration's redirect URIs if given. */
  redirectUri?: string;
}

/** `https://{authorityHost}/{tenantId}/adminconsent?client_id={clientId}` with each part escaped. */
export function adminConsentUrl(input: AdminConsentUrlInput): string {
  const url = new URL(`https://${input.authorityHost}/${encodeURIComponent(input.tenantId)}/adminconsent`);
  url.searchParams.set('client_id', input.clientId);
  if (input.redirectUri) {
    url.searchParams.set('redirect_uri', input.redirectUri);
  }
  return url.toString();
}
