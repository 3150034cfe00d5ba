/** What reading a paste found: a verdict with the locale lines to show and the checks it answers. */
import type { CheckId } from '../../troubleshooting/model';

export type PasteMark = 'fine' | 'problem' | 'unsure';

export type PasteKind =
  | 'testNetConnection'
  | 'scheduler'
  | 'runStatus'
  | 'event'
  | 'connectVersion'
  | 'tls'
  | 'passwordResetConfig'
  | 'domainControllers';

/** One line of text: a locale key and the values read from the paste (hosts, ports, IDs: plain text). */
export interface TextLine {
  readonly key: string;
  readonly values?: Readonly<Record<string, string | number>>;
  /** Values that are themselves locale keys (translated first, e.g. the name of a registry key). */
  readonly refs?: Readonly<Record<string, string>>;
}

/** A check that the paste answers, with what to record. */
export interface PastedAnswer {
  readonly checkId: CheckId;
  readonly answer: 'ok' | 'notOk';
  /** Evidence shown next to the answer in summaries, e.g. the version or "host:port". */
  readonly detail?: string;
}

export interface PasteFinding {
  readonly kind: PasteKind;
  readonly mark: PasteMark;
  readonly title: TextLine;
  readonly meaning: readonly TextLine[];
  readonly action: readonly TextLine[];
  readonly learnUrl: string;
  /** Checks this paste answers (a running section picks the one of its own); empty when not conclusive. */
  readonly answers: readonly PastedAnswer[];
  /** A follow-up the card offers: the "remind me" choices, or starting the section that re-enables writeback. */
  readonly offer?: 'reminder' | 'reenable';
  /** Event IDs read (remembered in the case file like typed ones). */
  readonly eventIds?: readonly number[];
}

export type PasteReading =
  | { kind: 'finding'; finding: PasteFinding }
  | { kind: 'unreadable' }
  | { kind: 'diagnosis'; diagnosis: Diagnosis };

export type PasteParser = (text: string) => PasteFinding | undefined;

/** What a whole pasted console session showed (src/paste/readers/diagnosis.ts reads it). */
export interface DiagnosisLine {
  readonly mark: PasteMark;
  /** The check it decides; absent for an observation that decides none (a staging server, a sync running). */
  readonly checkId?: CheckId;
  /** The deciding value (host and port, version, flag), as read. */
  readonly value?: string;
  /** The finding behind the line: its title names an observation, its meaning and action expand a ✗. */
  readonly finding: PasteFinding;
}

export type UnreadReason =
  'noReader' | 'notRead' | 'noOutput' | 'failed' | 'cutOff' | 'afterCut' | 'noCommand';

export interface UnreadCommand {
  /** As typed, '' for output pasted before any prompt. */
  readonly command: string;
  readonly reason: UnreadReason;
}

export interface Diagnosis {
  /** Commands read from the paste (comments left aside). */
  readonly commandCount: number;
  readonly lines: readonly DiagnosisLine[];
  /** The line expanded with what to do: the first ✗ (a staging server first of all). */
  readonly first?: DiagnosisLine;
  readonly unread: readonly UnreadCommand[];
  /** The same command more than once: positions of each, the later output is the one read. */
  readonly repeated: ReadonlyArray<{ readonly command: string; readonly positions: readonly number[] }>;
  /** The paste was longer than the reader takes. */
  readonly cut?: { readonly limit: number; readonly length: number };
  /** What goes into the case file, one per check, with why (the finding's meaning). */
  readonly answers: readonly PastedAnswer[];
  readonly eventIds: readonly number[];
  readonly transcriptFile: boolean;
}
