import {
  TeamsActivityHandler,
  TurnContext,
  type Activity,
  type InvokeResponse,
  type StatePropertyAccessor,
} from 'botbuilder';
import { createDialogContext, DialogSet, DialogTurnStatus } from './turn/dialogKit';
import type { AutoCheckSource } from './tenantChecks/handlers/autoCheckSource';
import {
  saveConversationState,
  type ETagConversationState,
  type JsonCheckedUserState,
} from './storage/eTagConversationState';
import { MAIN_DIALOG, MainDialog } from '../dialogs/mainDialog';
import { promptOnScreen } from '../dialogs/cardPrompt';
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
import { saveTogether } from './storage/turnBatch';
import { isPersonalChat } from './turn/activityFacts';
import { prepareTurn } from './turn/prepareTurn';
import {
  answerWithMessage,
  beginExecute,
  CARD_ACTION_INVOKE,
  cardResponse,
  invokeAnswer,
  invokeError,
  isExecuteTurn,
  parsedClick,
  readExecute,
} from './turn/cardInvoke';
import { refreshedStepCard } from './troubleshooting/handlers/stepView';
import { refreshedSummaryCard } from './troubleshooting/handlers/summaryView';
import { refreshAction } from './troubleshooting/actions';
import { ErrorCodes } from './core/errors';

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
/** Set once the turn's state is saved (an Action.Execute saves before it answers), or must not be (a refusal). */
const STATE_DONE = Symbol('writeback.stateDone');
const REFRESH_VERB = refreshAction.name;

/** An installationUpdate whose action starts so (`add`, `add-upgrade`, `remove`, `remove-upgrade`). */
const installationUpdate = (activity: Activity, action: 'add' | 'remove'): boolean =>
  activity.type === 'installationUpdate' &&
  typeof activity.action === 'string' &&
  activity.action.startsWith(action);

/** A conversationUpdate that lists the bot itself among these members. */
const botAmong = (activity: Activity, members: Activity['membersAdded']): boolean =>
  activity.type === 'conversationUpdate' &&
  (members ?? []).some((member) => member.id === activity.recipient?.id);

/** The app uninstalled (installationUpdate remove), or the bot removed from a team or chat (membersRemoved). */
const isUninstall = (activity: Activity): boolean =>
  installationUpdate(activity, 'remove') || botAmong(activity, activity.membersRemoved);

/**
 * What an `adaptiveCard/action` invoke is: refused (no Action.Execute, data that does not parse, a verb that
 * is not its data's kind), a refresh (a step or summary card's, or a ticket card's `refresh` verb), a ticket
 * verb, or a click the dialogs answer. Undefined for any other activity.
 */
function executeKind(context: TurnContext): 'refused' | 'refresh' | 'ticket' | 'click' | undefined {
  const activity = context.activity;
  if (activity.type !== 'invoke' || activity.name !== CARD_ACTION_INVOKE) return undefined;
  const click = readExecute(activity);
  const parsed = click ? parsedClick(context) : undefined;
  if (!click || parsed?.kind !== 'action') return 'refused';
  if (parsed.action.kind === 'ticket') return click.verb === REFRESH_VERB ? 'refresh' : 'ticket';
  if (parsed.action.kind !== click.verb) return 'refused';
  const kind = parsed.action.kind;
  return kind === 'refresh' || kind === 'summaryRefresh' ? 'refresh' : 'click';
}
/** Whether this event adds the bot to its team or chat, or removes it (the helpdesk's lifecycle). */
const botMembership = (activity: Activity): { added: boolean; removed: boolean } => ({
  added: installationUpdate(activity, 'add') || botAmong(activity, activity.membersAdded),
  removed: isUninstall(activity),
});

/** Activity routing: Teams events, @mention handling, per-turn language, then the main dialog. */
export class WritebackBot extends TeamsActivityHandler {
  private readonly dialogs: DialogSet;
  private readonly main: MainDialog;
  private readonly conversationState: ETagConversationState;
  private readonly userState: JsonCheckedUserState;
  /** Teams sends both installationUpdate and conversationUpdate on install: one welcome is enough. */
  private readonly welcomed: StatePropertyAccessor<boolean>;

  constructor(private readonly deps: BotDeps) {
    super();
    this.conversationState = deps.state.conversationState;
    this.userState = deps.state.userState;
    this.welcomed = this.conversationState.createProperty<boolean>(WELCOMED);
    this.dialogs = new DialogSet(deps.state.dialogState);
    this.main = new MainDialog({
      state: deps.state,
      localizer: deps.localizer,
      now: deps.now,
      autoChecks: deps.autoChecks,
      reminders: deps.reminders,
      helpdesk: deps.helpdesk,
    });
    this.dialogs.add(this.main);

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
    // A card refresh (Universal Actions) only reads, and a refused invoke changes nothing: no enrolment,
    // no conversation reference, no state written.
    const kind = executeKind(context);
    if (kind === 'refused' || kind === 'refresh') return super.run(context);
    await this.enrol(context);
    if (isUninstall(context.activity)) await this.forgetInstallation(context);
    else await this.deps.conversations?.remember(context.activity);
    if (this.deps.helpdesk)
      await onHelpdeskLifecycle(context, this.deps.helpdesk, botMembership(context.activity));
    await super.run(context);
    if (!context.turnState.get(STATE_DONE)) await this.saveState(context);
  }

  /** Both states in one storage write, conditional on the conversation state's eTag: saved together or not at all. */
  private async saveState(context: TurnContext): Promise<void> {
    context.turnState.set(STATE_DONE, true);
    await saveConversationState(
      context,
      this.conversationState,
      () => saveTogether(context, [this.conversationState, this.userState]),
      async (err) => {
        turnServices(context).log.warn(
          { code: err.code },
          'conversation state changed meanwhile; turn not saved',
        );
        if (isExecuteTurn(context)) answerWithMessage(context, turnServices(context).t.t('guard.conflict'));
        else await sendNote(context, 'guard.conflict');
      },
    );
    // Deleted rows zeroed already (secure_delete); this also empties the write-ahead logs of their old pages.
    if (isUninstall(context.activity)) await this.deps.conversations?.scrub();
    // Requester notices and offers queued by the turn go out once it is answered.
    runAfterTurn(context);
  }

  /**
   * `adaptiveCard/action` (Universal Actions): a ticket card's verbs go to the helpdesk; a step or summary
   * card's refresh is answered with this user's view and changes nothing; any other Action.Execute runs the
   * dialogs as its Action.Submit fallback would, answered with the clicked card's new form (no PUT).
   * Data that does not parse, or whose verb is not its kind, is a 400 and changes nothing.
   */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name !== CARD_ACTION_INVOKE) return super.onInvokeActivity(context);
    const kind = executeKind(context);
    const click = readExecute(context.activity);
    const parsed = parsedClick(context);
    if (kind === 'refused' || !click || parsed.kind !== 'action') return this.refuseInvoke(context);
    const action = parsed.action;
    if (action.kind === 'ticket') {
      if (!this.deps.helpdesk) return this.refuseInvoke(context);
      return handleTicketInvoke(context, this.deps.helpdesk);
    }
    if (action.kind === 'refresh') {
      const dialogState = await this.deps.state.dialogState.get(context);
      const caseFile = await this.deps.state.caseFile.get(context);
      return cardResponse(refreshedStepCard(context, promptOnScreen(dialogState), caseFile, action));
    }
    if (action.kind === 'summaryRefresh')
      return cardResponse(refreshedSummaryCard(context, await this.deps.state.caseFile.get(context), action));
    beginExecute(context, click);
    await this.runDialogs(context);
    await this.saveState(context);
    return invokeAnswer(context, turnServices(context).t.t('universal.done'));
  }

  private refuseInvoke(context: TurnContext): InvokeResponse {
    context.turnState.set(STATE_DONE, true);
    turnServices(context).log.info({ code: ErrorCodes.CARD_INVOKE_REFUSED }, 'card invoke refused');
    return invokeError('This card action is not known.');
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
    // A stack stored by an older shape of the dialogs is dropped: the click then meets no running card.
    if (!this.main.knowsStack(await this.deps.state.dialogState.get(context)))
      await this.deps.state.dialogState.delete(context);
    const dc = await createDialogContext(this.dialogs, context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(MAIN_DIALOG);
  }

  private async welcomeOnce(context: TurnContext): Promise<void> {
    if (await this.welcomed.get(context, false)) return;
    await this.welcomed.set(context, true);
    await sendWelcome(context);
  }
}
