/** Whole console sessions as admins paste them, built from the real output fixtures. */
import * as F from './fixtures';

/** A fixture's output without its own prompt line (the session adds the prompt it was typed at). */
export function outputOf(fixture: string): string {
  return fixture
    .split('\n')
    .filter((line) => !/^PS [A-Za-z]:\\[^>]*>/.test(line))
    .join('\n');
}

/** Commands typed at a Windows PowerShell 5.1 / PowerShell 7 prompt, each followed by what it printed. */
export function consoleSession(
  steps: ReadonlyArray<readonly [string, string]>,
  prompt = 'PS C:\\Users\\adm> ',
): string {
  return (
    steps.map(([command, output]) => `${prompt}${command}\n${output}`).join('\n\n') + `\n${prompt.trimEnd()}`
  );
}

const VERSION_COMMAND_TEXT =
  '(Get-Item "C:\\Program Files\\Microsoft Azure AD Sync\\Bin\\miiserver.exe").VersionInfo.ProductVersion';

/** A staging server, an old version, a blocked Service Bus host, and a command the bot cannot read. */
export const SESSION_PROBLEMS: ReadonlyArray<readonly [string, string]> = [
  ['Get-ADSyncScheduler', outputOf(F.SCHEDULER_STAGING_51)],
  ['Get-ADSyncConnectorRunStatus', ''],
  [VERSION_COMMAND_TEXT, '2.4.18.0'],
  [
    'Test-NetConnection ssprdedicatedsbprodfra-1.servicebus.windows.net -Port 443',
    outputOf(F.TNC_BLOCKED_51),
  ],
  [
    'Get-Service ADSync',
    'Status   Name               DisplayName\n------   ----               -----------\nRunning  ADSync             Microsoft Azure AD Sync',
  ],
];

/** Everything fine on an active server: both endpoints reachable, TLS 1.2 on, writeback flag on, idle. */
export const SESSION_HEALTHY: ReadonlyArray<readonly [string, string]> = [
  ['Get-ADSyncScheduler', outputOf(F.SCHEDULER_IDLE)],
  ['Get-ADSyncConnectorRunStatus', ''],
  [VERSION_COMMAND_TEXT, '2.5.79.0'],
  [
    'Get-ADSyncAADPasswordResetConfiguration -Connector "contoso.onmicrosoft.com - AAD"',
    outputOf(F.RESET_CONFIG_ON_TABLE),
  ],
  ['Test-NetConnection passwordreset.microsoftonline.com -Port 443', outputOf(F.TNC_OK_51)],
  [
    'Test-NetConnection ssprdedicatedsbprodfra-1.servicebus.windows.net -Port 443',
    outputOf(F.TNC_TWO_OK.slice(F.TNC_TWO_OK.lastIndexOf('PS C:')).replace(/^PS[^\n]*\n/, '')),
  ],
];

const WINDOWS_POWERSHELL_HEADER = `**********************
Windows PowerShell transcript start
Start time: 20261123101500
Username: CONTOSO\\adm-connect
RunAs User: CONTOSO\\adm-connect
Configuration Name:
Machine: CONNECT01 (Microsoft Windows NT 10.0.17763.0)
Host Application: C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe
Process ID: 4242
PSVersion: 5.1.17763.6414
PSEdition: Desktop
PSCompatibleVersions: 1.0, 2.0, 3.0, 4.0, 5.0, 5.1.17763.6414
BuildVersion: 10.0.17763.6414
CLRVersion: 4.0.30319.42000
WSManStackVersion: 3.0
PSRemotingProtocolVersion: 2.3
SerializationVersion: 1.1.0.1
**********************
Transcript started, output file is C:\\Users\\adm-connect\\Documents\\PowerShell_transcript.CONNECT01.Qx1rT0aB.20261123101500.txt`;

const WINDOWS_POWERSHELL_FOOTER = `PS C:\\Users\\adm-connect> Stop-Transcript
**********************
Windows PowerShell transcript end
End time: 20261123101612
**********************`;

const POWERSHELL_7_HEADER = `**********************
PowerShell transcript start
Start time: 20261123101500
Username: CONTOSO\\adm-connect
RunAs User: CONTOSO\\adm-connect
Configuration Name:
Machine: CONNECT01 (Microsoft Windows NT 10.0.20348.0)
Host Application: C:\\Program Files\\PowerShell\\7\\pwsh.dll
Process ID: 5120
PSVersion: 7.4.6
PSEdition: Core
GitCommitId: 7.4.6
OS: Microsoft Windows 10.0.20348
Platform: Win32NT
PSCompatibleVersions: 1.0, 2.0, 3.0, 4.0, 5.0, 5.1, 6.0, 7.0
PSRemotingProtocolVersion: 2.3
SerializationVersion: 1.1.0.1
WSManStackVersion: 3.0
**********************
Transcript started, output file is C:\\Users\\adm-connect\\Documents\\PowerShell_transcript.CONNECT01.7aXk.20261123101500.txt`;

const POWERSHELL_7_FOOTER = `PS C:\\Users\\adm-connect> Stop-Transcript
**********************
PowerShell transcript end
End time: 20261123101612
**********************`;

/** A Start-Transcript file of Windows PowerShell 5.1, with -IncludeInvocationHeader's command headers. */
export function transcript51(steps: ReadonlyArray<readonly [string, string]>): string {
  const body = steps
    .map(
      ([command, output], i) =>
        `**********************\nCommand start time: 2026112310150${i}\n**********************\nPS C:\\Users\\adm-connect> ${command}\n${output}`,
    )
    .join('\n');
  return `${WINDOWS_POWERSHELL_HEADER}\n${body}\n${WINDOWS_POWERSHELL_FOOTER}`;
}

/** A Start-Transcript file of PowerShell 7. */
export function transcript7(steps: ReadonlyArray<readonly [string, string]>): string {
  return `${POWERSHELL_7_HEADER}\n${consoleSession(steps, 'PS C:\\Users\\adm-connect> ')}\n${POWERSHELL_7_FOOTER}`;
}
