/**
 * A whole console session in one paste: each command's output goes to its reader, and the answers become
 * one diagnosis (a line per check it could decide, what the paste held that it could not read). Pure.
 */
import { LearnLinks } from '../../troubleshooting/links';
import { CHECK_IDS, type CheckId } from '../../troubleshooting/model';
import { readConnectVersion } from './connectVersionOutput';
import { readDomainControllers } from './domainControllers';
import { splitLines } from './fields';
import { readEventEntry } from './eventEntry';
import { MAX_PASTE_CHARS, normalizePaste } from './normalize';
import { readPasswordResetConfig } from './passwordResetConfig';
import { readRunStatus, readScheduler, readSyncCycleStart } from './scheduler';
import { readTestNetConnection } from './testNetConnection';
import { readTlsRegistry } from './tlsRegistry';
import { asPasted, commandsTyped, splitTranscript, type TranscriptCommand } from './transcript';
import type {
  Diagnosis,
  DiagnosisLine,
  PasteFinding,
  PasteKind,
  PasteParser,
  PastedAnswer,
  UnreadCommand,
  UnreadReason,
} from './types';
import { englishWindowsText } from './windowsLabels';

type Reader =
  | 'scheduler'
  | 'runStatus'
  | 'syncStart'
  | 'passwordResetConfig'
  | 'testNetConnection'
  | 'event'
  | 'tls'
  | 'connectVersion'
  | 'domainControllers';

const READ: Readonly<Record<Reader, PasteParser>> = {
  scheduler: readScheduler,
  runStatus: readRunStatus,
  syncStart: readSyncCycleStart,
  passwordResetConfig: readPasswordResetConfig,
  testNetConnection: readTestNetConnection,
  event: readEventEntry,
  tls: readTlsRegistry,
  connectVersion: readConnectVersion,
  domainControllers: readDomainControllers,
};

/** Readers whose commands are read together (several hosts, registry keys or event queries make one answer). */
const READ_TOGETHER: ReadonlySet<Reader> = new Set(['tls', 'event']);
/** A paste of only these already gets one answer from the single-paste readers. */
const SINGLE_PASTE: ReadonlySet<Reader> = new Set(['testNetConnection', 'tls', 'event']);

/** The reader of a command, by the cmdlet or the path it names (the commands the check cards show). */
function readerOf(command: string): Reader | undefined {
  const c = command.toLowerCase();
  const starts = (...names: string[]): boolean =>
    names.some((n) => c.startsWith(n) && !/[a-z0-9-]/.test(c.charAt(n.length)));
  if (starts('get-adsyncscheduler')) return 'scheduler';
  if (starts('get-adsyncconnectorrunstatus')) return 'runStatus';
  if (starts('start-adsyncsynccycle')) return 'syncStart';
  if (starts('get-adsyncaadpasswordresetconfiguration')) return 'passwordResetConfig';
  if (starts('test-netconnection', 'tnc')) return 'testNetConnection';
  if (starts('get-winevent', 'get-eventlog', 'wevtutil')) return 'event';
  if (starts('get-itemproperty', 'reg query', 'reg.exe query') && /netframework|schannel/.test(c))
    return 'tls';
  if (c.includes('miiserver.exe')) return 'connectVersion';
  if (c.includes('pdcroleowner') || (starts('get-adsyncconnector') && c.includes('partitions')))
    return 'domainControllers';
  return undefined;
}

/** The check a kind of output is about, for ordering lines as the catalogue does. */
const ANCHOR: Readonly<Record<PasteKind, CheckId>> = {
  domainControllers: 'pdcEmulator',
  passwordResetConfig: 'ssprEnabled',
  scheduler: 'fullSync',
  runStatus: 'fullSync',
  connectVersion: 'connectVersion',
  testNetConnection: 'firewall',
  tls: 'tls12',
  event: 'eventLog',
};

const lastOf = (list: readonly number[] | undefined): number | undefined => list?.[list.length - 1];

const sameCommand = (command: string): string => command.toLowerCase().replace(/\s+/g, ' ').trim();

/** An error printed instead of output ("Get-ADSyncScheduler : The term … is not recognized", an error record). */
function printedError(command: string, output: string): boolean {
  const name = command.split(/[\s(]/, 1)[0];
  return (
    splitLines(output).some((line) => /^[ \t]*\+[ \t]*FullyQualifiedErrorId[ \t]*:/.test(line)) ||
    (name.length > 2 && output.startsWith(`${name} : `))
  );
}

/** The commands after the cut, named from the raw text (the readers never see it). */
function commandsAfterCut(raw: string): string[] {
  const names: string[] = [];
  const limit = Math.min(raw.length, MAX_PASTE_CHARS * 12);
  for (let at = MAX_PASTE_CHARS; at < limit && names.length < 20; at += MAX_PASTE_CHARS) {
    const piece = englishWindowsText(normalizePaste(raw.slice(at, at + MAX_PASTE_CHARS)));
    // The first line continues a line cut in the middle.
    names.push(...commandsTyped(piece.slice(piece.indexOf('\n') + 1)));
  }
  return names.slice(0, 20);
}

interface Unit {
  readonly finding: PasteFinding;
  readonly order: number;
  /** The command's output as pasted (kept for Test-NetConnection: two endpoints make one verdict). */
  readonly text?: string;
}

/** Get-WinEvent found nothing: the writeback sources logged no event (its error record says so in any language). */
const NO_EVENTS = /NoMatchingEventsFound/;

const noEventsFinding = (): PasteFinding => ({
  kind: 'event',
  mark: 'unsure',
  title: { key: 'paste.event.noneTitle' },
  meaning: [{ key: 'paste.event.noneMeaning' }],
  action: [{ key: 'paste.event.noneAction' }],
  learnUrl: LearnLinks.troubleshootWriteback,
  answers: [],
});

function unitsOf(
  commands: readonly TranscriptCommand[],
  fallback: readonly PasteParser[],
  unread: UnreadCommand[],
): Unit[] {
  const units: Unit[] = [];
  const together = new Map<Reader, TranscriptCommand[]>();
  for (const command of commands) {
    const reader = command.command ? readerOf(command.command) : undefined;
    if (reader && READ_TOGETHER.has(reader)) {
      together.set(reader, [...(together.get(reader) ?? []), command]);
      continue;
    }
    const text = asPasted(command);
    const finding = reader
      ? READ[reader](text)
      : command.output
        ? fallback.map((read) => read(text)).find((f) => f !== undefined)
        : undefined;
    if (finding) units.push({ finding, order: command.n, text });
    else if (reader || command.output) {
      const reason: UnreadReason = printedError(command.command, command.output)
        ? 'failed'
        : reader
          ? command.output
            ? 'notRead'
            : 'noOutput'
          : command.command
            ? 'noReader'
            : 'noCommand';
      unread.push({ command: command.command, reason });
    }
  }
  for (const [reader, group] of together) {
    const finding =
      READ[reader](group.map(asPasted).join('\n\n')) ??
      (reader === 'event' && group.every((c) => NO_EVENTS.test(c.output)) ? noEventsFinding() : undefined);
    if (finding) units.push({ finding, order: group[group.length - 1].n });
    else
      for (const command of group)
        unread.push({
          command: command.command,
          reason: printedError(command.command, command.output)
            ? 'failed'
            : command.output
              ? 'notRead'
              : 'noOutput',
        });
  }
  return units;
}

const SERVICE_BUS = /\.servicebus\.(?:windows\.net|usgovcloudapi\.net|chinacloudapi\.cn)$/;
const PASSWORD_RESET = /(?:^|\.)passwordreset\.microsoftonline\.(?:com|us)$/;

/** Both writeback endpoints reached in one session: the firewall check is OK (each alone says only "reachable"). */
function bothEndpoints(units: readonly Unit[]): Unit | undefined {
  const fine = units.filter((u) => u.finding.kind === 'testNetConnection' && u.finding.mark === 'fine');
  const hosts = fine.map((u) => String(u.finding.title.values?.host ?? ''));
  if (!hosts.some((h) => SERVICE_BUS.test(h)) || !hosts.some((h) => PASSWORD_RESET.test(h))) return undefined;
  const combined = readTestNetConnection(fine.map((u) => u.text ?? '').join('\n\n'));
  return combined?.answers.length
    ? { finding: combined, order: Math.max(...fine.map((u) => u.order)) }
    : undefined;
}

const position = (line: DiagnosisLine): number =>
  CHECK_IDS.indexOf(line.checkId ?? ANCHOR[line.finding.kind]);

function linesOf(units: readonly Unit[]): DiagnosisLine[] {
  const both = bothEndpoints(units);
  const all = both ? [...units, both] : [...units];
  const byCheck = new Map<CheckId, DiagnosisLine>();
  const observations: Array<{ line: DiagnosisLine; order: number }> = [];
  const checked: Array<{ line: DiagnosisLine; order: number }> = [];
  for (const unit of [...all].sort((a, b) => a.order - b.order)) {
    const { finding } = unit;
    if (finding.answers.length === 0) {
      // A reachable endpoint is part of the two-endpoint line when both were reached.
      if (both && finding.kind === 'testNetConnection' && finding.mark === 'fine') continue;
      observations.push({ line: { mark: finding.mark, finding }, order: unit.order });
      continue;
    }
    for (const answer of finding.answers) {
      const line: DiagnosisLine = {
        mark: answer.answer === 'ok' ? 'fine' : 'problem',
        checkId: answer.checkId,
        value:
          answer.detail ??
          (finding === both?.finding ? String(finding.meaning[0]?.values?.hosts ?? '') : undefined),
        finding,
      };
      const earlier = byCheck.get(answer.checkId);
      // Not OK from any command stands: a later OK from another command does not hide it.
      if (earlier && earlier.mark === 'problem' && line.mark !== 'problem') continue;
      if (earlier && earlier.mark === 'problem' && line.mark === 'problem') continue;
      byCheck.set(answer.checkId, line);
      checked.push({ line, order: unit.order });
    }
  }
  const kept = checked.filter(({ line }) => line.checkId && byCheck.get(line.checkId) === line);
  return [...kept, ...observations]
    .sort((a, b) => position(a.line) - position(b.line) || a.order - b.order)
    .map(({ line }) => line);
}

/** The ✗ to expand: a staging server first (nothing else matters there), else the first ✗ in catalogue order. */
function firstProblem(lines: readonly DiagnosisLine[]): DiagnosisLine | undefined {
  const problems = lines.filter((l) => l.mark === 'problem');
  return problems.find((l) => l.finding.title.key === 'paste.scheduler.stagingTitle') ?? problems[0];
}

/**
 * Reads a paste as a whole session; undefined when it is one command's output (or several of one reader's,
 * such as both Test-NetConnection endpoints), which the single-paste readers answer as before.
 * @param fallback the single-paste readers, tried on the output of a command no reader is named for
 */
export function readDiagnosis(raw: string, fallback: readonly PasteParser[]): Diagnosis | undefined {
  const text = englishWindowsText(normalizePaste(raw));
  const transcript = splitTranscript(text);
  const cut = raw.length > MAX_PASTE_CHARS;
  const after = cut ? commandsAfterCut(raw) : [];
  const typed = transcript.commands.filter((c) => !c.command.startsWith('#'));
  const withCommand = typed.filter((c) => c.command);
  const readers = new Set(withCommand.map((c) => readerOf(c.command)));
  const oneReader = readers.size === 1 && [...readers].every((r) => r !== undefined && SINGLE_PASTE.has(r));
  const session = transcript.transcriptFile || after.length > 0 || (withCommand.length >= 2 && !oneReader);
  if (!session) return undefined;

  // The same command twice: the later output is read, both are named.
  const positions = new Map<string, number[]>();
  for (const c of withCommand)
    positions.set(sameCommand(c.command), [...(positions.get(sameCommand(c.command)) ?? []), c.n]);
  const repeated = [...positions.values()]
    .filter((p) => p.length > 1)
    .map((p) => ({ command: withCommand.find((c) => c.n === p[p.length - 1])?.command ?? '', positions: p }));
  const latest = typed.filter((c) => !c.command || lastOf(positions.get(sameCommand(c.command))) === c.n);

  const unread: UnreadCommand[] = [];
  // The command whose output the cut went through is not read: half a listing can mislead.
  const cutOff = cut ? latest[latest.length - 1] : undefined;
  const units = unitsOf(
    latest.filter((c) => c !== cutOff),
    fallback,
    unread,
  );
  if (cutOff) unread.push({ command: cutOff.command, reason: 'cutOff' });
  unread.push(...after.map((command) => ({ command, reason: 'afterCut' as const })));
  const lines = linesOf(units);
  const answers: PastedAnswer[] = lines.flatMap((l) =>
    l.checkId
      ? [{ checkId: l.checkId, answer: l.mark === 'fine' ? 'ok' : 'notOk', detail: l.value || undefined }]
      : [],
  );
  return {
    commandCount: typed.length,
    lines,
    first: firstProblem(lines),
    unread,
    repeated,
    cut: cut ? { limit: MAX_PASTE_CHARS, length: raw.length } : undefined,
    answers,
    eventIds: [...new Set(units.flatMap((u) => u.finding.eventIds ?? []))],
    transcriptFile: transcript.transcriptFile,
  };
}
