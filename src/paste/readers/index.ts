/**
 * Reads what an admin pasted: normalises it, tries each reader, and tells output it cannot read from an
 * ordinary sentence. Pure functions, no botbuilder.
 */
import { readConnectVersion } from './connectVersionOutput';
import { readDiagnosis } from './diagnosis';
import { readEventEntry } from './eventEntry';
import { splitLines } from './fields';
import { normalizePaste } from './normalize';
import { readPasswordResetConfig } from './passwordResetConfig';
import { readRunStatus, readScheduler, readSyncCycleStart } from './scheduler';
import { readTestNetConnection } from './testNetConnection';
import { readTlsRegistry } from './tlsRegistry';
import type { PasteParser, PasteReading } from './types';
import { englishWindowsText } from './windowsLabels';

export type {
  Diagnosis,
  DiagnosisLine,
  PasteFinding,
  PasteMark,
  PasteReading,
  PastedAnswer,
  TextLine,
  UnreadCommand,
} from './types';
export { readBareVersion } from './connectVersionOutput';

/** Most specific first: an event entry can quote a host, a scheduler listing has boolean fields… */
const READERS: readonly PasteParser[] = [
  readEventEntry,
  readTestNetConnection,
  readScheduler,
  readRunStatus,
  readSyncCycleStart,
  readPasswordResetConfig,
  readTlsRegistry,
  readConnectVersion,
];

/**
 * Whether text is command output rather than something typed: a PowerShell prompt, "Name : value" lines,
 * a table rule, a registry path, a WARNING/ERROR line, or a PowerShell error record.
 * @internal Exported for the tests as well.
 */
export function looksLikeOutput(text: string): boolean {
  const lines = splitLines(text).filter((l) => l.trim());
  if (lines.some((l) => /^\s*PS [A-Za-z]:\\?[^>]{0,200}>/.test(l))) return true;
  if (lines.some((l) => /^\s*(WARNING|ERROR|VERBOSE):\s/.test(l))) return true;
  if (lines.some((l) => /^\s*(HKEY_LOCAL_MACHINE|HKLM:)\\/.test(l))) return true;
  if (lines.some((l) => /^\s*\+\s*(CategoryInfo|FullyQualifiedErrorId)\s*:/.test(l))) return true;
  if (lines.some((l) => /^\s*-{3,}(\s+-{2,})+\s*$/.test(l))) return true;
  if (/^(Log Name|Event ID|Source):\s/im.test(text) && /^(Event ID|Level):\s/im.test(text)) return true;
  const listLines = lines.filter((l) => /^\s*[A-Za-z][A-Za-z0-9()._-]{1,40}\s+:\s/.test(l));
  return listLines.length >= 2 && listLines.length * 2 >= lines.length;
}

/**
 * What the bot makes of a message: a verdict, "output I can't read", or undefined for ordinary text (a
 * sentence, a command, a bare version or event ID, which the existing flows handle).
 */
export function readPaste(raw: string): PasteReading | undefined {
  // A whole console session (several commands, a transcript file, a cut paste) gets one diagnosis.
  const diagnosis = readDiagnosis(raw, READERS);
  if (diagnosis) return { kind: 'diagnosis', diagnosis };
  // Non-English Windows: translated Event Viewer labels and warning prefixes → English.
  const text = englishWindowsText(normalizePaste(raw));
  if (!text || (!text.includes('\n') && !/^\s*PS [A-Za-z]:/.test(text))) {
    // One line is output only when it is unmistakable: a Test-NetConnection warning or a Programs and Features line.
    const single = text && (readTestNetConnection(text) ?? readConnectVersionLine(text));
    return single ? { kind: 'finding', finding: single } : undefined;
  }
  for (const read of READERS) {
    const finding = read(text);
    if (finding) return { kind: 'finding', finding };
  }
  return looksLikeOutput(text) ? { kind: 'unreadable' } : undefined;
}

/** A single pasted line naming the product and its version (Programs and Features, Get-Package). */
function readConnectVersionLine(text: string) {
  return /(Entra Connect|Azure AD Connect|Azure AD Sync)/i.test(text) ? readConnectVersion(text) : undefined;
}
