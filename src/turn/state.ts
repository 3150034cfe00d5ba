import type { StatePropertyAccessor } from 'botbuilder';
import type { ETagConversationState, JsonCheckedUserState } from '../storage/eTagConversationState';
import type { DialogState } from './dialogKit';
import type { PerCheck, RecordedAnswer, SectionId, SummaryScope } from '../troubleshooting/model';
import type { TextLine } from '../paste/readers';
import type { AutoCheck } from '../tenantChecks/autoChecks';
import { PROFILE_PROPERTY, type InstalledIn } from '../proactive/installations';

/** Who started the running section (Entra object id, else Teams id), and when they last acted in it. */
interface SectionOwner {
  id: string;
  /** ISO time of the owner's last turn in the section. */
  at: string;
  /** Their Teams user id (`29:…`): what a card's `refresh.userIds` names. */
  teamsId?: string;
}

/** What the conversation knows about the case: answers per check, event IDs looked up, where we are. */
export interface CaseFile {
  answers: PerCheck<RecordedAnswer>;
  events: number[];
  current?: { section: SectionId; n: number; m: number };
  /** Token of the latest section summary that offers "Remind me later" (see src/reminders/handlers/reminderCommands.ts). */
  remindToken?: string;
  /**
   * The latest summary card of each section (and of the whole case): its token, which its "Send to helpdesk"
   * must carry back, and who ran the section (in group chats and channels only they may send it).
   */
  summaries?: Partial<Record<SummaryScope, SummaryRecord>>;
  /** Who started the running section; others may not answer it in group chats and channels. */
  owner?: SectionOwner;
  /** Answers pasted for a later check of the running section, waiting for the section to reach it. */
  pasted?: PerCheck<PendingPaste>;
  /** Microsoft Graph evidence per check, kept for a helpdesk ticket. */
  auto?: PerCheck<AutoCheck>;
}

/** How many event IDs the case file keeps (the latest; a repeated ID moves to the end). */
const MAX_EVENTS_KEPT = 20;

/** Records event IDs looked up or pasted, for the case summary and a ticket. */
export function rememberEvents(caseFile: CaseFile, ids: readonly number[]): void {
  caseFile.events = [...caseFile.events.filter((e) => !ids.includes(e)), ...ids].slice(-MAX_EVENTS_KEPT);
}

interface SummaryRecord {
  token: string;
  /** The section owner's Entra object id (else Teams id) when the summary was sent. */
  owner?: string;
  /** Group chats and channels: the card's user-specific view (src/troubleshooting/handlers/summaryView.ts). */
  view?: SummaryView;
}

/** What a posted summary's refresh needs to give its owner the live card again. */
export interface SummaryView {
  /** The owner's Teams id: the card's `refresh.userIds`. */
  teamsId: string;
  /** The section that ended in it (the case summary's "Run again"). */
  section: SectionId;
  /** The section its "Next" starts; absent in "Run all checks" and after the last section. */
  next?: SectionId;
  /** A digest of what it shows (answers, and the case's event IDs): once they change, it is no longer current. */
  facts: string;
}

export interface PendingPaste {
  answer: 'ok' | 'notOk';
  detail?: string;
  /** What the paste meant, shown on the fix card when the answer is Not OK. */
  why: TextLine[];
}

/** Per user, across conversations; `installs` / `untracked`: where it is needed (src/proactive/installations.ts). */
interface Profile extends InstalledIn {
  /** An explicit "language xx" choice; overrides the Teams client locale. */
  language?: string;
  timeZone?: string;
}

export interface StateAccessors {
  /** Saved conditionally on the eTag it was read with (see eTagConversationState.ts). */
  readonly conversationState: ETagConversationState;
  readonly userState: JsonCheckedUserState;
  readonly dialogState: StatePropertyAccessor<DialogState>;
  readonly caseFile: StatePropertyAccessor<CaseFile>;
  readonly profile: StatePropertyAccessor<Profile>;
}

export function createAccessors(
  conversationState: ETagConversationState,
  userState: JsonCheckedUserState,
): StateAccessors {
  return {
    conversationState,
    userState,
    dialogState: conversationState.createProperty<DialogState>('dialogState'),
    caseFile: conversationState.createProperty<CaseFile>('caseFile'),
    profile: userState.createProperty<Profile>(PROFILE_PROPERTY),
  };
}

export const emptyCaseFile = (): CaseFile => ({ answers: {}, events: [] });
