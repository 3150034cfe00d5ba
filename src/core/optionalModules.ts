/**
 * Modules only some configurations use, loaded when first asked for: a local or single-instance bot never
 * pays for requiring the Azure Storage SDKs (botbuilder-azure-blobs) or msal and the Graph client, a few
 * hundred ms at start. Types come from `import type`, so callers stay fully typed. `require` (not
 * `import()`) keeps createApp synchronous; Node caches the module after the first call.
 */
import type * as IdentityModule from '@azure/identity';
import type * as BlobClientModule from '@azure/storage-blob';
import type * as BlobsModule from 'botbuilder-azure-blobs';
import type * as GraphModule from '../tenantChecks';

/* eslint-disable @typescript-eslint/no-require-imports -- deliberate lazy loading, see above */
export const loadBlobsStorage = (): typeof BlobsModule.BlobsStorage =>
  (require('botbuilder-azure-blobs') as typeof BlobsModule).BlobsStorage;

export const loadContainerClient = (): typeof BlobClientModule.ContainerClient =>
  (require('@azure/storage-blob') as typeof BlobClientModule).ContainerClient;

/**
 * Storage without keys: managed identity or DefaultAzureCredential (src/storage/azureAccess.ts). Here with
 * the other Azure modules, though botframework-connector already loads @azure/identity in every bot.
 */
export const loadIdentity = (): typeof IdentityModule => require('@azure/identity') as typeof IdentityModule;

export const loadGraph = (): typeof GraphModule => require('../tenantChecks') as typeof GraphModule;
/* eslint-enable @typescript-eslint/no-require-imports */
