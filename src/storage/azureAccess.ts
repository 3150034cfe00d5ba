import type { TokenCredential } from '@azure/identity';
import { trimEndChars } from '../core/trimEnd';
import type { ContainerClient } from '@azure/storage-blob';
import type * as QueueModule from '@azure/storage-queue';
import type { QueueClient } from '@azure/storage-queue';
import { loadContainerClient, loadIdentity } from '../core/optionalModules';

/**
 * How the bot reaches its Azure Storage account (scale-out mode), from src/config.ts:
 * - a connection string (AZURE_STORAGE_CONNECTION_STRING: an account key or a SAS inside), or
 * - the Blob and Queue service URLs (AZURE_STORAGE_BLOB_URL, AZURE_STORAGE_QUEUE_URL) with
 *   Microsoft Entra ID tokens: the user-assigned managed identity `clientId`
 *   (AZURE_STORAGE_CLIENT_ID, else the bot's own UserAssignedMSI app id), or DefaultAzureCredential
 *   when neither is set (a developer's `az login`, workload identity…). No key anywhere.
 */
export type AzureStorageAccess =
  | { readonly connectionString: string }
  | { readonly blobUrl: string; readonly queueUrl: string; readonly clientId?: string };

/** What BlobsStorage and the clients are built from: a connection string, or a URL with a credential. */
export type AzureTarget =
  | { readonly connectionString: string; readonly name: string }
  | { readonly url: string; readonly credential: TokenCredential; readonly name: string };

// One credential per configuration: the state store, the turn lease and the queue share its token cache.
const credentials = new WeakMap<AzureStorageAccess, TokenCredential>();

function credentialFor(access: { readonly clientId?: string }): TokenCredential {
  const { DefaultAzureCredential, ManagedIdentityCredential } = loadIdentity();
  return access.clientId
    ? new ManagedIdentityCredential({ clientId: access.clientId })
    : new DefaultAzureCredential();
}

function target(access: AzureStorageAccess, service: 'blob' | 'queue', name: string): AzureTarget {
  if ('connectionString' in access) return { connectionString: access.connectionString, name };
  let credential = credentials.get(access);
  if (!credential) {
    credential = credentialFor(access);
    credentials.set(access, credential);
  }
  const base = trimEndChars(service === 'blob' ? access.blobUrl : access.queueUrl, '/');
  return { url: `${base}/${encodeURIComponent(name)}`, credential, name };
}

/** The blob container `container` (bot state, turn leases). */
export function blobTarget(access: AzureStorageAccess, container: string): AzureTarget {
  return target(access, 'blob', container);
}

export function containerClient(access: AzureStorageAccess, container: string): ContainerClient {
  const Client = loadContainerClient();
  const t = blobTarget(access, container);
  return 'url' in t ? new Client(t.url, t.credential) : new Client(t.connectionString, t.name);
}

export function queueClient(access: AzureStorageAccess, queue: string): QueueClient {
  // Required here, not at the top: only the scaled-out bot uses the queue (the SDK is slow to load).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { QueueClient: Client } = require('@azure/storage-queue') as typeof QueueModule;
  const t = target(access, 'queue', queue);
  return 'url' in t ? new Client(t.url, t.credential) : new Client(t.connectionString, t.name);
}

/** The secret in the access settings (for log redaction), if any: a connection string holds a key or SAS. */
export function accessSecret(access: AzureStorageAccess | undefined): string | undefined {
  return access && 'connectionString' in access ? access.connectionString : undefined;
}
