import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readPaste, type Diagnosis } from '../../src/paste/readers';
import { COLLECTOR_SCRIPT_FILE } from '../../src/http/collectorScript';
import * as F from '../paste/readers/fixtures';
import { outputOf } from '../paste/readers/sessions';
import { parsePowerShell } from './powershellSyntax';

const script = readFileSync(COLLECTOR_SCRIPT_FILE, 'utf8');

/**
 * Every command the collector may call: read-only cmdlets, the pipeline's own, its helper functions
 * (defined in the script, checked with it), and clip.exe for the clipboard.
 */
const ALLOWED_COMMANDS = new Set([
  'Get-ADSyncScheduler',
  'Get-ADSyncConnectorRunStatus',
  'Get-ADSyncConnector',
  'Get-ADSyncAADPasswordResetConfiguration',
  'Get-Item',
  'Get-ItemProperty',
  'Get-WinEvent',
  'Get-Date',
  'Get-Location',
  'Test-NetConnection',
  'Where-Object',
  'ForEach-Object',
  'Select-Object',
  'Format-List',
  'Out-String',
  'Write-Host',
  'clip.exe',
  // The script's own functions: they only print.
  'Show-Line',
  'Show-Prompt',
  'Show-Error',
  'Show-Output',
  'Show-Step',
  'Show-Note',
]);
const READ_ONLY_VERBS = new Set([
  'Get',
  'Test',
  'Where',
  'ForEach',
  'Select',
  'Format',
  'Out',
  'Write',
  'Show',
]);
const ALLOWED_STATIC_CALLS = new Set([
  'System.Text.StringBuilder::new',
  'regex::Matches',
  'System.DirectoryServices.ActiveDirectory.Domain::GetComputerDomain',
]);

describe('Get-WritebackDiagnostics.ps1 (the collector)', () => {
  const syntax = parsePowerShell(script);

  it('parses with PowerShell’s tree-sitter grammar, with no error nodes', () => {
    assert.deepEqual(syntax.errors, []);
    assert.equal(syntax.hasError, false);
    assert.ok(syntax.commands.length > 20, 'the parse found the commands');
  });

  it('the parser does flag a broken script (so the check above means something)', () => {
    assert.equal(parsePowerShell('if ($x { Get-Item }').hasError, true);
  });

  it('calls only allow-listed commands, all with read-only verbs', () => {
    const unknown = [...new Set(syntax.commands)].filter((c) => !ALLOWED_COMMANDS.has(c));
    assert.deepEqual(unknown, []);
    for (const command of ALLOWED_COMMANDS) {
      const verb = command.split('-')[0];
      assert.ok(command === 'clip.exe' || READ_ONLY_VERBS.has(verb), command);
    }
    assert.deepEqual(
      [...new Set(syntax.staticCalls)].filter((c) => !ALLOWED_STATIC_CALLS.has(c)),
      [],
    );
  });

  it('changes nothing and downloads nothing: no Set-, Start-ADSyncSyncCycle, Invoke-Expression or web client', () => {
    for (const banned of [
      /\bSet-/i,
      /\bStart-/i,
      /\bStop-/i,
      /\bRestart-/i,
      /\bRemove-/i,
      /\bNew-/i,
      /\bAdd-/i,
      /\bEnable-/i,
      /\bDisable-/i,
      /Invoke-Expression|\biex\b/i,
      /Invoke-WebRequest|Invoke-RestMethod|\biwr\b|\birm\b|WebClient|DownloadString|BitsTransfer|HttpClient/i,
      /\[scriptblock\]::Create/i,
    ])
      assert.doesNotMatch(script, banned);
  });

  it('runs every server command inside a step (its own try/catch) or a try block', () => {
    // Show-Step wraps its script block in try/catch: a failure becomes an error line, not a stop.
    assert.match(script, /function Show-Step \{[\s\S]*?try \{[\s\S]*?& \$Run[\s\S]*?catch \{/);
    const lines = script.split('\n');
    const collected = /\b(Get-ADSync\w+|Test-NetConnection|Get-WinEvent|Get-ItemProperty|Get-Item)\b/;
    let inTry = 0;
    let inHelp = false;
    for (const line of lines) {
      if (line.startsWith('<#')) inHelp = true;
      if (line.startsWith('#>')) inHelp = false;
      if (inHelp) continue;
      if (/^(try|catch) \{/.test(line)) inTry = 1;
      else if (inTry && /^\}/.test(line)) inTry = 0;
      if (!collected.test(line) || line.trimStart().startsWith('#')) continue;
      assert.ok(inTry || /Show-Step|\{ (Get|Test)-/.test(line), `outside a step: ${line.trim()}`);
    }
  });

  it('chooses the cloud by a parameter: public, US Government and 21Vianet hosts', () => {
    assert.match(script, /\[ValidateSet\('Public', 'UsGov', 'China'\)\]\s*\[string\] \$Cloud = 'Public'/);
    for (const host of [
      'passwordreset.microsoftonline.com',
      'servicebus.windows.net',
      'passwordreset.microsoftonline.us',
      'servicebus.usgovcloudapi.net',
      'ssprdedicatedsbmcprodcne.servicebus.chinacloudapi.cn',
      'ssprdedicatedsbmcprodcnn.servicebus.chinacloudapi.cn',
    ])
      assert.ok(script.includes(host), host);
  });

  it('is plain ASCII without a BOM, so Windows PowerShell 5.1 reads it the same whatever the code page', () => {
    const outside = [...script].filter((c) => !['\t', '\n', '\r'].includes(c) && (c < ' ' || c > '~'));
    assert.deepEqual(outside, []);
  });

  describe('the transcript it prints is what the bot reads', () => {
    /** The commands of the script's steps, as their prompt lines show them. */
    const steps = [...script.matchAll(/Show-Step -Run \{ (.+?) \}\)/g)].map((m) => m[1]);
    const templates = [...script.matchAll(/Show-Step -Command \('([^']+)' -f/g)].map((m) => m[1]);
    const step = (pattern: RegExp): string => {
      const found = steps.find((s) => pattern.test(s));
      assert.ok(found, String(pattern));
      return found;
    };
    const fill = (template: string, value: string): string => {
      assert.ok(templates.includes(template), template);
      return template.replace('{0}', value);
    };
    /** Show-Prompt: an empty line, then `PS <location>> <command>`; the outputs as the console prints them. */
    const transcript = (parts: ReadonlyArray<readonly [string, string]>): string => {
      assert.match(script, /'PS \{0\}> \{1\}' -f \(Get-Location\)\.Path, \$Command/);
      const at = 'PS C:\\Users\\adm-connect>';
      const lines = [
        '',
        `${at} # Get-WritebackDiagnostics 1.0, PowerShell Desktop 5.1.17763.6414, cloud Public, 2026-11-23 10:15 UTC`,
      ];
      for (const [command, output] of parts)
        lines.push('', `${at} ${command}`, ...(output ? output.split('\n') : []));
      lines.push(
        '',
        `${at} # End of Get-WritebackDiagnostics: copied to the clipboard, paste it into the chat with the bot`,
      );
      return lines.join('\r\n');
    };
    const tlsMissing = (path: string) =>
      `Get-ItemProperty : Cannot find path '${path}' because it does not exist.\n    + CategoryInfo          : ObjectNotFound: (${path}:String) [Get-ItemProperty], ItemNotFoundException\n    + FullyQualifiedErrorId : PathNotFound,Microsoft.PowerShell.Commands.GetItemPropertyCommand`;
    const net64 = outputOf(F.TLS_NET_BOTH_OK).split('\n\n\n\n')[0];
    const clientKey =
      'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client';
    const serverKey =
      'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server';

    /** The writeback service started and its Service Bus heartbeat: nothing wrong in the log. */
    const HEARTBEAT_AND_START = outputOf(F.EVENTS_MANY_LIST)
      .split('\n\n')
      .filter((entry) => !entry.includes('32002'))
      .join('\n\n');

    function collected(
      overrides: { scheduler?: string; serviceBus?: string; resetConfig?: string; events?: string } = {},
    ): string {
      return transcript([
        [step(/^Get-ADSyncScheduler$/), overrides.scheduler ?? outputOf(F.SCHEDULER_IDLE)],
        [step(/^Get-ADSyncConnectorRunStatus$/), ''],
        [step(/miiserver\.exe/), '2.5.79.0'],
        [
          fill('Get-ADSyncAADPasswordResetConfiguration -Connector "{0}"', 'contoso.onmicrosoft.com - AAD'),
          overrides.resetConfig ?? outputOf(F.RESET_CONFIG_ON_TABLE),
        ],
        [
          fill('Test-NetConnection {0} -Port 443', 'passwordreset.microsoftonline.com'),
          outputOf(F.TNC_OK_51),
        ],
        [
          fill('Test-NetConnection {0} -Port 443', 'ssprdedicatedsbprodfra-1.servicebus.windows.net'),
          overrides.serviceBus ?? outputOf(F.TNC_TWO_OK.slice(F.TNC_TWO_OK.lastIndexOf('\n\nComputerName'))),
        ],
        [step(/PdcRoleOwner/), 'DC01.corp.contoso.com'],
        [fill('Test-NetConnection {0} -Port 389', 'DC01.corp.contoso.com'), outputOf(F.TNC_DC_BLOCKED)],
        [step(/Partitions/), ''],
        [step(/\\Microsoft\\\.NETFramework/), net64],
        [step(/WOW6432Node/), net64.replace('\\SOFTWARE\\Microsoft', '\\SOFTWARE\\WOW6432Node\\Microsoft')],
        [step(/TLS 1\.2\\Client/), tlsMissing(clientKey)],
        [step(/TLS 1\.2\\Server/), tlsMissing(serverKey)],
        [step(/ProviderName = 'PasswordResetService'/), overrides.events ?? HEARTBEAT_AND_START],
        [step(/Id = 6329, 656, 657/), outputOf(F.EVENT_6329_POLICY_LIST)],
      ]);
    }

    const summary = (d: Diagnosis): string[] =>
      d.lines.map((l) => `${l.mark} ${l.checkId ?? l.finding.title.key}${l.value ? ` ${l.value}` : ''}`);

    it('a healthy server but a blocked PDC emulator: every check it runs gets its line', () => {
      const text = collected();
      assert.ok(text.length < 20_000, `${text.length} characters: the collector must fit one paste`);
      const reading = readPaste(text);
      assert.equal(reading?.kind, 'diagnosis');
      const d = (reading as { diagnosis: Diagnosis }).diagnosis;
      assert.deepEqual(summary(d), [
        'unsure paste.dc.title',
        'problem pdcEmulator dc01.corp.contoso.com:389',
        'fine paste.resetConfig.onTitle',
        'fine fullSync',
        'fine connectVersion 2.5.79.0',
        'fine firewall passwordreset.microsoftonline.com, ssprdedicatedsbprodfra-1.servicebus.windows.net',
        'fine tls12',
        // 6329 with 0x80230619 (the password policy): a ✗ that answers no check of its own.
        'problem events.title',
      ]);
      assert.equal(d.first?.checkId, 'pdcEmulator');
      // Its own notes (banner, end line) are comments at the prompt; the empty partition listing is named.
      assert.deepEqual(d.unread, [{ command: step(/Partitions/), reason: 'noOutput' }]);
      assert.deepEqual([...d.eventIds].sort(), [31015, 31019, 6329]);
    });

    it('staging mode, a blocked Service Bus namespace and writeback off are each decided', () => {
      const d = (
        readPaste(
          collected({
            scheduler: outputOf(F.SCHEDULER_STAGING_51),
            serviceBus: outputOf(F.TNC_BLOCKED_51),
            resetConfig: outputOf(F.RESET_CONFIG_OFF),
            events: outputOf(F.EVENTS_MANY_LIST),
          }),
        ) as { diagnosis: Diagnosis }
      ).diagnosis;
      const lines = summary(d);
      for (const expected of [
        'problem paste.scheduler.stagingTitle',
        'problem ssprEnabled Enabled: False',
        'problem firewall ssprdedicatedsbprodfra-1.servicebus.windows.net:443',
      ])
        assert.ok(lines.includes(expected), `${expected}\n${lines.join('\n')}`);
      assert.equal(d.first?.finding.title.key, 'paste.scheduler.stagingTitle');
    });
  });
});
