/** Test-NetConnection output (Windows PowerShell 5.1 and PowerShell 7 print the same Format-List layout). */
import { LearnLinks } from '../../troubleshooting/links';
import { boolValue, fieldValue, listFields, safeHost, safePort, splitLines } from './fields';
import type { PasteFinding, PastedAnswer, TextLine } from './types';

type Role = 'serviceBus' | 'passwordReset' | 'domainController' | 'other';

const SERVICE_BUS = /\.servicebus\.(?:windows\.net|usgovcloudapi\.net|chinacloudapi\.cn)$/;
const PASSWORD_RESET = /(?:^|\.)passwordreset\.microsoftonline\.(?:com|us)$/;
const DC_PORTS = new Set([88, 135, 389, 636, 3268, 3269]);

function roleOf(host: string | undefined, port: number | undefined): Role {
  if (host && SERVICE_BUS.test(host)) return 'serviceBus';
  if (host && PASSWORD_RESET.test(host)) return 'passwordReset';
  if (port !== undefined && DC_PORTS.has(port)) return 'domainController';
  return 'other';
}

/** After one endpoint answered: test the other one (no advice to test the host just tested). */
const OK_ACTION: Readonly<Record<Role, string>> = {
  serviceBus: 'paste.tnc.okActionServiceBus',
  passwordReset: 'paste.tnc.okActionPasswordReset',
  domainController: 'paste.tnc.okAction',
  other: 'paste.tnc.okAction',
};

const COMMON_PORTS: Readonly<Record<string, number>> = { http: 80, rdp: 3389, smb: 445, winrm: 5985 };

/** Host and port from a pasted command line: "Test-NetConnection host -Port 443" (or -ComputerName host). */
function fromCommand(text: string): { host?: string; port?: number } {
  for (const line of splitLines(text)) {
    const match = /\b(?:Test-NetConnection|tnc)\s+(?:-ComputerName\s+)?["']?([^\s"']{1,253})["']?(.*)$/i.exec(
      line,
    );
    if (!match) continue;
    const port = /-Port\s+(\d{1,5})/i.exec(match[2])?.[1];
    const common = /-CommonTCPPort\s+(\w+)/i.exec(match[2])?.[1]?.toLowerCase();
    return { host: safeHost(match[1]), port: safePort(port) ?? (common ? COMMON_PORTS[common] : undefined) };
  }
  return {};
}

function answersFor(role: Role, failed: boolean, detail: string): PastedAnswer[] {
  if (!failed) return [];
  if (role === 'serviceBus' || role === 'passwordReset')
    return [{ checkId: 'firewall', answer: 'notOk', detail }];
  if (role === 'domainController') return [{ checkId: 'pdcEmulator', answer: 'notOk', detail }];
  return [];
}

function readOne(text: string): PasteFinding | undefined {
  const fields = listFields(text);
  const dnsWarning = /WARNING:\s*Name resolution of\s+(\S+?)\s+failed/i.exec(text);
  const tcpWarning = /WARNING:\s*TCP connect to\s*\(\s*([0-9a-fA-F.:]+)\s*:\s*(\d{1,5})\s*\)\s*failed/i.exec(
    text,
  );
  const succeeded = boolValue(fieldValue(fields, 'TcpTestSucceeded'));
  const command = fromCommand(text);
  const hasComputer = fieldValue(fields, 'ComputerName') !== undefined;
  // "-InformationLevel Quiet" prints only True or False under the command.
  const lastLine = splitLines(text).pop()?.trim() ?? '';
  const quiet = command.host && /^(True|False)$/i.test(lastLine) ? lastLine : undefined;
  const pingOnly = hasComputer && fieldValue(fields, 'PingSucceeded') !== undefined;
  if (!dnsWarning && !tcpWarning && succeeded === undefined && !quiet && !pingOnly) return undefined;

  const host = safeHost(fieldValue(fields, 'ComputerName')) ?? safeHost(dnsWarning?.[1]) ?? command.host;
  const port = safePort(fieldValue(fields, 'RemotePort')) ?? safePort(tcpWarning?.[2]) ?? command.port;
  const address = safeHost(fieldValue(fields, 'RemoteAddress')) ?? safeHost(tcpWarning?.[1]);
  const shownHost = host ?? address ?? '?';
  const role = roleOf(host, port);
  const roleLine: TextLine[] =
    role === 'other' ? [] : [{ key: `paste.tnc.role.${role}`, values: { host: shownHost } }];
  const values = { host: shownHost, port: port ?? 443 };
  const detail = `${shownHost}:${port ?? 443}`;

  if (dnsWarning || (succeeded !== true && !address && hasComputer && !quiet)) {
    return {
      kind: 'testNetConnection',
      mark: 'problem',
      title: { key: 'paste.tnc.dnsTitle', values },
      meaning: [{ key: 'paste.tnc.dnsMeaning', values }, ...roleLine],
      action: [{ key: 'paste.tnc.dnsAction', values }],
      learnUrl: LearnLinks.troubleshootWriteback,
      answers: answersFor(role, true, detail),
    };
  }
  const failed = succeeded === false || Boolean(tcpWarning) || (quiet !== undefined && /false/i.test(quiet));
  if (succeeded === undefined && !tcpWarning && !quiet) {
    return {
      kind: 'testNetConnection',
      mark: 'unsure',
      title: { key: 'paste.tnc.pingOnlyTitle', values },
      meaning: [{ key: 'paste.tnc.pingOnlyMeaning', values }],
      action: [{ key: 'paste.tnc.pingOnlyAction', values }],
      learnUrl: LearnLinks.troubleshootWriteback,
      answers: [],
    };
  }
  if (failed) {
    return {
      kind: 'testNetConnection',
      mark: 'problem',
      title: { key: 'paste.tnc.blockedTitle', values },
      meaning: [{ key: 'paste.tnc.blockedMeaning', values }, ...roleLine],
      action: [
        { key: role === 'domainController' ? 'paste.tnc.dcAction' : 'paste.tnc.blockedAction', values },
      ],
      learnUrl:
        role === 'domainController' ? LearnLinks.troubleshootWriteback : LearnLinks.connectPrerequisites,
      answers: answersFor(role, true, detail),
    };
  }
  return {
    kind: 'testNetConnection',
    mark: 'fine',
    title: { key: 'paste.tnc.okTitle', values },
    meaning: [{ key: 'paste.tnc.okMeaning', values }, ...roleLine],
    action: [
      {
        key: OK_ACTION[role],
        values,
      },
    ],
    learnUrl: LearnLinks.troubleshootWriteback,
    answers: answersFor(role, false, detail),
  };
}

/**
 * One Test-NetConnection result per block: admins often paste both endpoints at once. A block starts at a
 * prompt, a WARNING or a ComputerName line once the block before already has its ComputerName.
 */
function blocks(text: string): string[] {
  const found: string[][] = [[]];
  let hasComputer = false;
  for (const line of splitLines(text)) {
    if (hasComputer && /^\s*(?:WARNING:|PS [A-Za-z]:|ComputerName\s*:)/.test(line)) {
      found.push([]);
      hasComputer = false;
    }
    found[found.length - 1].push(line);
    if (/^\s*ComputerName\s*:/.test(line)) hasComputer = true;
  }
  return found.map((b) => b.join('\n').trim()).filter(Boolean);
}

const hostOf = (finding: PasteFinding): string => String(finding.title.values?.host ?? '');

export function readTestNetConnection(text: string): PasteFinding | undefined {
  const findings = blocks(text)
    .map(readOne)
    .filter((f): f is PasteFinding => f !== undefined);
  if (findings.length <= 1) return findings[0];
  // The first failure is the problem to show; the others are listed.
  const problem = findings.find((f) => f.mark === 'problem');
  const others = findings.filter((f) => f !== (problem ?? findings[0])).map(hostOf);
  const also: TextLine = { key: 'paste.tnc.others', values: { hosts: [...new Set(others)].join(', ') } };
  if (problem) return { ...problem, meaning: [...problem.meaning, also] };
  const hosts = findings.map(hostOf);
  const bothEndpoints =
    findings.every((f) => f.mark === 'fine') &&
    hosts.some((h) => SERVICE_BUS.test(h)) &&
    hosts.some((h) => PASSWORD_RESET.test(h));
  if (!bothEndpoints) return { ...findings[0], meaning: [...findings[0].meaning, also] };
  return {
    kind: 'testNetConnection',
    mark: 'fine',
    title: { key: 'paste.tnc.bothOkTitle' },
    meaning: [{ key: 'paste.tnc.bothOkMeaning', values: { hosts: [...new Set(hosts)].join(', ') } }],
    action: [{ key: 'paste.tnc.bothOkAction' }],
    learnUrl: LearnLinks.troubleshootWriteback,
    answers: [{ checkId: 'firewall', answer: 'ok' }],
  };
}
