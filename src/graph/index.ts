/** Public surface of the Graph tenant checks; botbuilder-free. */
export { TenantCheckCache, type TenantCheckCacheOptions } from './cache';
export { certificateFromPem, certificateFromPemFile, type GraphCertificateCredential } from './certificate';
export type * from './checkTypes';
export {
  adminConsentUrl,
  GRAPH_PERMISSIONS,
  permissionFor,
  type AdminConsentUrlInput,
  type GraphPermission,
  type GraphPermissionUse,
  type TenantCheckName,
} from './consent';
export {
  createGraphClient,
  GRAPH_DEFAULTS,
  type GraphClient,
  type GraphClientDeps,
  type GraphClientSettings,
  type GraphRequestOptions,
  type GraphResponse,
} from './graphClient';
export { GraphError, type GraphErrorDetails, type GraphFailureReason } from './graphErrors';
export { STALE_SYNC_MINUTES } from './interpret';
export {
  runTenantChecks,
  runTenantWideChecks,
  runUserChecks,
  tenantCheckRunners,
  type TenantCheckInput,
  type TenantCheckOptions,
  type TenantCheckRunners,
  type TenantWideReport,
  type UserCheckReport,
} from './tenantChecks';
export { isValidTenantId, MsalTokenProvider, type TokenProvider } from './tokenProvider';
