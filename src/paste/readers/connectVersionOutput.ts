/**
 * The installed Microsoft Entra Connect version: miiserver.exe's ProductVersion (bare, under the pasted
 * command, or a FileVersionInfo table) or the Programs and Features line, compared with 2.5.79.0.
 */
import { judgeConnectVersion } from '../../troubleshooting/connectVersion';
import { LearnLinks } from '../../troubleshooting/links';
import { fieldValue, listFields, splitLines } from './fields';
import type { PasteFinding } from './types';

const VERSION = /\b(\d{1,4}\.\d{1,4}\.\d{1,6}\.\d{1,6})\b/;
const PRODUCT_LINE =
  /(Microsoft Entra Connect(?: Sync)?|Microsoft Azure AD Connect(?: Sync)?|Microsoft Azure AD Sync|Azure AD Connect)\b[^\n]{0,200}?\b(\d{1,4}\.\d{1,4}\.\d{1,6}\.\d{1,6})\b/i;

function versionText(text: string): string | undefined {
  const listed = fieldValue(listFields(text), 'ProductVersion');
  if (listed && VERSION.test(listed)) return VERSION.exec(listed)?.[1];
  const lines = splitLines(text);
  // A FileVersionInfo table: "ProductVersion   FileVersion   FileName", dashes, then the row.
  const header = lines.findIndex((l) => /^\s*ProductVersion\s+FileVersion\b/i.test(l));
  if (header >= 0) {
    const row = lines.slice(header + 1).find((l) => VERSION.test(l));
    if (row) return VERSION.exec(row)?.[1];
  }
  const product = PRODUCT_LINE.exec(text);
  if (product) return product[2];
  // The bare version printed under the command that reads miiserver.exe's ProductVersion.
  const command = lines.findIndex(
    (l) => /miiserver\.exe/i.test(l) && /ProductVersion|VersionInfo|Get-Item/i.test(l),
  );
  if (command >= 0) {
    const row = lines.slice(command + 1).find((l) => l.trim());
    const match = row ? /^\s*(\d{1,4}\.\d{1,4}\.\d{1,6}\.\d{1,6})\s*$/.exec(row) : null;
    if (match) return match[1];
  }
  return undefined;
}

export function readConnectVersion(text: string): PasteFinding | undefined {
  const typed = versionText(text);
  return typed ? versionFinding(typed) : undefined;
}

/**
 * A version on its own ("2.4.18.0"): what the ProductVersion command prints, or what an admin types. The
 * version check's card takes it as typed input; with no section running it gets a verdict.
 */
export function readBareVersion(text: string): PasteFinding | undefined {
  const match = /^\s*v?(\d{1,4}\.\d{1,4}\.\d{1,6}\.\d{1,6})\s*$/i.exec(text);
  return match ? versionFinding(match[1]) : undefined;
}

function versionFinding(typed: string): PasteFinding | undefined {
  const verdict = judgeConnectVersion(typed);
  if (verdict.kind === 'invalid') return undefined;
  const values = { version: verdict.version };
  const supported = verdict.kind === 'supported';
  return {
    kind: 'connectVersion',
    mark: supported ? 'fine' : 'problem',
    title: { key: 'paste.version.title', values },
    meaning: [{ key: `version.${verdict.kind}`, values }],
    action: [{ key: supported ? 'paste.version.okAction' : 'checks.connectVersion.fix.steps.f1' }],
    learnUrl: LearnLinks.connectVersionHistory,
    answers: [{ checkId: 'connectVersion', answer: supported ? 'ok' : 'notOk', detail: verdict.version }],
  };
}
