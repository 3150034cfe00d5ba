import { ATTRIBUTES } from './names';
import { telemetry } from './port';

/**
 * The features' metric one-liners (`metrics.sectionFinished(sectionId, checkId)`): typed, named once
 * (src/telemetry/names.ts), no-ops when telemetry is off. Attributes are ids of the bot's own catalogue
 * (sections, checks, readers, reminder kinds), never anything a person typed.
 */
const LATE_AFTER_S = 60;

export const metrics = {
  reminderScheduled(kind: string): void {
    telemetry().add('remindersScheduled', 1, { [ATTRIBUTES.reminderKind]: kind });
  },
  reminderDue(kind: string): void {
    telemetry().add('remindersDue', 1, { [ATTRIBUTES.reminderKind]: kind });
  },
  /** A delivery ended; `latenessS`: its send time minus its due time. */
  reminderSent(kind: string, outcome: 'sent' | 'failed', latenessS: number): void {
    const attributes = { [ATTRIBUTES.reminderKind]: kind, [ATTRIBUTES.outcome]: outcome };
    telemetry().add('remindersSent', 1, attributes);
    if (outcome !== 'sent') return;
    const lateness = Math.max(0, latenessS);
    telemetry().record('reminderLateness', lateness, { [ATTRIBUTES.reminderKind]: kind });
    if (lateness > LATE_AFTER_S) telemetry().add('remindersLate', 1, { [ATTRIBUTES.reminderKind]: kind });
  },
  /** The Bot Connector asked to wait (Retry-After) before a retry. */
  retryAfterWaited(seconds: number): void {
    telemetry().add('retryAfterWaited', Math.max(0, seconds));
  },
  ticketOpened(): void {
    telemetry().add('ticketsOpened', 1);
  },
  ticketAssigned(openedForS: number): void {
    telemetry().add('ticketsAssigned', 1);
    telemetry().record('ticketTimeToAssign', Math.max(0, openedForS));
  },
  ticketResolved(openedForS: number): void {
    telemetry().add('ticketsResolved', 1);
    telemetry().record('ticketTimeToResolve', Math.max(0, openedForS));
  },
  pasteVerdict(reader: string, mark: string): void {
    telemetry().add('pasteVerdicts', 1, { [ATTRIBUTES.reader]: reader, [ATTRIBUTES.mark]: mark });
  },
  /** A section reached its summary; `firstProblem`: the first check answered Not OK ('none' when all passed). */
  sectionFinished(section: string, firstProblem: string): void {
    telemetry().add('sectionsFinished', 1, {
      [ATTRIBUTES.section]: section,
      [ATTRIBUTES.check]: firstProblem,
    });
  },
  /** A section was left (cancel, restart, menu) on this check. */
  sectionAbandoned(section: string, check: string): void {
    telemetry().add('sectionsAbandoned', 1, { [ATTRIBUTES.section]: section, [ATTRIBUTES.check]: check });
  },
  escalated(): void {
    telemetry().add('escalations', 1);
  },
};
