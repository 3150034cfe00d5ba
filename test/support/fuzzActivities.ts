import fc from 'fast-check';
import { longRun, PUNCTUATION_AND_WHITESPACE } from './adversarialText';
import { BOT, TENANT_ID, TeamsConversation } from './teams';

/**
 * Arbitraries for the endpoint fuzz test: Teams-shaped activities of every kind the bot meets, then a
 * few mutations each (a field deleted, or set to any JSON value, to a value the bot reacts to, or to a long
 * run of punctuation or whitespace).
 */

const SECTIONS = ['configuration', 'connectivity', 'stillNotWorking'];
const ACTIONS = [
  'answer',
  'fix',
  'version',
  'event',
  'start',
  'runAll',
  'menu',
  'language',
  'remind',
  'reminderDone',
  'snooze',
  'stopReminder',
  'cancelReminder',
  'escalate',
  'ticket',
];
const INVOKE_NAMES = [
  'adaptiveCard/action',
  'composeExtension/query',
  'composeExtension/fetchTask',
  'task/fetch',
  'task/submit',
  'signin/verifyState',
  'signin/tokenExchange',
  'config/fetch',
  'fileConsent/invoke',
  'actionableMessage/executeAction',
  'tab/fetch',
  'application/search',
  'healthCheck',
  'unknown/invoke',
  '',
];

const interesting = fc.constantFrom<unknown>(
  '',
  ' ',
  'hello',
  'help',
  'menu',
  'cancel',
  'restart',
  'run all',
  'configuration',
  'connectivity',
  'still not working',
  '1',
  '3',
  'event 33004',
  '6329',
  'language lv',
  'language xx',
  'reminders',
  'helpdesk here',
  'helpdesk off',
  'helpdesk language lv',
  'tickets',
  'ComputerName : x.servicebus.windows.net\r\nRemotePort : 443\r\nTcpTestSucceeded : False',
  '<p>StagingModeEnabled : True</p><p>SyncCycleInProgress : False</p>',
  'Log Name: Application\nSource: PasswordResetService\nEvent ID: 33004\nLevel: Error',
  '2.4.18.0',
  '99999.1.1.1',
  `<at>${BOT.name}</at> help`,
  'zh-CN',
  'lv-LV',
  'Europe/Riga',
  'Not/A_Zone',
  '__proto__',
  'constructor',
  '\u0000\u202e',
  'x'.repeat(3000),
  BOT.id,
  TENANT_ID,
  'msteams',
  'personal',
  'channel',
  'groupChat',
  'add',
  'remove',
  -1,
  0,
  1,
  1e308,
  true,
  false,
  null,
  [],
  {},
  [{}],
  [{ id: BOT.id }],
  { id: 'x' },
  ...SECTIONS,
  ...ACTIONS,
);

/**
 * Long runs of punctuation and whitespace (issue 21: 39,999 dots and a letter stalled the bot), up to the
 * envelope's 40,000 characters, ending in a letter, a line separator and a letter, a command, or nothing.
 */
const longRuns = fc
  .tuple(
    fc.constantFrom(...PUNCTUATION_AND_WHITESPACE),
    fc.integer({ min: 1_000, max: 39_990 }),
    fc.constantFrom('x', '', '\u2028x', '\nhelp', ' help'),
  )
  .map(([unit, length, tail]) => longRun(unit, length + tail.length, tail));

const anyValue = fc.oneof(
  { weight: 3, arbitrary: interesting },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
  { weight: 2, arbitrary: longRuns },
);

const cardValue = fc.record(
  {
    wb: fc.record(
      {
        v: fc.constantFrom<unknown>(1, 1, 1, 2, '1'),
        a: fc.constantFrom(...ACTIONS),
        s: fc.constantFrom(...SECTIONS, 'case'),
        c: fc.constantFrom('licensing', 'connectVersion', 'fullSync', 'x'),
        ans: fc.constantFrom('ok', 'notOk', 'skip', 'retry', 'moveOn', 'maybe'),
        t: fc.string({ minLength: 0, maxLength: 70 }),
        id: fc.string({ maxLength: 70 }),
        choice: fc.constantFrom('in1Hour', 'in4Hours', 'tomorrowMorning', 'never'),
        op: fc.constantFrom('assign', 'unassign', 'resolve', 'reopen', 'refresh', 'delete'),
        n: fc.constantFrom<unknown>(1, 2, 0, -1, 1.5, '1', 2e9),
      },
      { requiredKeys: ['v', 'a'] },
    ),
    connectVersion: fc.string({ maxLength: 120 }),
    eventId: fc.string({ maxLength: 120 }),
    language: fc.constantFrom('en', 'lv', 'lt', 'sl', 'ro', 'zh-CN', 'xx', ''),
    hdDescription: fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.constant('[x](http://evil) <at>Bot</at> ${x} **b**'),
    ),
    hdNote: fc.string({ maxLength: 200 }),
  },
  { requiredKeys: ['wb'] },
);

const PATHS: Array<Array<string | number>> = [
  ['type'],
  ['id'],
  ['text'],
  ['textFormat'],
  ['value'],
  ['value', 'wb'],
  ['value', 'wb', 'a'],
  ['value', 'wb', 's'],
  ['value', 'wb', 'c'],
  ['value', 'wb', 't'],
  ['value', 'wb', 'id'],
  ['value', 'connectVersion'],
  ['value', 'wb', 'op'],
  ['value', 'wb', 'n'],
  ['value', 'hdDescription'],
  ['value', 'action'],
  ['value', 'action', 'data'],
  ['name'],
  ['action'],
  ['locale'],
  ['entities'],
  ['entities', 0],
  ['entities', 0, 'type'],
  ['entities', 0, 'timezone'],
  ['entities', 0, 'locale'],
  ['entities', 1],
  ['entities', 1, 'mentioned'],
  ['membersAdded'],
  ['membersAdded', 0, 'id'],
  ['membersRemoved'],
  ['membersRemoved', 0, 'id'],
  ['from'],
  ['from', 'id'],
  ['from', 'aadObjectId'],
  ['from', 'name'],
  ['conversation'],
  ['conversation', 'id'],
  ['conversation', 'conversationType'],
  ['conversation', 'tenantId'],
  ['conversation', 'isGroup'],
  ['recipient'],
  ['recipient', 'id'],
  ['channelData'],
  ['channelData', 'tenant'],
  ['channelData', 'tenant', 'id'],
  ['channelData', 'team'],
  ['channelData', 'channel'],
  ['channelData', 'eventType'],
  ['serviceUrl'],
  ['channelId'],
  ['replyToId'],
  ['timestamp'],
  ['localTimestamp'],
  ['attachments'],
  ['valueType'],
];

type Mutation =
  | { path: Array<string | number>; op: 'delete' }
  | { path: Array<string | number>; op: 'set'; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ path: fc.constantFrom(...PATHS), op: fc.constant('delete' as const) }),
  fc.record({ path: fc.constantFrom(...PATHS), op: fc.constant('set' as const), value: anyValue }),
);

function applyMutation(activity: Record<string, unknown>, m: Mutation): void {
  let node: Record<string | number, unknown> = activity;
  for (const key of m.path.slice(0, -1)) {
    const next = node[key];
    if (next === null || typeof next !== 'object') node[key] = typeof key === 'number' ? [] : {};
    node = node[key] as Record<string | number, unknown>;
  }
  const last = m.path[m.path.length - 1];
  if (m.op === 'delete') delete node[last];
  else node[last] = m.value;
}

type Kind =
  | 'message'
  | 'mention'
  | 'channelMessage'
  | 'submit'
  | 'invoke'
  | 'botAdded'
  | 'botRemoved'
  | 'installAdd'
  | 'installRemove'
  | 'reaction';

export interface FuzzCase {
  kind: Kind;
  /** Index into a small pool of conversations (state accumulates), or a new one. */
  conversation: number;
  text: unknown;
  value: unknown;
  invokeName: string;
  mutations: Mutation[];
}

export const fuzzCase: fc.Arbitrary<FuzzCase> = fc.record({
  kind: fc.constantFrom<Kind>(
    'message',
    'mention',
    'channelMessage',
    'submit',
    'submit',
    'invoke',
    'botAdded',
    'botRemoved',
    'installAdd',
    'installRemove',
    'reaction',
  ),
  conversation: fc.integer({ min: 0, max: 5 }),
  text: anyValue,
  value: fc.oneof(cardValue, anyValue),
  invokeName: fc.constantFrom(...INVOKE_NAMES),
  mutations: fc.array(mutation, { maxLength: 4 }),
});

/** The activity for a case, built on a conversation of the pool. */
export function buildActivity(c: FuzzCase, pool: TeamsConversation[]): Record<string, unknown> {
  const conv = pool[c.conversation % pool.length];
  const text = typeof c.text === 'string' ? c.text : 'hello';
  let activity: Record<string, unknown>;
  switch (c.kind) {
    case 'message':
      activity = conv.message(text);
      break;
    case 'mention':
      activity = conv.mention(text);
      break;
    case 'channelMessage':
      activity = conv.mention(text);
      activity.conversation = {
        ...(activity.conversation as Record<string, unknown>),
        conversationType: 'channel',
        isGroup: true,
        id: `19:${conv.conversationId}@thread.tacv2;messageid=1`,
      };
      activity.channelData = {
        ...(activity.channelData as Record<string, unknown>),
        team: { id: '19:team@thread.tacv2' },
        channel: { id: '19:channel@thread.tacv2' },
      };
      break;
    case 'submit':
      activity = conv.submit(c.value as Record<string, unknown>);
      break;
    case 'invoke':
      activity = {
        ...conv.message(''),
        type: 'invoke',
        name: c.invokeName,
        value: { action: { type: 'Action.Execute', verb: 'wb', data: c.value }, trigger: 'manual' },
      };
      delete activity.text;
      break;
    case 'botAdded':
      activity = conv.botAdded();
      break;
    case 'botRemoved':
      activity = { ...conv.botAdded(), membersAdded: undefined, membersRemoved: [{ id: BOT.id }] };
      break;
    case 'installAdd':
      activity = conv.installationAdd();
      break;
    case 'installRemove':
      activity = conv.installationRemove();
      break;
    case 'reaction':
      activity = { ...conv.message(''), type: 'messageReaction', reactionsAdded: [{ type: 'like' }] };
      break;
  }
  // A deep copy: the builders share objects (the bot account) that a mutation must not change for good.
  const copy = structuredClone(activity);
  for (const m of c.mutations) applyMutation(copy, m);
  return copy;
}
