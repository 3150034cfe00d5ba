<#
.SYNOPSIS
    Read-only diagnostics for password writeback on a Microsoft Entra Connect server.

.DESCRIPTION
    Runs the commands that the writeback troubleshooter's check cards show and prints each one under a
    prompt line, as a PowerShell window shows it, so that the whole output can be pasted into the chat
    with the bot in one message. The same text is copied to the clipboard.

    Nothing it runs changes anything: it only reads (Get-*, Test-NetConnection). Every step runs in its
    own try/catch: a missing module or a missing permission becomes an error line, not a stop.
    Runs in Windows PowerShell 5.1 and PowerShell 7.

.PARAMETER Cloud
    Public (default), UsGov (US Government) or China (Microsoft Azure operated by 21Vianet): which
    password reset and Service Bus hosts are tested.

.PARAMETER MaxEvents
    How many recent Application log events of the writeback sources are read (default 20).

.PARAMETER NoClipboard
    Only print the output; do not copy it to the clipboard.

.EXAMPLE
    .\Get-WritebackDiagnostics.ps1 -Cloud UsGov
#>
[CmdletBinding()]
param(
    [ValidateSet('Public', 'UsGov', 'China')]
    [string] $Cloud = 'Public',

    [ValidateRange(1, 200)]
    [int] $MaxEvents = 20,

    [switch] $NoClipboard
)

$ErrorActionPreference = 'Stop'
$ScriptVersion = '1.0'
$Transcript = [System.Text.StringBuilder]::new()

# Host names per cloud (Microsoft Learn: troubleshoot-sspr-writeback). The Service Bus namespace of the
# tenant is named in events 31019 and 31034; 21Vianet uses two fixed namespaces.
$Endpoints = @{
    Public = @{
        PasswordReset    = @('passwordreset.microsoftonline.com')
        ServiceBusSuffix = 'servicebus.windows.net'
        ServiceBus       = @()
    }
    UsGov  = @{
        PasswordReset    = @('passwordreset.microsoftonline.us')
        ServiceBusSuffix = 'servicebus.usgovcloudapi.net'
        ServiceBus       = @()
    }
    China  = @{
        PasswordReset    = @()
        ServiceBusSuffix = 'servicebus.chinacloudapi.cn'
        ServiceBus       = @(
            'ssprdedicatedsbmcprodcne.servicebus.chinacloudapi.cn',
            'ssprdedicatedsbmcprodcnn.servicebus.chinacloudapi.cn'
        )
    }
}[$Cloud]

# One line of the transcript: printed now, and kept for the clipboard.
function Show-Line {
    param([string] $Text)
    [void] $Transcript.AppendLine($Text)
    Write-Host $Text
}

# The prompt line a PowerShell window shows before a command.
function Show-Prompt {
    param([string] $Command)
    Show-Line ''
    Show-Line ('PS {0}> {1}' -f (Get-Location).Path, $Command)
}

# An error as the console prints it: the message, then the category and the error id (never translated).
function Show-Error {
    param($Record, [string] $Command)
    $name = ($Command -split '\s', 2)[0]
    Show-Line ('{0} : {1}' -f $name, $Record.Exception.Message)
    Show-Line ('    + CategoryInfo          : {0}' -f $Record.CategoryInfo)
    Show-Line ('    + FullyQualifiedErrorId : {0}' -f $Record.FullyQualifiedErrorId)
}

# Warnings first (Test-NetConnection prints them before its result), errors, then the formatted objects.
function Show-Output {
    param([object[]] $Items, [string] $Command)
    $objects = @()
    foreach ($item in $Items) {
        if ($item -is [System.Management.Automation.WarningRecord]) {
            Show-Line ('WARNING: {0}' -f $item.Message)
        }
        elseif ($item -is [System.Management.Automation.ErrorRecord]) {
            Show-Error -Record $item -Command $Command
        }
        else {
            $objects += $item
        }
    }
    if ($objects.Count -gt 0) {
        $text = ($objects | Out-String -Width 200).TrimEnd()
        foreach ($line in ($text -split '\r?\n')) {
            Show-Line $line.TrimEnd()
        }
    }
}

# One step: its prompt line, then what it printed. A failure becomes an error line, never a stop.
# Returns the objects it printed, for the steps that build on them.
function Show-Step {
    param([scriptblock] $Run, [string] $Command)
    if (-not $Command) {
        $Command = $Run.ToString().Trim()
    }
    Show-Prompt $Command
    try {
        $items = @(& $Run 3>&1)
        Show-Output -Items $items -Command $Command
        $items | Where-Object {
            -not ($_ -is [System.Management.Automation.WarningRecord]) -and
            -not ($_ -is [System.Management.Automation.ErrorRecord])
        }
    }
    catch {
        Show-Error -Record $_ -Command $Command
    }
}

# A note in the transcript, as a comment typed at the prompt (the bot reads past it).
function Show-Note {
    param([string] $Text)
    Show-Prompt ('# {0}' -f $Text)
}

Show-Note ('Get-WritebackDiagnostics {0}, PowerShell {1} {2}, cloud {3}, {4:yyyy-MM-dd HH:mm} UTC' -f
    $ScriptVersion, $PSVersionTable.PSEdition, $PSVersionTable.PSVersion, $Cloud, (Get-Date).ToUniversalTime())

# Sync state: the scheduler (staging mode, a cycle running) and the connectors (nothing listed = idle).
[void] (Show-Step -Run { Get-ADSyncScheduler })
[void] (Show-Step -Run { Get-ADSyncConnectorRunStatus })

# The installed Microsoft Entra Connect version.
[void] (Show-Step -Run { (Get-Item "C:\Program Files\Microsoft Azure AD Sync\Bin\miiserver.exe").VersionInfo.ProductVersion })

# The writeback flag, per Microsoft Entra connector.
$connectors = @()
try {
    $connectors = @(Get-ADSyncConnector | Where-Object {
            $_.SubType -eq 'Windows Azure Active Directory (Microsoft)' -or
            $_.ListName -eq 'Windows Azure Active Directory (Microsoft)'
        } | ForEach-Object { $_.Name })
}
catch {
    Show-Prompt 'Get-ADSyncConnector'
    Show-Error -Record $_ -Command 'Get-ADSyncConnector'
}
foreach ($connector in $connectors) {
    [void] (Show-Step -Command ('Get-ADSyncAADPasswordResetConfiguration -Connector "{0}"' -f $connector) -Run (
            { Get-ADSyncAADPasswordResetConfiguration -Connector $connector }.GetNewClosure()))
}

# Outbound HTTPS 443 to the password reset service.
foreach ($target in $Endpoints.PasswordReset) {
    [void] (Show-Step -Command ('Test-NetConnection {0} -Port 443' -f $target) -Run (
            { Test-NetConnection $target -Port 443 }.GetNewClosure()))
}

# The tenant's Service Bus namespaces, as events 31019 and 31034 name them.
$namespaces = @($Endpoints.ServiceBus)
try {
    $events = @(Get-WinEvent -FilterHashtable @{
            LogName = 'Application'; ProviderName = 'PasswordResetService'; Id = 31019, 31034
        } -MaxEvents 50)
    $pattern = '(?i)\b([a-z0-9][a-z0-9-]{2,48})\.servicebus\.(?:windows\.net|usgovcloudapi\.net|chinacloudapi\.cn)\b|\b(ssprdedicatedsb[a-z0-9-]{1,40})\b'
    foreach ($entry in $events) {
        foreach ($match in [regex]::Matches([string] $entry.Message, $pattern)) {
            $name = if ($match.Groups[1].Success) { $match.Groups[1].Value } else { $match.Groups[2].Value }
            $namespaces += ('{0}.{1}' -f $name.ToLowerInvariant(), $Endpoints.ServiceBusSuffix)
        }
    }
}
catch {
    Show-Note ('No Service Bus namespace read from events 31019 and 31034: {0}' -f $_.Exception.Message)
}
$namespaces = @($namespaces | Select-Object -Unique | Select-Object -First 4)
if ($namespaces.Count -eq 0) {
    Show-Note ('No event 31019 or 31034 names a Service Bus namespace: test YOUR-NAMESPACE.{0} by hand' -f $Endpoints.ServiceBusSuffix)
}
foreach ($target in $namespaces) {
    [void] (Show-Step -Command ('Test-NetConnection {0} -Port 443' -f $target) -Run (
            { Test-NetConnection $target -Port 443 }.GetNewClosure()))
}

# The PDC emulator of the server's domain, whether it answers on LDAP, and the AD connector's
# domain controller settings (preferred domain controllers, where the connector shows them).
$pdc = @(Show-Step -Run { [System.DirectoryServices.ActiveDirectory.Domain]::GetComputerDomain().PdcRoleOwner.Name }) |
    Select-Object -First 1
if ($pdc) {
    [void] (Show-Step -Command ('Test-NetConnection {0} -Port 389' -f $pdc) -Run (
            { Test-NetConnection $pdc -Port 389 }.GetNewClosure()))
}
[void] (Show-Step -Run { Get-ADSyncConnector | Where-Object { $_.ConnectorTypeName -eq 'AD' } | ForEach-Object { $_.Partitions } | ForEach-Object { $_.Parameters } | Where-Object { $_.Name -like '*dc*' } | Format-List 'Name', 'Value' })

# TLS 1.2: .NET strong cryptography (64-bit and 32-bit), and SCHANNEL's TLS 1.2 client and server keys.
[void] (Show-Step -Run { Get-ItemProperty 'HKLM:\SOFTWARE\Microsoft\.NETFramework\v4.0.30319' -Name 'SchUseStrongCrypto', 'SystemDefaultTlsVersions' })
[void] (Show-Step -Run { Get-ItemProperty 'HKLM:\SOFTWARE\WOW6432Node\Microsoft\.NETFramework\v4.0.30319' -Name 'SchUseStrongCrypto', 'SystemDefaultTlsVersions' })
[void] (Show-Step -Run { Get-ItemProperty 'HKLM:\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.2\Client' })
[void] (Show-Step -Run { Get-ItemProperty 'HKLM:\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.2\Server' })

# Recent Application log events: the writeback sources, then 6329, 656 and 657 whatever their source.
[void] (Show-Step -Run { Get-WinEvent -FilterHashtable @{ LogName = 'Application'; ProviderName = 'PasswordResetService', 'ADSync' } -MaxEvents $MaxEvents | Format-List 'TimeCreated', 'Id', 'ProviderName', 'Message' })
[void] (Show-Step -Run { Get-WinEvent -FilterHashtable @{ LogName = 'Application'; Id = 6329, 656, 657 } -MaxEvents 10 | Format-List 'TimeCreated', 'Id', 'ProviderName', 'Message' })

if ($NoClipboard) {
    Show-Note 'End of Get-WritebackDiagnostics: paste this whole output into the chat with the bot'
}
else {
    Show-Note 'End of Get-WritebackDiagnostics: copied to the clipboard, paste it into the chat with the bot'
    try {
        # clip.exe reads the console's code page: what the window shows is what gets copied.
        $OutputEncoding = [Console]::OutputEncoding
        $Transcript.ToString() | clip.exe
    }
    catch {
        Write-Host ('Could not copy to the clipboard ({0}): select the output above and copy it.' -f $_.Exception.Message)
    }
}
