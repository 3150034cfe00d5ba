import assert from 'node:assert/strict';
import { ActivityTypes, type Activity } from 'botbuilder';
import {
  conversationKeyOf,
  referenceFromActivity,
  userKeyOf,
} from '../../src/proactive/conversationReference';
import { MemoryKeyValueStorage } from '../support/memoryKeyValueStorage';
import { ConversationReferenceStore } from '../../src/proactive/referenceStore';

/** A Teams personal-chat message as botbuilder hands it to the bot. */
function teamsMessage(overrides: Partial<Activity> = {}): Activity {
  return {
    type: ActivityTypes.Message,
    id: '1700000000000',
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    channelId: 'msteams',
    from: { id: '29:1abc', name: 'Ada Admin', aadObjectId: '00000000-0000-0000-0000-0000000000aa' },
    recipient: { id: '28:bot-app-id', name: 'Writeback helper' },
    conversation: {
      id: 'a:1xyz',
      conversationType: 'personal',
      tenantId: 'tenant-guid',
      isGroup: false,
      name: '',
    },
    locale: 'de-DE',
    entities: [
      { type: 'clientInfo', locale: 'de-DE', country: 'DE', platform: 'Web', timezone: 'Europe/Berlin' },
    ],
    channelData: { tenant: { id: 'tenant-guid' } },
    text: 'hello',
    timestamp: new Date(),
    localTimestamp: new Date(),
    label: '',
    valueType: '',
    listenFor: [],
    ...overrides,
  } as Activity;
}

describe('referenceFromActivity', () => {
  it('keeps what a proactive send needs, and no names', () => {
    const ref = referenceFromActivity(teamsMessage(), 1_000);
    assert.deepEqual(ref, {
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      channelId: 'msteams',
      conversation: { id: 'a:1xyz', tenantId: 'tenant-guid', conversationType: 'personal', isGroup: false },
      user: { id: '29:1abc', aadObjectId: '00000000-0000-0000-0000-0000000000aa' },
      bot: { id: '28:bot-app-id' },
      locale: 'de-DE',
      timeZone: 'Europe/Berlin',
      updatedAt: 1_000,
    });
  });

  it('takes the tenant from channelData when the conversation lacks it', () => {
    const activity = teamsMessage({
      conversation: { id: 'a:1xyz', conversationType: 'personal', isGroup: false, name: '' },
    });
    assert.equal(referenceFromActivity(activity)?.conversation.tenantId, 'tenant-guid');
  });

  it('ignores a time zone this runtime does not know', () => {
    const activity = teamsMessage({ entities: [{ type: 'clientInfo', timezone: 'Mars/Olympus_Mons' }] });
    assert.equal(referenceFromActivity(activity)?.timeZone, undefined);
  });

  it('returns undefined when the activity cannot be answered later', () => {
    assert.equal(referenceFromActivity(teamsMessage({ serviceUrl: '' })), undefined);
  });

  it('derives stable user and conversation keys', () => {
    const ref = referenceFromActivity(teamsMessage());
    assert.ok(ref);
    assert.equal(conversationKeyOf(ref), 'msteams:a:1xyz');
    assert.equal(userKeyOf(ref), 'tenant-guid/00000000-0000-0000-0000-0000000000aa');
    assert.equal(userKeyOf({ ...ref, user: { id: '29:1abc' } }), 'msteams:29:1abc');
  });
});

describe('ConversationReferenceStore', () => {
  let storage: MemoryKeyValueStorage;
  let writes: string[];
  let now: number;
  let store: ConversationReferenceStore;

  beforeEach(() => {
    storage = new MemoryKeyValueStorage();
    writes = [];
    storage.beforeWrite = (key) => {
      writes.push(key);
    };
    now = 1_000_000;
    store = new ConversationReferenceStore(storage, 'ref/', () => now);
  });

  it('stores the reference under a namespaced key and reads it back', async () => {
    const saved = await store.saveFromActivity(teamsMessage());
    assert.deepEqual(storage.keys(), ['ref/msteams:a:1xyz']);
    assert.deepEqual(await store.get('msteams:a:1xyz'), saved);
  });

  it('keeps the earlier locale and time zone when an activity comes without them', async () => {
    await store.saveFromActivity(teamsMessage());
    const invoke = teamsMessage({
      type: ActivityTypes.Invoke,
      locale: undefined,
      entities: undefined,
      serviceUrl: 'https://smba.trafficmanager.net/amer/',
    });
    const merged = await store.saveFromActivity(invoke);
    assert.equal(merged?.serviceUrl, 'https://smba.trafficmanager.net/amer/');
    assert.equal(merged?.locale, 'de-DE');
    assert.equal(merged?.timeZone, 'Europe/Berlin');
    assert.deepEqual(await store.get('msteams:a:1xyz'), merged);
  });

  it('does not rewrite an unchanged reference on every message', async () => {
    await store.saveFromActivity(teamsMessage());
    now += 60_000;
    await store.saveFromActivity(teamsMessage());
    assert.equal(writes.length, 1);
    await store.saveFromActivity(teamsMessage({ locale: 'fr-FR' }));
    assert.equal(writes.length, 2);
    assert.equal((await store.get('msteams:a:1xyz'))?.locale, 'fr-FR');
  });

  it('deletes the reference (uninstall)', async () => {
    await store.saveFromActivity(teamsMessage());
    await store.delete('msteams:a:1xyz');
    assert.equal(await store.get('msteams:a:1xyz'), undefined);
    assert.deepEqual(storage.keys(), []);
  });

  it('treats a corrupt stored entry as missing', async () => {
    await storage.write({ 'ref/msteams:a:broken': { serviceUrl: 42 } });
    assert.equal(await store.get('msteams:a:broken'), undefined);
  });
});
