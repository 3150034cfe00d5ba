import assert from 'node:assert/strict';
import {
  conversationKind,
  tenantIdOf,
  tenantIdsOf,
  type ActivityShape,
  type ConversationKind,
} from '../../src/turn/activityFacts';

describe('activity facts (one decision for every caller)', () => {
  const kinds: Array<[string, ActivityShape, ConversationKind]> = [
    ['personal', { conversation: { conversationType: 'personal' } }, 'personal'],
    ['group chat', { conversation: { conversationType: 'groupChat', isGroup: true } }, 'shared'],
    ['channel', { conversation: { conversationType: 'channel', isGroup: true } }, 'shared'],
    ['type wins over isGroup', { conversation: { conversationType: 'channel', isGroup: false } }, 'shared'],
    ['type missing, isGroup true', { conversation: { isGroup: true } }, 'shared'],
    ['type missing, isGroup false', { conversation: { isGroup: false } }, 'personal'],
    ['type and isGroup missing', { conversation: {} }, 'personal'],
    ['no conversation at all', {}, 'personal'],
    ['type empty, isGroup true', { conversation: { conversationType: '', isGroup: true } }, 'shared'],
    ['type not a string, isGroup true', { conversation: { conversationType: 7, isGroup: true } }, 'shared'],
    ['isGroup "true" (a string) is not true', { conversation: { isGroup: 'true' } }, 'personal'],
  ];
  for (const [name, activity, expected] of kinds)
    it(`conversation kind: ${name} → ${expected}`, () => assert.equal(conversationKind(activity), expected));

  const tenants: Array<[string, ActivityShape, string[]]> = [
    [
      'both, channelData first',
      { channelData: { tenant: { id: 'a' } }, conversation: { tenantId: 'b' } },
      ['a', 'b'],
    ],
    ['only channelData', { channelData: { tenant: { id: 'a' } } }, ['a']],
    ['only conversation', { conversation: { tenantId: 'b' } }, ['b']],
    ['neither', {}, []],
    [
      'empty strings and wrong types are no tenant',
      { channelData: { tenant: { id: '' } }, conversation: { tenantId: 5 } },
      [],
    ],
    ['channelData not an object', { channelData: 'x', conversation: { tenantId: 'b' } }, ['b']],
    ['channelData null', { channelData: null }, []],
  ];
  for (const [name, activity, expected] of tenants)
    it(`tenant: ${name}`, () => {
      assert.deepEqual(tenantIdsOf(activity), expected);
      assert.equal(tenantIdOf(activity), expected[0]);
    });
});
