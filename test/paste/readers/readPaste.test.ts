import assert from 'node:assert/strict';
import { looksLikeOutput, readPaste, type PasteFinding } from '../../../src/paste/readers';
import { normalizePaste } from '../../../src/paste/readers/normalize';
import { MAX_PASTE_CHARS } from '../../../src/paste/readers/normalize';
import * as F from './fixtures';

interface Expected {
  kind: PasteFinding['kind'];
  mark: PasteFinding['mark'];
  title: string;
  values?: Record<string, string | number>;
  answers?: Array<[string, 'ok' | 'notOk']>;
  offer?: PasteFinding['offer'];
  meaning?: string[];
}

const cases: Array<[string, string, Expected]> = [
  [
    'Test-NetConnection blocked, 5.1, Service Bus',
    F.TNC_BLOCKED_51,
    {
      kind: 'testNetConnection',
      mark: 'problem',
      title: 'paste.tnc.blockedTitle',
      values: { host: 'ssprdedicatedsbprodfra-1.servicebus.windows.net', port: 443 },
      answers: [['firewall', 'notOk']],
      meaning: ['paste.tnc.blockedMeaning', 'paste.tnc.role.serviceBus'],
    },
  ],
  [
    'Test-NetConnection blocked, PowerShell 7 with colours',
    F.TNC_BLOCKED_PS7_ANSI,
    {
      kind: 'testNetConnection',
      mark: 'problem',
      title: 'paste.tnc.blockedTitle',
      values: { host: 'passwordreset.microsoftonline.com', port: 443 },
      answers: [['firewall', 'notOk']],
      meaning: ['paste.tnc.blockedMeaning', 'paste.tnc.role.passwordReset'],
    },
  ],
  [
    'Test-NetConnection reachable',
    F.TNC_OK_51,
    {
      kind: 'testNetConnection',
      mark: 'fine',
      title: 'paste.tnc.okTitle',
      values: { host: 'passwordreset.microsoftonline.com', port: 443 },
      answers: [],
    },
  ],
  [
    'Test-NetConnection name resolution failed',
    F.TNC_DNS_51,
    {
      kind: 'testNetConnection',
      mark: 'problem',
      title: 'paste.tnc.dnsTitle',
      values: { host: 'ssprdedicatedsbprodfra-1.servicebus.windows.net' },
      answers: [['firewall', 'notOk']],
    },
  ],
  [
    'Test-NetConnection to a domain controller on 389',
    F.TNC_DC_BLOCKED,
    {
      kind: 'testNetConnection',
      mark: 'problem',
      title: 'paste.tnc.blockedTitle',
      values: { host: 'dc01.corp.contoso.com', port: 389 },
      answers: [['pdcEmulator', 'notOk']],
    },
  ],
  [
    'Test-NetConnection -InformationLevel Quiet, US Government',
    F.TNC_QUIET,
    {
      kind: 'testNetConnection',
      mark: 'problem',
      title: 'paste.tnc.blockedTitle',
      values: { host: 'passwordreset.microsoftonline.us', port: 443 },
      answers: [['firewall', 'notOk']],
    },
  ],
  [
    'Test-NetConnection without -Port (ping only)',
    F.TNC_PING_ONLY,
    {
      kind: 'testNetConnection',
      mark: 'unsure',
      title: 'paste.tnc.pingOnlyTitle',
      answers: [],
    },
  ],
  [
    'Test-NetConnection to the 21Vianet Service Bus',
    F.TNC_CHINA_BLOCKED,
    {
      kind: 'testNetConnection',
      mark: 'problem',
      title: 'paste.tnc.blockedTitle',
      meaning: ['paste.tnc.blockedMeaning', 'paste.tnc.role.serviceBus'],
      answers: [['firewall', 'notOk']],
    },
  ],
  [
    'two Test-NetConnection results, both endpoints reachable',
    F.TNC_TWO_OK,
    {
      kind: 'testNetConnection',
      mark: 'fine',
      title: 'paste.tnc.bothOkTitle',
      answers: [['firewall', 'ok']],
    },
  ],
  [
    'two Test-NetConnection results, the second blocked',
    F.TNC_FIRST_OK_SECOND_BLOCKED,
    {
      kind: 'testNetConnection',
      mark: 'problem',
      title: 'paste.tnc.blockedTitle',
      values: { host: 'ssprdedicatedsbprodfra-1.servicebus.windows.net', port: 443 },
      meaning: ['paste.tnc.blockedMeaning', 'paste.tnc.role.serviceBus', 'paste.tnc.others'],
      answers: [['firewall', 'notOk']],
    },
  ],
  [
    'Start-ADSyncSyncCycle started',
    F.SYNC_CYCLE_STARTED,
    {
      kind: 'scheduler',
      mark: 'unsure',
      title: 'paste.syncStart.title',
      answers: [],
      offer: 'reminder',
    },
  ],
  [
    'Start-ADSyncSyncCycle while a connector is busy',
    F.SYNC_CYCLE_BUSY,
    {
      kind: 'scheduler',
      mark: 'unsure',
      title: 'paste.scheduler.runningTitle',
      offer: 'reminder',
    },
  ],
  [
    'Start-ADSyncSyncCycle while the scheduler is suspended',
    F.SYNC_CYCLE_SUSPENDED,
    {
      kind: 'scheduler',
      mark: 'unsure',
      title: 'paste.scheduler.suspendedTitle',
    },
  ],
  [
    'Get-WinEvent | Format-List * (message first), 6329 with 0x8023061f',
    F.EVENT_6329_FULL_LIST,
    {
      kind: 'event',
      mark: 'problem',
      title: 'events.title',
      values: { id: 6329, source: 'ADSync' },
      meaning: ['events.e6329.meaning', 'paste.event.hrForest', 'paste.event.others'],
      offer: 'reenable',
    },
  ],
  [
    'Event Viewer "Copy details as text" on a Chinese Windows Server',
    F.EVENT_VIEWER_ZH_6329,
    {
      kind: 'event',
      mark: 'problem',
      title: 'events.title',
      values: { id: 6329, source: 'ADSync' },
      meaning: ['events.e6329.meaning', 'paste.event.hrPolicy'],
    },
  ],
  [
    'Event XML view',
    F.EVENT_XML_32009,
    {
      kind: 'event',
      mark: 'problem',
      title: 'events.title',
      values: { id: 32009, source: 'PasswordResetService' },
    },
  ],
  [
    'Get-ADSyncScheduler on a staging server',
    F.SCHEDULER_STAGING_51,
    {
      kind: 'scheduler',
      mark: 'problem',
      title: 'paste.scheduler.stagingTitle',
      answers: [],
    },
  ],
  [
    'Get-ADSyncScheduler in progress, PowerShell 7 (deserialised)',
    F.SCHEDULER_RUNNING_PS7,
    {
      kind: 'scheduler',
      mark: 'unsure',
      title: 'paste.scheduler.runningTitle',
      answers: [],
      offer: 'reminder',
    },
  ],
  [
    'Get-ADSyncScheduler idle',
    F.SCHEDULER_IDLE,
    {
      kind: 'scheduler',
      mark: 'fine',
      title: 'paste.scheduler.idleTitle',
      answers: [['fullSync', 'ok']],
    },
  ],
  [
    'Get-ADSyncScheduler suspended',
    F.SCHEDULER_SUSPENDED,
    {
      kind: 'scheduler',
      mark: 'unsure',
      title: 'paste.scheduler.suspendedTitle',
    },
  ],
  [
    'Get-ADSyncScheduler sync cycle disabled',
    F.SCHEDULER_DISABLED,
    {
      kind: 'scheduler',
      mark: 'unsure',
      title: 'paste.scheduler.disabledTitle',
    },
  ],
  [
    'Get-ADSyncScheduler next cycle Initial',
    F.SCHEDULER_INITIAL,
    {
      kind: 'scheduler',
      mark: 'unsure',
      title: 'paste.scheduler.initialNextTitle',
      offer: 'reminder',
    },
  ],
  [
    'Get-ADSyncConnectorRunStatus busy',
    F.RUN_STATUS_BUSY,
    {
      kind: 'runStatus',
      mark: 'unsure',
      title: 'paste.runStatus.busyTitle',
      answers: [],
      offer: 'reminder',
    },
  ],
  [
    'Get-ADSyncConnectorRunStatus empty',
    F.RUN_STATUS_IDLE,
    {
      kind: 'runStatus',
      mark: 'fine',
      title: 'paste.runStatus.idleTitle',
      answers: [['fullSync', 'ok']],
    },
  ],
  [
    'Event Viewer "Copy details as text" 33004',
    F.EVENT_VIEWER_33004,
    {
      kind: 'event',
      mark: 'problem',
      title: 'events.title',
      values: { id: 33004, source: 'PasswordResetService' },
      meaning: ['events.e33004.meaning'],
    },
  ],
  [
    'Get-WinEvent | Format-List, 6329 with 0x8023061f',
    F.EVENT_6329_FOREST_LIST,
    {
      kind: 'event',
      mark: 'problem',
      title: 'events.title',
      values: { id: 6329, source: 'ADSync' },
      meaning: ['events.e6329.meaning', 'paste.event.hrForest'],
      offer: 'reenable',
    },
  ],
  [
    'Get-WinEvent | Format-List, 6329 with 0x80230619',
    F.EVENT_6329_POLICY_LIST,
    {
      kind: 'event',
      mark: 'problem',
      title: 'events.title',
      meaning: ['events.e6329.meaning', 'paste.event.hrPolicy'],
    },
  ],
  [
    'Get-WinEvent | Format-List, several entries',
    F.EVENTS_MANY_LIST,
    {
      kind: 'event',
      mark: 'problem',
      title: 'events.title',
      values: { id: 32002, source: 'PasswordResetService' },
      meaning: ['events.firewall.meaning', 'paste.event.others'],
      answers: [['firewall', 'notOk']],
    },
  ],
  [
    'Get-WinEvent default table',
    F.EVENTS_TABLE,
    {
      kind: 'event',
      mark: 'problem',
      title: 'events.title',
      values: { id: 32009, source: 'PasswordResetService' },
    },
  ],
  [
    'miiserver.exe ProductVersion under the command',
    F.VERSION_COMMAND,
    {
      kind: 'connectVersion',
      mark: 'problem',
      title: 'paste.version.title',
      values: { version: '2.4.18.0' },
      answers: [['connectVersion', 'notOk']],
      meaning: ['version.retired'],
    },
  ],
  [
    'FileVersionInfo table',
    F.VERSION_TABLE,
    {
      kind: 'connectVersion',
      mark: 'fine',
      title: 'paste.version.title',
      values: { version: '2.5.79.0' },
      answers: [['connectVersion', 'ok']],
    },
  ],
  [
    'Programs and Features, old name',
    F.VERSION_PROGRAMS_OLD,
    {
      kind: 'connectVersion',
      mark: 'problem',
      title: 'paste.version.title',
      values: { version: '2.1.20.0' },
    },
  ],
  [
    'Programs and Features, new name',
    F.VERSION_PROGRAMS_NEW,
    {
      kind: 'connectVersion',
      mark: 'fine',
      title: 'paste.version.title',
      values: { version: '2.5.79.0' },
    },
  ],
  [
    'TLS: .NET values 1 and no TLS 1.2 Client key (default on)',
    F.TLS_NET_BOTH_OK,
    {
      kind: 'tls',
      mark: 'fine',
      title: 'paste.tls.fineTitle',
      answers: [['tls12', 'ok']],
      meaning: ['paste.tls.good', 'paste.tls.good', 'paste.tls.absentKey'],
    },
  ],
  [
    'TLS: reg query of WOW6432Node with SchUseStrongCrypto 0',
    F.TLS_REG_QUERY_WOW_ZERO,
    {
      kind: 'tls',
      mark: 'problem',
      title: 'paste.tls.problemTitle',
      answers: [['tls12', 'notOk']],
      meaning: ['paste.tls.bad', 'paste.tls.good'],
    },
  ],
  [
    'TLS: SCHANNEL client disabled',
    F.TLS_SCHANNEL_DISABLED,
    {
      kind: 'tls',
      mark: 'problem',
      title: 'paste.tls.problemTitle',
      answers: [['tls12', 'notOk']],
    },
  ],
  [
    'TLS: a .NET value not set',
    F.TLS_NET_MISSING_VALUE,
    {
      kind: 'tls',
      mark: 'unsure',
      title: 'paste.tls.unsureTitle',
      answers: [],
    },
  ],
  [
    'TLS: reg query of a .NET key that does not exist',
    F.TLS_REG_QUERY_KEY_MISSING,
    {
      kind: 'tls',
      mark: 'unsure',
      title: 'paste.tls.unsureTitle',
      answers: [],
      meaning: ['paste.tls.netKeyMissing'],
    },
  ],
  [
    'TLS: reg query, no TLS 1.2 Client key (on by default)',
    F.TLS_SCHANNEL_ABSENT_REG,
    {
      kind: 'tls',
      mark: 'fine',
      title: 'paste.tls.fineTitle',
      answers: [],
      meaning: ['paste.tls.absentKey'],
    },
  ],
  [
    'Get-ADSyncAADPasswordResetConfiguration off',
    F.RESET_CONFIG_OFF,
    {
      kind: 'passwordResetConfig',
      mark: 'problem',
      title: 'paste.resetConfig.offTitle',
      answers: [
        ['ssprEnabled', 'notOk'],
        ['reenableWriteback', 'notOk'],
      ],
    },
  ],
  [
    'Get-ADSyncAADPasswordResetConfiguration on (table)',
    F.RESET_CONFIG_ON_TABLE,
    {
      kind: 'passwordResetConfig',
      mark: 'fine',
      title: 'paste.resetConfig.onTitle',
      answers: [],
    },
  ],
];

function check(text: string, expected: Expected): void {
  const reading = readPaste(text);
  assert.equal(reading?.kind, 'finding', JSON.stringify(reading));
  const finding = (reading as { finding: PasteFinding }).finding;
  assert.equal(finding.kind, expected.kind);
  assert.equal(finding.mark, expected.mark);
  assert.equal(finding.title.key, expected.title);
  for (const [name, value] of Object.entries(expected.values ?? {}))
    assert.equal(finding.title.values?.[name], value, name);
  if (expected.answers)
    assert.deepEqual(
      finding.answers.map((a) => [a.checkId, a.answer]),
      expected.answers,
    );
  if (expected.offer) assert.equal(finding.offer, expected.offer);
  if (expected.meaning)
    assert.deepEqual(
      finding.meaning.map((l) => l.key),
      expected.meaning,
    );
}

describe('reading pasted output', () => {
  for (const [name, text, expected] of cases) {
    describe(name, () => {
      it('plain text (LF)', () => check(text, expected));
      it('CRLF', () => check(F.withCrlf(text), expected));
      it('PowerShell 7 (coloured labels and headers)', () => check(F.asPowerShell7(text), expected));
      it('rich text HTML as Teams sends it (<p>, <br>, &nbsp;, entities)', () =>
        check(F.asTeamsHtml(text), expected));
      it('a pasted code block (<pre><code>)', () => check(F.asTeamsCodeBlock(text), expected));
    });
  }

  it('a truncated Test-NetConnection (cut before TcpTestSucceeded) still reads the TCP warning', () => {
    const cut = F.TNC_BLOCKED_51.slice(0, F.TNC_BLOCKED_51.indexOf('InterfaceAlias'));
    check(cut, {
      kind: 'testNetConnection',
      mark: 'problem',
      title: 'paste.tnc.blockedTitle',
      values: { port: 443 },
    });
  });

  it('a truncated scheduler listing that still shows StagingModeEnabled is read', () => {
    const cut = F.SCHEDULER_STAGING_51.slice(0, F.SCHEDULER_STAGING_51.indexOf('SchedulerSuspended'));
    check(cut, { kind: 'scheduler', mark: 'problem', title: 'paste.scheduler.stagingTitle' });
  });

  it('an Event Viewer entry cut before its Event Xml is read', () => {
    const cut = F.EVENT_VIEWER_33004.slice(0, F.EVENT_VIEWER_33004.indexOf('Event Xml'));
    check(cut, { kind: 'event', mark: 'problem', title: 'events.title', values: { id: 33004 } });
  });

  describe('not output: no verdict, the existing flows handle it', () => {
    for (const text of [
      'thanks, all good now',
      'ok',
      'help',
      '33004',
      'event 6329',
      '2.4.18.0',
      'language lv',
      'I ran Test-NetConnection and it said something about a warning.\nCan you help?',
      'Paldies, viss strādā!',
      '谢谢，现在好了',
    ]) {
      it(JSON.stringify(text), () => assert.equal(readPaste(text), undefined));
    }
  });

  describe('output the bot cannot read gets "unreadable"', () => {
    for (const text of [
      'PS C:\\> Get-Service ADSync\n\nStatus   Name               DisplayName\n------   ----               -----------\nRunning  ADSync             Microsoft Azure AD Sync',
      'Name        : ADSync\nStatus      : Running\nStartType   : Automatic',
      "Get-ADSyncScheduler : The term 'Get-ADSyncScheduler' is not recognized\n    + CategoryInfo          : ObjectNotFound: (Get-ADSyncScheduler:String) [], CommandNotFoundException\n    + FullyQualifiedErrorId : CommandNotFoundException",
    ]) {
      it(text.split('\n')[0], () => {
        assert.equal(looksLikeOutput(normalizePaste(text)), true);
        assert.deepEqual(readPaste(text), { kind: 'unreadable' });
      });
    }
  });

  describe('the normaliser', () => {
    it('decodes entities, <br>, <p>, <div> and drops a mention', () => {
      assert.equal(
        normalizePaste(
          '<at>writeback-bot</at><p>A&nbsp;:&#58; &lt;b&gt; &amp;amp; &#x41;</p><div>B<br/>C</div>',
        ),
        'A :: <b> &amp; A\n\nB\nC',
      );
    });

    // What long hostile input costs is measured as a ratio in test/paste/adversarialInputs.test.ts.
    it('bounds its input', () => {
      const hostile = '<'.repeat(200_000) + '&#'.repeat(100_000) + '<p'.repeat(100_000);
      assert.ok(normalizePaste(hostile).length <= MAX_PASTE_CHARS);
      assert.equal(readPaste('WARNING: TCP connect to (' + '1'.repeat(50_000)), undefined);
    });

    it('makes every line terminator a line break, so that no line holds one', () => {
      assert.equal(normalizePaste('a\u2028b\u2029c\r\nd\re'), 'a\nb\nc\nd\ne');
      assert.deepEqual(readPaste(F.TNC_BLOCKED_51.replace(/\n/g, '\u2028')), readPaste(F.TNC_BLOCKED_51));
    });

    it('leaves hosts plain: a host that is not a DNS name is not shown', () => {
      const reading = readPaste(
        'ComputerName     : **bold**[x](http://evil)\nRemotePort       : 443\nTcpTestSucceeded : False',
      );
      const finding = (reading as { finding: PasteFinding }).finding;
      assert.notEqual(finding.title.values?.host, '**bold**[x](http://evil)');
      assert.doesNotMatch(String(finding.title.values?.host), /[*[\]()]/);
    });
  });
});
