import type { ConversationState, StatePropertyAccessor, UserState } from 'botbuilder';
import type { DialogState } from './dialogKit';
import type { RecordedAnswer, SectionId } from '../src/checks/model';
import type { SectionOwner } from './ownership';

/** What the conversation knows about the case: answers per check, event IDs looked up, where we are. */
export interface CaseFile {
  answers: Record<string, RecordedAnswer>;
  events: number[];
  current?: { section: SectionId; n: number; m: number };
  /** Token of the latest section summary that offers "Remind me later" (see remindGuard). */
  remindToken?: string;
  /** Who started the running section; others may not answer it in group chats and channels. */
  owner?: SectionOwner;
}

export interface Profile {
  /** An explicit "language xx" choice; overrides the Teams client locale. */
  language?: string;
  timeZone?: string;
}

export interface StateAccessors {
  readonly conversationState: ConversationState;
  readonly userState: UserState;
  readonly dialogState: StatePropertyAccessor<DialogState>;
  readonly caseFile: StatePropertyAccessor<CaseFile>;
  readonly profile: StatePropertyAccessor<Profile>;
}

export function createAccessors(conversationState: ConversationState, userState: UserState): StateAccessors {
  return {
    conversationState,
    userState,
    dialogState: conversationState.createProperty<DialogState>('dialogState'),
    caseFile: conversationState.createProperty<CaseFile>('caseFile'),
    profile: userState.createProperty<Profile>('profile'),
  };
}

export const emptyCaseFile = (): CaseFile => ({ answers: {}, events: [] });
