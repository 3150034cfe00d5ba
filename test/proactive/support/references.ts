import { MemoryStorage } from 'botbuilder';
import { conversationKeyOf } from '../../../src/proactive/conversationReference';
import { ConversationReferenceStore } from '../../../src/proactive/referenceStore';
import type { StoredConversationReference } from '../../../src/proactive/types';

export function teamsReference(
  conversationId: string,
  tenantId = 'tenant-1',
  serviceUrl = 'https://smba.example/emea/',
): StoredConversationReference {
  return {
    serviceUrl,
    channelId: 'msteams',
    conversation: { id: conversationId, tenantId, conversationType: 'personal' },
    user: { id: `29:${conversationId}`, aadObjectId: `aad-${conversationId}` },
    bot: { id: '28:bot' },
    locale: 'de-DE',
    timeZone: 'Europe/Berlin',
  };
}

/** A reference store holding one reference per conversation id; returns it with the keys. */
export async function seededReferences(
  conversationIds: string[],
  tenantOf: (id: string) => string = () => 'tenant-1',
): Promise<{
  store: ConversationReferenceStore;
  storage: MemoryStorage;
  keyOf: (id: string) => string;
}> {
  const storage = new MemoryStorage();
  const store = new ConversationReferenceStore(storage);
  for (const id of conversationIds) await store.save(teamsReference(id, tenantOf(id)));
  return { store, storage, keyOf: (id) => conversationKeyOf(teamsReference(id)) };
}
