import {
  TeamsActivityHandler,
  TurnContext,
  type Activity,
  type InvokeResponse,
  type StatePropertyAccessor,
  type UserState,
} from 'botbuilder';
import { DialogSet, DialogTurnStatus } from './turn/dialogKit';
import type { AutoCheckSource } from './tenantChecks/handlers/autoCheckSource';
import { saveConversationState, type ETagConversationState } from './storage/eTagConversationState';
import { MAIN_DIALOG, MainDialog } from '../dialogs/mainDialog';
import type { ReminderOps } from './reminders/handlers/reminderOps';
import { sendNote, sendWelcome } from './turn/replies';
import type { StateAccessors } from './turn/state';
import { turnServices } from './turn/turnServices';
import { handleTicketInvoke } from './helpdesk/handlers/ticketWork';
import { onHelpdeskLifecycle } from './helpdesk/handlers/lifecycle';
import { runAfterTurn } from './helpdesk/handlers/afterTurn';
import type { HelpdeskServices } from './helpdesk/handlers/wiring';
import type { Localizer } from './i18n/translator';
import type { Logger } from './core/logger';
import { enrolled, installationKeyOf, needsEnrolment, withoutInstallation } from './proactive/installations';
import { writeTogether } from './storage/turnBatch';
import { isPersonalChat } from './turn/activityFacts';
import { prepareTurn } from './turn/prepareTurn';

export interface BotDeps {
  readonly state: StateAccessors;
  readonly localizer: Localizer;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly autoChecks?: AutoCheckSource;
  readonly reminders?: ReminderOps;
  /** Where proactive messages go later: saved on install and every message, forgotten on uninstall. */
  readonly conversations?: ConversationMemory;
  /** Helpdesk escalation: channel, tickets, the ticket card's Action.Execute. */
  readonly helpdesk?: HelpdeskServices;
  /** The one line that runs the collector script (src/checks/collector.ts); absent: not offered. */
  readonly collectorCommand?: string;
}

export interface ConversationMemory {
  remember(activity: Activity): Promise<void>;
  /** A user's first turn in an installation: lists them there (false: that list is full). */
  enrol(activity: Activity, userStateKey: string): Promise<boolean>;
  /** The bot was removed: what it kept for the installation, but the remover's profile (src/proactive/uninstall.ts). */
  forget(activity: Activity, userStateKey: string): Promise<void>;
  /** After an uninstall turn: nothing of what it deleted stays in the database files. */
  scrub(): Promise<void>;
}

const WELCOMED = 'welcomed';

/** The app uninstalled (installationUpdate remove), or the bot removed from a team or chat (membersRemoved). */
const isUninstall = (activity: Activity): boolean =>
  (activity.type === 'installationUpdate' &&
    typeof activity.action === 'string' &&
    activity.action.startsWith('remove')) ||
  (activity.type === 'conversationUpdate' &&
    (activity.membersRemoved ?? []).some((member) => member.id === activity.recipient?.id));

/** Whether this event adds the bot to its team or chat, or removes it (the helpdesk's lifecycle). */
const botMembership = (activity: Activity): { added: boolean; removed: boolean } => ({
  added:
    (activity.type === 'installationUpdate' &&
      typeof activity.action === 'string' &&
      activity.action.startsWith('add')) ||
    (activity.type === 'conversationUpdate' &&
      (activity.membersAdded ?? []).some((member) => member.id === activity.recipient?.id)),
  removed: isUninstall(activity),
});

/** Activity routing: Teams events, @mention handling, per-turn language, then the main dialog. */
export class WritebackBot extends TeamsActivityHandler {
  private readonly dialogs: DialogSet;
  private readonly conversationState: ETagConversationState;
  private readonly userState: UserState;
  /** Teams sends both installationUpdate and conversationUpdate on install: one welcome is enough. */
  private readonly welcomed: StatePropertyAccessor<boolean>;

  constructor(private readonly deps: BotDeps) {
    super();
    this.conversationState = deps.state.conversationState;
    this.userState = deps.state.userState;
    this.welcomed = this.conversationState.createProperty<boolean>(WELCOMED);
    this.dialogs = new DialogSet(deps.state.dialogState);
    this.dialogs.add(
      new MainDialog({
        state: deps.state,
        localizer: deps.localizer,
        now: deps.now,
        autoChecks: deps.autoChecks,
        reminders: deps.reminders,
        helpdesk: deps.helpdesk,
      }),
    );

    this.onMessage(async (context, next) => {
      if (this.addressedToBot(context)) await this.runDialogs(context);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.welcomeOnce(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      if (context.activity.membersAdded?.some((m) => m.id === botId)) await this.welcomeOnce(context);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await prepareTurn(context, this.deps);
    await this.enrol(context);
    if (isUninstall(context.activity)) await this.forgetInstallation(context);
    else await this.deps.conversations?.remember(context.activity);
    if (this.deps.helpdesk)
      await onHelpdeskLifecycle(
        context,
        this.deps.helpdesk,
        botMembership(context.activity),
        turnServices(context).log,
      );
    await super.run(context);
    // Both states in one storage write, conditional on the conversation state's eTag: saved together or not at all.
    await saveConversationState(
      context,
      this.conversationState,
      () =>
        writeTogether(async () => {
          await this.conversationState.saveChanges(context, false);
          await this.userState.saveChanges(context, false);
        }),
      async (err) => {
        turnServices(context).log.warn(
          { code: err.code },
          'conversation state changed meanwhile; turn not saved',
        );
        await sendNote(context, 'guard.conflict');
      },
    );
    // Deleted rows zeroed already (secure_delete); this also empties the write-ahead logs of their old pages.
    if (isUninstall(context.activity)) await this.deps.conversations?.scrub();
    // Requester notices and offers queued by the turn go out once it is answered.
    runAfterTurn(context, turnServices(context).log);
  }

  /** Action.Execute on a ticket card (Universal Actions): answered with the refreshed card. */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name === 'adaptiveCard/action' && this.deps.helpdesk)
      return handleTicketInvoke(context, this.deps.helpdesk);
    return super.onInvokeActivity(context);
  }

  /** The user's first turn in this team or chat: listed there, so that an uninstall finds their profile. */
  private async enrol(context: TurnContext): Promise<void> {
    const conversations = this.deps.conversations;
    const installation = installationKeyOf(context.activity);
    const stateKey = this.userState.getStorageKey(context);
    if (!conversations || !installation || !stateKey || isUninstall(context.activity)) return;
    const profile = await this.deps.state.profile.get(context, {});
    if (!needsEnrolment(profile, installation)) return;
    const listed = await conversations.enrol(context.activity, stateKey);
    Object.assign(profile, enrolled(profile, installation, listed));
  }

  /**
   * Uninstall: the conversation's state, then everything else the installation kept
   * (src/proactive/uninstall.ts), and the remover's own profile here, where this turn has it cached:
   * deleted when no other team or chat of theirs needs it, otherwise it only forgets this one.
   */
  private async forgetInstallation(context: TurnContext): Promise<void> {
    await this.conversationState.delete(context);
    const stateKey = this.userState.getStorageKey(context);
    const installation = installationKeyOf(context.activity);
    if (!stateKey || !installation) return;
    await this.deps.conversations?.forget(context.activity, stateKey);
    const profile = await this.deps.state.profile.get(context, {});
    const left = withoutInstallation(profile, installation);
    if (left.needed) await this.deps.state.profile.set(context, { ...profile, ...left.profile });
    else await this.userState.delete(context);
  }

  /** In group chats and channels, text counts only when the bot is @mentioned; card clicks always count. */
  private addressedToBot(context: TurnContext): boolean {
    const activity = context.activity;
    const personal = isPersonalChat(activity);
    const mentioned = TurnContext.getMentions(activity).some(
      (m) => m.mentioned?.id === activity.recipient?.id,
    );
    if (mentioned) {
      const stripped = TurnContext.removeRecipientMention(activity);
      activity.text = typeof stripped === 'string' ? stripped.trim() : activity.text;
    }
    return personal || mentioned || (activity.value !== undefined && activity.value !== null);
  }

  private async runDialogs(context: TurnContext): Promise<void> {
    const dc = await this.dialogs.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(MAIN_DIALOG);
  }

  private async welcomeOnce(context: TurnContext): Promise<void> {
    if (await this.welcomed.get(context, false)) return;
    await this.welcomed.set(context, true);
    await sendWelcome(context);
  }
}
