/** Typed data for each card builder (stepCard.ts, summaryCard.ts, …): one interface per card kind. */
import type { CheckId, SectionId } from '../troubleshooting/model';
import type { ActionData } from './actionCodec';
import type { HelpdeskOffer } from '../helpdesk/offerView';

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** A plain attachment shape (structurally what botbuilder's Attachment expects), so cards stay botbuilder-free. */
export interface CardAttachment {
  contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE;
  content: Record<string, unknown>;
}

/**
 * How a card is shown in group chats and channels (Universal Actions user-specific views): see
 * src/troubleshooting/handlers/stepView.ts and summaryView.ts.
 */
export interface UserSpecificView {
  /** Who gets the live card by refreshing, and the refresh payload. */
  refresh?: { title: string; data: ActionData; userIds: string[] };
  /** Set: the read-only card (no buttons, no input, no reminders), with this line at its foot. */
  readOnly?: string;
}

export interface StepLineView {
  number: number;
  text: string;
  /** '' when the step has no command. */
  command: string;
}

interface StepButton {
  title: string;
  style: 'positive' | 'destructive' | 'default';
  data: ActionData;
}

/** The collector script's offer: what it does and the one line that runs it. */
export interface CollectorOffer {
  title: string;
  hint: string;
  command: string;
  clouds: string;
}

/** A check card, or the fix card that follows "Not OK". */
export interface StepCardData extends RemindOffer {
  /** The first check of Connectivity offers the collector; absent elsewhere. */
  collector?: CollectorOffer;
  progress: string;
  title: string;
  why: string;
  /** '' when no automatic check ran; else the verdict line, its container style and the evidence lines. */
  autoTitle: string;
  autoStyle: 'good' | 'attention' | 'emphasis';
  autoLines: string[];
  earlierTitle: string;
  earlier: string;
  stepsTitle: string;
  steps: StepLineView[];
  footer: string;
  /** '' for no input, else the input id ('connectVersion' | 'eventId'). */
  input: string;
  inputLabel: string;
  inputPlaceholder: string;
  inputError: string;
  inputAction: string;
  /** What the input's button sends; absent when the card has no input. */
  inputData?: ActionData;
  buttons: StepButton[];
  checkId: CheckId;
  token: string;
  learnMore: string;
  learnUrl: string;
}

/** The "Remind me later" choices (a ShowCard on step and summary cards); remindTitle '' hides it. */
export interface RemindOffer {
  remindTitle: string;
  remindHint: string;
  remindChoices: Array<{ title: string; data: ActionData }>;
  /** The token the remind choices carry back (the step card's, or the summary's own). */
  remindToken: string;
}

/** The compact one-line form an answered card is replaced with. */
export interface AnsweredCardData {
  line: string;
}

interface SummaryFact {
  status: string;
  check: string;
}

export interface SummaryGroup {
  heading: string;
  facts: SummaryFact[];
}

export interface NavButton {
  title: string;
  data: ActionData;
}

/** A section summary or the case summary. */
export interface SummaryCardData extends RemindOffer {
  title: string;
  intro: string;
  groups: SummaryGroup[];
  notes: string[];
  buttons: NavButton[];
  /** "Send to helpdesk" (a ShowCard with a description field); absent: not offered. */
  helpdesk?: HelpdeskOffer;
}

/** Welcome and help. */
export interface WelcomeCardData {
  title: string;
  intro: string;
  inSection: string;
  sections: Array<{ id: SectionId; title: string; description: string }>;
  choose: string;
  hint: string;
  runAll: string;
  language: string;
  languageLabel: string;
  languageApply: string;
  currentLanguage: string;
  languages: Array<{ code: string; name: string }>;
  collector?: CollectorOffer;
}

/** The proactive full-sync reminder. */
export interface ReminderCardData {
  id: string;
  title: string;
  why: string;
  check: string;
  command: string;
  done: string;
  snooze: string;
  stop: string;
}

/** Pending reminders, each with a cancel button. */
export interface ReminderListCardData {
  title: string;
  items: Array<{ id: string; line: string; cancel: string }>;
}

/** The meaning and fix of an event ID. */
export interface EventCardData {
  title: string;
  meaningTitle: string;
  meaning: string;
  actionTitle: string;
  action: string;
  unknown: string;
  buttons: NavButton[];
  learnMore: string;
  learnUrl: string;
}
