import type { AppConfig } from '../config';
import type { Logger } from '../core/logger';
import { containerClient } from '../storage/azureAccess';
import { BlobTurnLease } from './blobTurnLease';
import { chainGates, KeyedLock, type TurnGate } from './turnLock';

export { type TurnGate } from './turnLock';

/** The key that serialises turns: one conversation of one channel. Undefined: nothing to serialise on. */
function turnKeyOf(activity: { channelId?: string; conversation?: { id?: string } }): string | undefined {
  const id = activity.conversation?.id;
  return typeof id === 'string' && id ? `${activity.channelId ?? ''}/${id}` : undefined;
}

/**
 * One turn per conversation at a time: always in this process (KeyedLock); across instances too when
 * bot state is in Azure Blob Storage (BlobTurnLease on the state container). SQLite state belongs to one
 * process, so the in-process lock is all it needs.
 */
export function createTurnGate(config: AppConfig, logger: Logger, sharedStorage: boolean): TurnGate {
  const local = new KeyedLock();
  const azure = config.azureStorage;
  if (!azure || !sharedStorage) return local;
  return chainGates(local, new BlobTurnLease(containerClient(azure.access, azure.container), logger));
}

/** Runs the turn under the gate when the activity names a conversation. */
export function runSerialised<T>(
  gate: TurnGate,
  activity: { channelId?: string; conversation?: { id?: string } },
  work: () => Promise<T>,
): Promise<T> {
  const key = turnKeyOf(activity);
  return key ? gate.run(key, work) : work();
}
