/**
 * What the app (src/app.ts, loaded lazily through src/core/optionalModules.ts) and the end-to-end tests' child
 * process use of the Graph tenant checks; botbuilder-free. Other code imports the module files directly.
 */
export { TenantCheckCache } from './cache';
export { certificateFromPemFile } from './certificate';
export type { TenantCheckReport } from './checkTypes';
export { createGraphClient, type GraphClientSettings } from './graphClient';
export { runTenantChecks, tenantCheckRunners } from './tenantChecks';
