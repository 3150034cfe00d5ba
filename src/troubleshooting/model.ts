/** The troubleshooting model: sections and checks. Text lives in the locale files under the keys named here. */

/** Every section, once: the SectionId union, the card payload enums and the catalogue are checked against it. */
export const SECTION_IDS = ['configuration', 'connectivity', 'stillNotWorking'] as const;
export type SectionId = (typeof SECTION_IDS)[number];

/** What a summary card covers: one section, or the whole case (what "Send to helpdesk" escalates). */
export const SUMMARY_SCOPES = [...SECTION_IDS, 'case'] as const;
export type SummaryScope = (typeof SUMMARY_SCOPES)[number];

/** Every check, once, in catalogue order (a test keeps the two equal): a mistyped check id does not compile. */
export const CHECK_IDS = [
  'licensing',
  'licensedAccounts',
  'pdcEmulator',
  'ssprEnabled',
  'cloudAdmin',
  'connectorPermissions',
  'domainControllers',
  'fullSync',
  'connectVersion',
  'firewall',
  'idleTimeout',
  'tls12',
  'reenableWriteback',
  'eventLog',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];
/** Something per check (answers, Graph evidence…), keyed by check id. */
export type PerCheck<T> = Partial<Record<CheckId, T>>;

/** The "Remind me later" choices of a check that offers reminders (full sync), once. */
export const REMINDER_CHOICES = ['in1Hour', 'in4Hours', 'tomorrowMorning'] as const;
export type ReminderChoice = (typeof REMINDER_CHOICES)[number];

/** The answers a check card offers, once. */
export const ANSWERS = ['ok', 'notOk', 'skip'] as const;
export type Answer = (typeof ANSWERS)[number];

/** One numbered line of "How to check" or of a fix; `command` is shown verbatim in monospace (never translated). */
interface StepLine {
  /** Key under `checks.<checkId>.steps` or `checks.<checkId>.fix.steps`. */
  readonly key: string;
  readonly command?: string;
}

/** A check may take typed input: a Connect version to compare, or an event ID to explain. */
type CheckInput = 'connectVersion' | 'eventId';

export interface Check {
  readonly id: CheckId;
  readonly section: SectionId;
  readonly learnUrl: string;
  readonly steps: readonly StepLine[];
  readonly fixSteps: readonly StepLine[];
  readonly input?: CheckInput;
  /**
   * A note under `checks.<id>.earlier` exists for this check: what Microsoft's earlier published
   * guidance on password writeback said, and why it no longer holds.
   */
  readonly hasEarlierNote?: boolean;
  /** The check can take hours to become true: its card offers "Remind me later". */
  readonly offersReminder?: boolean;
  /** Its card offers the collector script (every check of the section at once), when the bot knows its host. */
  readonly offersCollector?: boolean;
}

/**
 * How a section ends: `section`, its own summary (offering the next section of the catalogue); `case`, the
 * case summary of every section of the catalogue and the event IDs looked up.
 */
type SectionSummary = 'section' | 'case';

export interface Section {
  readonly id: SectionId;
  readonly checks: readonly Check[];
  readonly summary: SectionSummary;
}

/** The sections in the order "Run all checks" takes them; dialogs, commands and summaries are built from it. */
export type Catalogue = readonly Section[];

export interface RecordedAnswer {
  readonly answer: Answer;
  /** ISO time of the answer. */
  readonly at: string;
  /** Extra evidence, such as the version the admin typed. */
  readonly detail?: string;
  /** The answer came from command output the admin pasted, not from a click. */
  readonly from?: 'paste';
}
