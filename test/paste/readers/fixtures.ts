/** Command output as admins paste it (Windows PowerShell 5.1 and PowerShell 7, Event Viewer, reg.exe). */

export const TNC_BLOCKED_51 = `PS C:\\Users\\adm-connect> Test-NetConnection ssprdedicatedsbprodfra-1.servicebus.windows.net -Port 443
WARNING: TCP connect to (20.42.73.208 : 443) failed
WARNING: Ping to 20.42.73.208 failed with status: TimedOut


ComputerName           : ssprdedicatedsbprodfra-1.servicebus.windows.net
RemoteAddress          : 20.42.73.208
RemotePort             : 443
InterfaceAlias         : Ethernet0
SourceAddress          : 10.20.1.15
PingSucceeded          : False
PingReplyDetails (RTT) : 0 ms
TcpTestSucceeded       : False

`;

/** PowerShell 7.2+ colours Format-List labels; some terminals copy the escape codes along. */
export const TNC_BLOCKED_PS7_ANSI = [
  'WARNING: TCP connect to (40.126.31.4 : 443) failed',
  '',
  '\u001b[32;1mComputerName     : \u001b[0mpasswordreset.microsoftonline.com',
  '\u001b[32;1mRemoteAddress    : \u001b[0m40.126.31.4',
  '\u001b[32;1mRemotePort       : \u001b[0m443',
  '\u001b[32;1mInterfaceAlias   : \u001b[0mEthernet',
  '\u001b[32;1mSourceAddress    : \u001b[0m10.0.0.4',
  '\u001b[32;1mTcpTestSucceeded : \u001b[0mFalse',
].join('\n');

export const TNC_OK_51 = `ComputerName     : passwordreset.microsoftonline.com
RemoteAddress    : 40.126.31.4
RemotePort       : 443
InterfaceAlias   : Ethernet
SourceAddress    : 10.0.0.4
TcpTestSucceeded : True`;

export const TNC_DNS_51 = `WARNING: Name resolution of ssprdedicatedsbprodfra-1.servicebus.windows.net failed


ComputerName   : ssprdedicatedsbprodfra-1.servicebus.windows.net
RemoteAddress  :
InterfaceAlias :
SourceAddress  :
PingSucceeded  : False`;

export const TNC_DC_BLOCKED = `PS C:\\> Test-NetConnection DC01.corp.contoso.com -Port 389
WARNING: TCP connect to (10.20.0.10 : 389) failed


ComputerName     : DC01.corp.contoso.com
RemoteAddress    : 10.20.0.10
RemotePort       : 389
InterfaceAlias   : Ethernet0
SourceAddress    : 10.20.1.15
TcpTestSucceeded : False`;

export const TNC_QUIET = `PS C:\\> Test-NetConnection passwordreset.microsoftonline.us -Port 443 -InformationLevel Quiet
False`;

export const TNC_PING_ONLY = `ComputerName           : passwordreset.microsoftonline.com
RemoteAddress          : 40.126.31.4
InterfaceAlias         : Ethernet
SourceAddress          : 10.0.0.4
PingSucceeded          : False
PingReplyDetails (RTT) : 0 ms`;

export const TNC_CHINA_BLOCKED = `ComputerName     : ssprdedicatedsbmcprodcne.servicebus.chinacloudapi.cn
RemoteAddress    : 52.130.1.20
RemotePort       : 443
InterfaceAlias   : Ethernet
SourceAddress    : 192.168.1.8
TcpTestSucceeded : False`;

export const SCHEDULER_STAGING_51 = `PS C:\\Windows\\system32> Get-ADSyncScheduler


AllowedSyncCycleInterval            : 00:30:00
CurrentlyEffectiveSyncCycleInterval : 00:30:00
CustomizedSyncCycleInterval         :
NextSyncCyclePolicyType             : Delta
NextSyncCycleStartTimeInUTC         : 11/23/2026 10:32:14 AM
PurgeRunHistoryInterval             : 7.00:00:00
SyncCycleEnabled                    : True
MaintenanceEnabled                  : True
StagingModeEnabled                  : True
SchedulerSuspended                  : False
SyncCycleInProgress                 : False`;

/** PowerShell 7 loads ADSync through Windows PowerShell compatibility: deserialised objects add PS* fields. */
export const SCHEDULER_RUNNING_PS7 = `AllowedSyncCycleInterval            : 00:30:00
CurrentlyEffectiveSyncCycleInterval : 00:30:00
CustomizedSyncCycleInterval         :
NextSyncCyclePolicyType             : Delta
NextSyncCycleStartTimeInUTC         : 23.11.2026 10:32:14
PurgeRunHistoryInterval             : 7.00:00:00
SyncCycleEnabled                    : True
MaintenanceEnabled                  : True
StagingModeEnabled                  : False
SchedulerSuspended                  : False
SyncCycleInProgress                 : True
PSComputerName                      : localhost
RunspaceId                          : 5f0c0e9a-6c1e-4c84-9a8f-0c2f3b1d7a11
PSShowComputerName                  : False`;

export const SCHEDULER_IDLE = SCHEDULER_STAGING_51.replace(
  'StagingModeEnabled                  : True',
  'StagingModeEnabled                  : False',
);
export const SCHEDULER_SUSPENDED = SCHEDULER_IDLE.replace(
  'SchedulerSuspended                  : False',
  'SchedulerSuspended                  : True',
);
export const SCHEDULER_DISABLED = SCHEDULER_IDLE.replace(
  'SyncCycleEnabled                    : True',
  'SyncCycleEnabled                    : False',
);
export const SCHEDULER_INITIAL = SCHEDULER_IDLE.replace(
  'NextSyncCyclePolicyType             : Delta',
  'NextSyncCyclePolicyType             : Initial',
);

export const RUN_STATUS_BUSY = `PS C:\\> Get-ADSyncConnectorRunStatus

RunState ConnectorName
-------- -------------
Busy     contoso.onmicrosoft.com - AAD`;

export const RUN_STATUS_IDLE = `PS C:\\> Get-ADSyncConnectorRunStatus
PS C:\\>`;

export const EVENT_VIEWER_33004 = `Log Name:      Application
Source:        PasswordResetService
Date:          11/23/2026 9:14:02 AM
Event ID:      33004
Task Category: None
Level:         Error
Keywords:      Classic
User:          N/A
Computer:      CONNECT01.corp.contoso.com
Description:
TrackingId: 6f2d3a1c-0b4e-4f7e-9d55-2c1a7e0b9f31, Reason: Synchronization Engine returned an error hr=80230626, message=The operation failed because the object has insufficient access rights., Context: cloudAnchor: User_0c1d..., SourceAnchorValue: ..., UserPrincipalName: alex@contoso.com
Event Xml:
<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
  <System>
    <Provider Name="PasswordResetService" />
    <EventID Qualifiers="0">33004</EventID>
    <Level>2</Level>
  </System>
</Event>`;

/** "Copy details as text" on a Chinese Windows Server: Chinese labels, English values. */
export const EVENT_VIEWER_ZH_6329 = `日志名称:          Application
来源:            ADSync
日期:            2026/11/23 9:20:11
事件 ID:         6329
任务类别:          无
级别:            错误
关键字:           经典
用户:            暂缺
计算机:           CONNECT01.corp.contoso.com
描述:
An error occurred while executing the password writeback operation: hr=80230619, message=A restriction prevents the password from being changed to the current one specified.`;

export const EVENT_6329_FOREST_LIST = `TimeCreated  : 11/23/2026 9:20:11 AM
ProviderName : ADSync
Id           : 6329
Message      : An error occurred while executing the password writeback operation: hr=8023061f, message=The
               specified forest was added after password writeback was enabled.`;

/** \`Get-WinEvent … | Format-List *\` prints every property, the message first. */
export const EVENT_6329_FULL_LIST = `Message              : An error occurred while executing the password writeback operation: hr=8023061f,
                       message=The specified forest was added after password writeback was enabled.
Id                   : 6329
Version              :
Qualifiers           : 0
Level                : 2
Task                 : 3
Opcode               :
Keywords             : 36028797018963968
RecordId             : 918273
ProviderName         : ADSync
ProviderId           :
LogName              : Application
ProcessId            :
ThreadId             :
MachineName          : CONNECT01.corp.contoso.com
UserId               :
TimeCreated          : 11/23/2026 9:20:11 AM
LevelDisplayName     : Error
TaskDisplayName      :
KeywordsDisplayNames : {Classic}

Message              : The password writeback service started.
Id                   : 31015
Version              :
Qualifiers           : 0
Level                : 4
ProviderName         : PasswordResetService
LogName              : Application
TimeCreated          : 11/23/2026 9:10:00 AM
LevelDisplayName     : Information`;

export const EVENT_6329_POLICY_LIST = `TimeCreated : 11/23/2026 9:20:11 AM
Id          : 6329
Message     : An error occurred during the password set operation. Error code: 0x80230619 - A restriction
              prevents the password from being changed to the current one specified.`;

export const EVENTS_MANY_LIST = `TimeCreated : 11/23/2026 9:25:00 AM
Id          : 31019
Message     : ServiceBus Heartbeat. Namespace: ssprdedicatedsbprodfra-1

TimeCreated : 11/23/2026 9:20:00 AM
Id          : 32002
Message     : TrackingId: 1f..., Reason: Failed to connect to the Service Bus. Details: The remote server returned an error.

TimeCreated : 11/23/2026 9:10:00 AM
Id          : 31015
Message     : The password writeback service started.`;

export const EVENTS_TABLE = `   ProviderName: PasswordResetService

TimeCreated                      Id LevelDisplayName Message
-----------                      -- ---------------- -------
11/23/2026 9:25:00 AM         32009 Error            TrackingId: 2b..., Reason: Failed to acquire a token.
11/23/2026 9:10:00 AM         31015 Information      The password writeback service started.`;

export const VERSION_COMMAND = `PS C:\\> (Get-Item "C:\\Program Files\\Microsoft Azure AD Sync\\Bin\\miiserver.exe").VersionInfo.ProductVersion
2.4.18.0`;

export const VERSION_TABLE = `PS C:\\> (Get-Item "C:\\Program Files\\Microsoft Azure AD Sync\\Bin\\miiserver.exe").VersionInfo

ProductVersion   FileVersion      FileName
--------------   -----------      --------
2.5.79.0         2.5.79.0         C:\\Program Files\\Microsoft Azure AD Sync\\Bin\\miiserver.exe`;

export const VERSION_PROGRAMS_OLD = 'Microsoft Azure AD Connect\tMicrosoft Corporation\t3/14/2023\t2.1.20.0';
export const VERSION_PROGRAMS_NEW =
  'Microsoft Entra Connect Sync    Microsoft Corporation    11/2/2026    2.5.79.0';

export const TLS_NET_BOTH_OK = `PS C:\\> Get-ItemProperty 'HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319' -Name SchUseStrongCrypto, SystemDefaultTlsVersions


SchUseStrongCrypto       : 1
SystemDefaultTlsVersions : 1
PSPath                   : Microsoft.PowerShell.Core\\Registry::HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319
PSParentPath             : Microsoft.PowerShell.Core\\Registry::HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\.NETFramework
PSChildName              : v4.0.30319
PSDrive                  : HKLM
PSProvider               : Microsoft.PowerShell.Core\\Registry



PS C:\\> Get-ItemProperty 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client'
Get-ItemProperty : Cannot find path 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client' because it does not exist.
At line:1 char:1
+ Get-ItemProperty 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client'
+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
    + CategoryInfo          : ObjectNotFound: (HKLM:\\SYSTEM\\Cu...\\TLS 1.2\\Client:String) [Get-ItemProperty], ItemNotFoundException
    + FullyQualifiedErrorId : PathNotFound,Microsoft.PowerShell.Commands.GetItemPropertyCommand`;

export const TLS_REG_QUERY_WOW_ZERO = `C:\\>reg query "HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\.NETFramework\\v4.0.30319"

HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\.NETFramework\\v4.0.30319
    AspNetEnforceViewStateMac    REG_DWORD    0x1
    SchUseStrongCrypto    REG_DWORD    0x0
    SystemDefaultTlsVersions    REG_DWORD    0x1
`;

export const TLS_SCHANNEL_DISABLED = `Enabled           : 0
DisabledByDefault : 1
PSPath            : Microsoft.PowerShell.Core\\Registry::HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client
PSParentPath      : Microsoft.PowerShell.Core\\Registry::HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2
PSChildName       : Client
PSDrive           : HKLM
PSProvider        : Microsoft.PowerShell.Core\\Registry`;

export const TLS_NET_MISSING_VALUE = `PS C:\\> Get-ItemProperty 'HKLM:\\SOFTWARE\\WOW6432Node\\Microsoft\\.NETFramework\\v4.0.30319' -Name SchUseStrongCrypto
Get-ItemProperty : Property SchUseStrongCrypto does not exist at path HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\.NETFramework\\v4.0.30319.
At line:1 char:1`;

export const TLS_REG_QUERY_KEY_MISSING = `C:\\>reg query "HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\.NETFramework\\v4.0.30319" /v SchUseStrongCrypto
ERROR: The system was unable to find the specified registry key or value.`;

export const TLS_SCHANNEL_ABSENT_REG = `C:\\>reg query "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client"
ERROR: The system was unable to find the specified registry key or value.`;

export const RESET_CONFIG_OFF = `PS C:\\> Get-ADSyncAADPasswordResetConfiguration -Connector "contoso.onmicrosoft.com - AAD"

ConnectorName : contoso.onmicrosoft.com - AAD
Enabled       : False`;

export const RESET_CONFIG_ON_TABLE = `PS C:\\> Get-ADSyncAADPasswordResetConfiguration -Connector "contoso.onmicrosoft.com - AAD"

Enabled
-------
   True`;

/** Both endpoints in one paste, as the firewall card's two commands print them. */
export const TNC_TWO_OK = `PS C:\\> Test-NetConnection passwordreset.microsoftonline.com -Port 443

ComputerName     : passwordreset.microsoftonline.com
RemoteAddress    : 40.126.31.4
RemotePort       : 443
InterfaceAlias   : Ethernet
SourceAddress    : 10.0.0.4
TcpTestSucceeded : True

PS C:\\> Test-NetConnection ssprdedicatedsbprodfra-1.servicebus.windows.net -Port 443

ComputerName     : ssprdedicatedsbprodfra-1.servicebus.windows.net
RemoteAddress    : 20.42.73.208
RemotePort       : 443
InterfaceAlias   : Ethernet
SourceAddress    : 10.0.0.4
TcpTestSucceeded : True`;

/** The first endpoint reachable, the second blocked: the second is the problem. */
export const TNC_FIRST_OK_SECOND_BLOCKED = `${TNC_OK_51}

${TNC_BLOCKED_51}`;

export const SYNC_CYCLE_STARTED = `PS C:\\> Start-ADSyncSyncCycle -PolicyType Initial

Result
------
Success`;

export const SYNC_CYCLE_BUSY = `PS C:\\> Start-ADSyncSyncCycle -PolicyType Delta
Start-ADSyncSyncCycle : System.InvalidOperationException: Connector: contoso.com is busy.`;

export const SYNC_CYCLE_SUSPENDED = `PS C:\\> Start-ADSyncSyncCycle -PolicyType Initial
Start-ADSyncSyncCycle : System.InvalidOperationException: Scheduler is already suspended via global parameters.`;

export const EVENT_XML_32009 = `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
  <System>
    <Provider Name="PasswordResetService" />
    <EventID Qualifiers="0">32009</EventID>
    <Level>2</Level>
    <TimeCreated SystemTime="2026-11-23T09:25:00.000000000Z" />
  </System>
  <EventData>
    <Data>TrackingId: 2b..., Reason: Failed to acquire a token.</Data>
  </EventData>
</Event>`;

/** What Teams sends for rich text: HTML with <p>, <br>, &nbsp; and entities. */
export function asTeamsHtml(text: string): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<p>${escaped
    .split('\n')
    .map((l) => l.replace(/ {2}/g, ' &nbsp;'))
    .join('<br>')
    .replace(/:/g, '&#58;')}</p>`;
}

/** A pasted code block: Teams wraps it in <pre><code> and keeps the newlines. */
export function asTeamsCodeBlock(text: string): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<div><pre class="language-powershell"><code>${escaped}</code></pre></div>`;
}

/**
 * PowerShell 7.2+ colours Format-List labels and table headers (ANSI escapes, as some terminals copy them
 * along); otherwise its layout is that of Windows PowerShell 5.1.
 */
export function asPowerShell7(text: string): string {
  const lines = text.split('\n');
  return lines
    .map((line, i) => {
      const label = /^([A-Za-z][A-Za-z0-9 ()]*? +: ?)(.*)$/.exec(line);
      if (label) return `\u001b[32;1m${label[1]}\u001b[0m${label[2]}`;
      if (/^-{2,}( +-{2,})*$/.test(lines[i + 1] ?? '')) return `\u001b[32;1m${line}\u001b[0m`;
      return line;
    })
    .join('\n');
}

export const withCrlf = (text: string): string => text.replace(/\n/g, '\r\n');
