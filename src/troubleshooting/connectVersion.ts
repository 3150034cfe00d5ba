/**
 * Compares a typed Microsoft Entra Connect version with Microsoft's support boundaries: builds below
 * 2.5.79.0 stop working after 30 September 2026, and password writeback needs 1.1.443.0 at the very least.
 */

const MINIMUM_SUPPORTED_VERSION = '2.5.79.0';
const MINIMUM_WRITEBACK_VERSION = '1.1.443.0';

export type VersionVerdict =
  | { kind: 'invalid' }
  | { kind: 'supported'; version: string }
  | { kind: 'retired'; version: string }
  | { kind: 'noWriteback'; version: string };

type Parts = [number, number, number, number];

export function parseVersion(text: string): Parts | undefined {
  const match = /(?:^|\s|v)(\d{1,4})\.(\d{1,4})\.(\d{1,6})(?:\.(\d{1,6}))?(?=$|\s|[.,;)])/i.exec(text.trim());
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2]), Number(match[3]), Number(match[4] ?? 0)];
}

function compareVersions(a: Parts, b: Parts): number {
  for (let i = 0; i < 4; i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

export function judgeConnectVersion(text: string): VersionVerdict {
  const parts = parseVersion(text);
  if (!parts) return { kind: 'invalid' };
  const version = parts.join('.');
  if (compareVersions(parts, parseVersion(MINIMUM_WRITEBACK_VERSION) as Parts) < 0) {
    return { kind: 'noWriteback', version };
  }
  if (compareVersions(parts, parseVersion(MINIMUM_SUPPORTED_VERSION) as Parts) < 0) {
    return { kind: 'retired', version };
  }
  return { kind: 'supported', version };
}
