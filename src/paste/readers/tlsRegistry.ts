/**
 * TLS 1.2 registry output from `reg query` or `Get-ItemProperty`: the .NET Framework v4.0.30319 values
 * (64-bit and WOW6432Node) and the SCHANNEL TLS 1.2 Client/Server values. An absent TLS 1.2 key is not a
 * problem: Windows Server 2016 and later enable TLS 1.2 by default.
 */
import { LearnLinks } from '../../troubleshooting/links';
import { splitLines } from './fields';
import type { PasteFinding, TextLine } from './types';

type Area = 'net' | 'net32' | 'client' | 'server' | 'netUnknown' | 'schannelUnknown';
type State = 'good' | 'bad' | 'missing' | 'absentKey';

interface Observation {
  area: Area;
  name: string;
  value?: number;
  state: State;
}

const NET_VALUES = ['SchUseStrongCrypto', 'SystemDefaultTlsVersions'];
const SCHANNEL_VALUES = ['Enabled', 'DisabledByDefault'];
const VALUE_NAMES = new RegExp(`^(${[...NET_VALUES, ...SCHANNEL_VALUES].join('|')})$`, 'i');

/** Where a registry path points, or undefined for a key we do not read. */
function areaOf(path: string): Area | undefined {
  if (/\.NETFramework\\v4\.0\.30319/i.test(path)) return /WOW6432Node/i.test(path) ? 'net32' : 'net';
  if (/TLS 1\.2\\Client/i.test(path)) return 'client';
  if (/TLS 1\.2\\Server/i.test(path)) return 'server';
  return undefined;
}

function canonical(name: string): string {
  return [...NET_VALUES, ...SCHANNEL_VALUES].find((n) => n.toLowerCase() === name.toLowerCase()) ?? name;
}

function judge(name: string, value: number): State {
  switch (name) {
    case 'DisabledByDefault':
      return value === 0 ? 'good' : 'bad';
    default:
      // Enabled is 1 or 0xffffffff when on; the .NET values must be 1.
      return value === 0 ? 'bad' : 'good';
  }
}

function observe(text: string): Observation[] {
  const seen: Observation[] = [];
  let pendingValues: Array<{ name: string; value: number }> = [];
  let keyPath: string | undefined;
  const flush = (path: string | undefined): void => {
    const known = path ? areaOf(path) : undefined;
    for (const { name, value } of pendingValues) {
      const area = known ?? (NET_VALUES.includes(name) ? 'netUnknown' : 'schannelUnknown');
      seen.push({ area, name, value, state: judge(name, value) });
    }
    pendingValues = [];
  };
  for (const line of splitLines(text)) {
    const command =
      /(?:Get-ItemProperty|reg(?:\.exe)? query)\s+["']?((?:HKLM:?|HKEY_LOCAL_MACHINE)\\[^"'\n]{1,300}?)["']?(?:\s+-Name\b.*|\s+\/v\b.*)?$/i.exec(
        line,
      );
    const regKey = /^\s*(HKEY_LOCAL_MACHINE\\\S.{0,300})$/.exec(line);
    const regValue = /^\s+(\w+)\s+REG_DWORD\s+0x([0-9a-fA-F]{1,8})\s*$/.exec(line);
    const listValue = /^\s*(\w+)\s*:\s*(\d{1,10})\s*$/.exec(line);
    const psPath = /^\s*PSPath\s*:\s*\S*?Registry::(.+)$/.exec(line);
    const absent = /Cannot find path '([^']{1,300})' because it does not exist/i.exec(line);
    const missing = /Property (\w+) does not exist at path (.{1,300}?)\.?$/i.exec(line);
    if (command) {
      flush(keyPath);
      keyPath = command[1];
    } else if (regKey) {
      flush(keyPath);
      keyPath = regKey[1];
    } else if (regValue && VALUE_NAMES.test(regValue[1])) {
      pendingValues.push({ name: canonical(regValue[1]), value: Number.parseInt(regValue[2], 16) });
    } else if (listValue && VALUE_NAMES.test(listValue[1])) {
      pendingValues.push({ name: canonical(listValue[1]), value: Number(listValue[2]) });
    } else if (psPath) {
      flush(psPath[1]);
      keyPath = undefined;
    } else if (absent) {
      const area = areaOf(absent[1]);
      if (area) seen.push({ area, name: '', state: 'absentKey' });
      pendingValues = [];
    } else if (missing && VALUE_NAMES.test(missing[1])) {
      const area = areaOf(missing[2]) ?? areaOf(keyPath ?? '');
      if (area) seen.push({ area, name: canonical(missing[1]), state: 'missing' });
    } else if (/ERROR: The system was unable to find the specified registry key or value/i.test(line)) {
      const area = areaOf(keyPath ?? '');
      if (area) seen.push({ area, name: '', state: 'absentKey' });
    }
  }
  flush(keyPath);
  return seen;
}

const isNet = (area: Area): boolean => area === 'net' || area === 'net32' || area === 'netUnknown';

export function readTlsRegistry(text: string): PasteFinding | undefined {
  const seen = observe(text);
  if (seen.length === 0) return undefined;
  const line = (o: Observation): TextLine => {
    const place = `paste.tls.area.${o.area}`;
    if (o.state === 'absentKey')
      return { key: isNet(o.area) ? 'paste.tls.netKeyMissing' : 'paste.tls.absentKey', refs: { place } };
    return { key: `paste.tls.${o.state}`, values: { name: o.name, value: o.value ?? '' }, refs: { place } };
  };
  const bad = seen.some((o) => o.state === 'bad');
  // A missing .NET key is not conclusive (wrong path, or no .NET Framework 4); a missing TLS 1.2 key is fine.
  const missing = seen.some((o) => o.state === 'missing' || (o.state === 'absentKey' && isNet(o.area)));
  const both = seen.some((o) => isNet(o.area)) && seen.some((o) => !isNet(o.area));
  const mark = bad ? 'problem' : missing ? 'unsure' : 'fine';
  return {
    kind: 'tls',
    mark,
    title: { key: `paste.tls.${mark}Title` },
    meaning: seen.slice(0, 8).map(line),
    action:
      bad || missing
        ? [{ key: 'checks.tls12.fix.steps.f1' }, { key: 'checks.tls12.fix.steps.f2' }]
        : [{ key: both ? 'paste.tls.okAction' : 'paste.tls.checkRest' }],
    learnUrl: LearnLinks.tlsEnforcement,
    answers: bad
      ? [{ checkId: 'tls12', answer: 'notOk' }]
      : mark === 'fine' && both
        ? [{ checkId: 'tls12', answer: 'ok' }]
        : [],
  };
}
