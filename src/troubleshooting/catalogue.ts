import { LearnLinks } from './links';
import type { Catalogue, Check, CheckId, Section, SectionId } from './model';

/**
 * Placeholders in commands admins copy: no spaces and no <…> (PowerShell reads < and > as redirection), so
 * a command pasted before the placeholder is replaced fails with a clear "not found" instead of a parse error.
 */
const AAD_CONNECTOR = 'Get-ADSyncAADPasswordResetConfiguration -Connector "contoso.onmicrosoft.com - AAD"';

const CONNECT_MODULE =
  'C:\\Program Files\\Microsoft Azure Active Directory Connect\\AdSyncConfig\\AdSyncConfig.psm1';

const configuration: readonly Check[] = [
  {
    id: 'licensing',
    section: 'configuration',
    learnUrl: LearnLinks.ssprLicensing,
    hasEarlierNote: true,
    steps: [{ key: 's1' }, { key: 's2' }],
    fixSteps: [{ key: 'f1' }, { key: 'f2' }],
  },
  {
    id: 'licensedAccounts',
    section: 'configuration',
    learnUrl: LearnLinks.ssprLicensing,
    steps: [{ key: 's1' }, { key: 's2' }, { key: 's3' }],
    fixSteps: [{ key: 'f1' }, { key: 'f2' }],
  },
  {
    id: 'pdcEmulator',
    section: 'configuration',
    learnUrl: LearnLinks.troubleshootWriteback,
    hasEarlierNote: true,
    steps: [
      {
        key: 's1',
        command:
          '(Get-ADForest).Domains | % { Get-ADDomain $_ } | Select-Object DNSRoot, PDCEmulator\nnltest /dsgetdc:contoso.com /pdc',
      },
      { key: 's2' },
      { key: 's3' },
    ],
    fixSteps: [{ key: 'f1', command: 'Test-NetConnection YOUR-PDC-EMULATOR -Port 389' }, { key: 'f2' }],
  },
  {
    id: 'ssprEnabled',
    section: 'configuration',
    learnUrl: LearnLinks.ssprWritebackTutorial,
    steps: [{ key: 's1' }, { key: 's2', command: AAD_CONNECTOR }],
    fixSteps: [{ key: 'f1' }, { key: 'f2' }],
  },
  {
    id: 'cloudAdmin',
    section: 'configuration',
    learnUrl: LearnLinks.ssprWritebackTutorial,
    steps: [{ key: 's1' }, { key: 's2' }],
    fixSteps: [{ key: 'f1' }, { key: 'f2' }],
  },
  {
    id: 'connectorPermissions',
    section: 'configuration',
    learnUrl: LearnLinks.ssprWritebackTutorial,
    steps: [{ key: 's1' }, { key: 's2' }, { key: 's3' }],
    fixSteps: [
      {
        key: 'f1',
        command: `Import-Module "${CONNECT_MODULE}"\nSet-ADSyncPasswordWritebackPermissions -ADConnectorAccountName YOUR-CONNECTOR-ACCOUNT -ADConnectorAccountDomain contoso.com`,
      },
      { key: 'f2' },
      { key: 'f3' },
      { key: 'f4' },
    ],
  },
  {
    id: 'domainControllers',
    section: 'configuration',
    learnUrl: LearnLinks.connectPrerequisites,
    hasEarlierNote: true,
    steps: [
      {
        key: 's1',
        command:
          '(Get-ADForest).Domains | % { Get-ADDomainController -Filter * -Server $_ } | Select-Object Domain, Name, OperatingSystem',
      },
      { key: 's2' },
    ],
    fixSteps: [{ key: 'f1' }, { key: 'f2' }],
  },
  {
    id: 'fullSync',
    section: 'configuration',
    offersReminder: true,
    learnUrl: LearnLinks.syncScheduler,
    steps: [
      { key: 's1', command: 'Start-ADSyncSyncCycle -PolicyType Initial' },
      { key: 's2', command: 'Get-ADSyncScheduler' },
      { key: 's3', command: 'Get-ADSyncConnectorRunStatus' },
    ],
    fixSteps: [{ key: 'f1' }, { key: 'f2' }],
  },
];

const connectivity: readonly Check[] = [
  {
    id: 'connectVersion',
    section: 'connectivity',
    offersCollector: true,
    learnUrl: LearnLinks.connectVersionHistory,
    input: 'connectVersion',
    steps: [
      {
        key: 's1',
        command:
          '(Get-Item "C:\\Program Files\\Microsoft Azure AD Sync\\Bin\\miiserver.exe").VersionInfo.ProductVersion',
      },
      { key: 's2' },
    ],
    fixSteps: [{ key: 'f1' }, { key: 'f2' }],
  },
  {
    id: 'firewall',
    section: 'connectivity',
    learnUrl: LearnLinks.troubleshootWriteback,
    hasEarlierNote: true,
    steps: [
      { key: 's1', command: '*.passwordreset.microsoftonline.com\n*.servicebus.windows.net' },
      {
        key: 's2',
        command:
          '*.passwordreset.microsoftonline.us\n*.servicebus.usgovcloudapi.net\nssprdedicatedsbmcprodcne.servicebus.chinacloudapi.cn\nssprdedicatedsbmcprodcnn.servicebus.chinacloudapi.cn',
      },
      { key: 's3', command: 'Test-NetConnection passwordreset.microsoftonline.com -Port 443' },
      { key: 's4', command: 'Test-NetConnection YOUR-NAMESPACE.servicebus.windows.net -Port 443' },
    ],
    fixSteps: [{ key: 'f1' }, { key: 'f2' }],
  },
  {
    id: 'idleTimeout',
    section: 'connectivity',
    learnUrl: LearnLinks.connectPrerequisites,
    hasEarlierNote: true,
    steps: [{ key: 's1' }],
    fixSteps: [{ key: 'f1' }],
  },
  {
    id: 'tls12',
    section: 'connectivity',
    learnUrl: LearnLinks.tlsEnforcement,
    steps: [
      {
        key: 's1',
        command:
          "Get-ItemProperty 'HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319' -Name SchUseStrongCrypto, SystemDefaultTlsVersions\n" +
          "Get-ItemProperty 'HKLM:\\SOFTWARE\\WOW6432Node\\Microsoft\\.NETFramework\\v4.0.30319' -Name SchUseStrongCrypto, SystemDefaultTlsVersions",
      },
      {
        key: 's2',
        command:
          "Get-ItemProperty 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client'",
      },
    ],
    fixSteps: [{ key: 'f1' }, { key: 'f2' }],
  },
];

const stillNotWorking: readonly Check[] = [
  {
    id: 'reenableWriteback',
    section: 'stillNotWorking',
    learnUrl: LearnLinks.troubleshootWriteback,
    steps: [{ key: 's1' }, { key: 's2' }, { key: 's3', command: AAD_CONNECTOR }],
    fixSteps: [{ key: 'f1' }, { key: 'f2' }],
  },
  {
    id: 'eventLog',
    section: 'stillNotWorking',
    learnUrl: LearnLinks.troubleshootWriteback,
    input: 'eventId',
    steps: [
      {
        key: 's1',
        command:
          "Get-WinEvent -FilterHashtable @{LogName='Application'; ProviderName='PasswordResetService','ADSync'} -MaxEvents 50 | Format-List TimeCreated, Id, Message",
      },
      { key: 's2' },
    ],
    fixSteps: [{ key: 'f1' }, { key: 'f2' }],
  },
];

export const SECTIONS: Catalogue = [
  { id: 'configuration', checks: configuration, summary: 'section' },
  { id: 'connectivity', checks: connectivity, summary: 'section' },
  { id: 'stillNotWorking', checks: stillNotWorking, summary: 'case' },
];

export function getSection(id: SectionId, catalogue: Catalogue = SECTIONS): Section {
  const section = catalogue.find((s) => s.id === id);
  if (!section) throw new Error(`unknown section ${id}`);
  return section;
}

export function findCheck(checkId: CheckId, catalogue: Catalogue = SECTIONS): Check | undefined {
  for (const section of catalogue) {
    const check = section.checks.find((c) => c.id === checkId);
    if (check) return check;
  }
  return undefined;
}

/** The section a check belongs to (a card that sends the admin to that check starts its section). */
export function sectionOf(checkId: CheckId): SectionId {
  const check = findCheck(checkId);
  if (!check) throw new Error(`unknown check ${checkId}`);
  return check.section;
}

/** The section after this one in the catalogue ("Run all checks" and the summary's "Next"). */
export function nextSection(id: SectionId, catalogue: Catalogue = SECTIONS): SectionId | undefined {
  const index = catalogue.findIndex((s) => s.id === id);
  return index < 0 ? undefined : catalogue[index + 1]?.id;
}

/** The first section of the catalogue: where "Run all checks" begins. */
export function firstSection(catalogue: Catalogue = SECTIONS): SectionId {
  const first = catalogue[0];
  if (!first) throw new Error('the catalogue has no section');
  return first.id;
}
