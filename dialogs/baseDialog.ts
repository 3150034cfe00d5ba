import {
  ComponentDialog,
  Dialog,
  DialogTurnStatus,
  type DialogContext,
  type DialogTurnResult,
} from '../src/turn/dialogKit';
import { firstSection, getSection } from '../src/troubleshooting/catalogue';
import { metrics } from '../src/telemetry/metrics';
import type { Catalogue, CheckId, SectionId } from '../src/troubleshooting/model';
import { readBareVersion, type PasteReading } from '../src/paste/readers';
import type { Command } from '../src/troubleshooting/commands';
import { LANGUAGE_NAMES, matchLocale, SUPPORTED_LOCALES } from '../src/i18n/locales';
import type { Localizer } from '../src/i18n/translator';
import type { HelpdeskServices } from '../src/helpdesk/handlers/wiring';
import { handleHelpdesk } from '../src/helpdesk/handlers/channelCommands';
import { readIntent } from '../src/turn/intent';
import { isSomeoneElsesSection, touchesSection } from '../src/troubleshooting/handlers/ownership';
import { handleReminderCommand } from '../src/reminders/handlers/reminderCommands';
import { remindTokenOnScreen } from './cardPrompt';
import { answerPaste } from '../src/paste/handlers/pasteFlow';
import type { ReminderOps } from '../src/reminders/handlers/reminderOps';
import { refuse, sendEvent, sendNote, sendWelcome } from '../src/turn/replies';
import { emptyCaseFile, rememberEvents, type CaseFile, type StateAccessors } from '../src/turn/state';
import { ErrorCodes } from '../src/core/errors';
import { setTurnServices, turnServices } from '../src/turn/turnServices';

export interface BaseDeps {
  readonly state: StateAccessors;
  readonly localizer: Localizer;
  readonly reminders?: ReminderOps;
  readonly now?: () => Date;
  readonly helpdesk?: HelpdeskServices;
  /** The sections, in "Run all checks" order; default SECTIONS. */
  readonly catalogue?: Catalogue;
}

/**
 * Interruptions, typed or clicked at any step: help, menu, cancel, restart, language, an event ID, or a
 * section to start. Commands that change nothing (help, event, language) leave the dialog where it was.
 */
export abstract class BaseDialog extends ComponentDialog {
  protected constructor(
    dialogId: string,
    protected readonly base: BaseDeps,
  ) {
    super(dialogId);
  }

  protected abstract startSection(
    innerDc: DialogContext,
    section: SectionId,
    runAll: boolean,
    resumeAfter?: CheckId,
  ): Promise<DialogTurnResult>;

  protected override async onBeginDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    return this.route(innerDc, false);
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    return this.route(innerDc, true);
  }

  private async route(innerDc: DialogContext, active: boolean): Promise<DialogTurnResult> {
    const intent = readIntent(innerDc.context, this.base.catalogue);
    const caseFile = await this.base.state.caseFile.get(innerDc.context, emptyCaseFile());
    const now = this.base.now?.() ?? new Date();
    // In group chats and channels a running section is its starter's (see ownership.ts).
    const othersSection = active && isSomeoneElsesSection(caseFile, innerDc.context.activity, now);
    if (othersSection && touchesSection(intent)) {
      turnServices(innerDc.context).log.info({ code: ErrorCodes.NOT_SECTION_OWNER }, 'not the section owner');
      await refuse(innerDc.context, 'guard.notYours');
      return this.stay(active);
    }
    switch (intent.kind) {
      case 'command':
        return this.onCommand(innerDc, intent.command, active, othersSection);
      case 'paste': {
        // Someone else's section: the verdict is shown, but their paste answers none of its checks.
        const taken = await this.answerPasted(innerDc, intent.reading, active && !othersSection);
        // A paste that answers the check on screen goes to its card prompt, as a click would.
        if (taken === 'current') return super.onContinueDialog(innerDc);
        return this.stay(active);
      }
      case 'helpdesk':
        if (this.base.helpdesk)
          await handleHelpdesk(
            innerDc.context,
            this.base.helpdesk,
            intent.request,
            await this.base.state.caseFile.get(innerDc.context, emptyCaseFile()),
          );
        return this.stay(active);
      case 'badEventInput':
        await sendNote(innerDc.context, 'card.eventError');
        return this.stay(active);
      default:
        if (active) return super.onContinueDialog(innerDc);
    }
    // Nothing is running: a click on a step card is from an old conversation, a version gets its verdict,
    // other text gets the help card.
    const version = intent.kind === 'text' ? readBareVersion(intent.text) : undefined;
    if (version) await this.answerPasted(innerDc, { kind: 'finding', finding: version }, false);
    else if (intent.kind === 'step' || intent.kind === 'invalidCard')
      await refuse(innerDc.context, 'notes.stale');
    else await sendWelcome(innerDc.context, { help: intent.kind === 'text' });
    return this.done();
  }

  private async onCommand(
    innerDc: DialogContext,
    command: Command,
    active: boolean,
    othersSection = false,
  ): Promise<DialogTurnResult> {
    const context = innerDc.context;
    const caseFile = await this.base.state.caseFile.get(context, emptyCaseFile());
    switch (command.kind) {
      case 'help':
      case 'greeting':
        await sendWelcome(context, {
          help: command.kind === 'help',
          caseFile: active ? caseFile : undefined,
        });
        return this.stay(active);
      case 'event':
        rememberEvents(caseFile, [command.id]);
        await sendEvent(context, command.id);
        return this.stay(active);
      case 'language':
        return this.changeLanguage(innerDc, command.code, active, !othersSection);
      case 'menu':
        await this.stopAll(innerDc, caseFile);
        await sendWelcome(context);
        return this.done();
      case 'cancel':
        if (!active) {
          await sendNote(context, 'notes.nothingToCancel');
          return this.done();
        }
        await this.stopAll(innerDc, caseFile);
        await sendNote(context, 'notes.cancelled');
        return this.done();
      case 'restart': {
        const section = caseFile.current?.section;
        if (!active || !section) {
          await sendWelcome(context);
          return this.done();
        }
        await this.stopAll(innerDc, caseFile);
        await sendNote(context, 'notes.restarting', {
          section: turnServices(context).t.t(`sections.${section}.title`),
        });
        return this.startSection(innerDc, section, false);
      }
      case 'reminders':
      case 'remind':
      case 'reminderAction': {
        const next = await handleReminderCommand(context, command, {
          caseFile,
          reminders: this.base.reminders,
          tokenOnScreen: remindTokenOnScreen(innerDc, this.base.catalogue),
        });
        if (next.kind === 'stay') return this.stay(active);
        await this.stopAll(innerDc, caseFile);
        return this.startSection(innerDc, next.section, false, next.after);
      }
      case 'start':
      case 'runAll':
        await this.stopAll(innerDc, caseFile);
        return this.startSection(
          innerDc,
          command.kind === 'start' ? command.section : firstSection(this.base.catalogue),
          command.kind === 'runAll',
        );
    }
  }

  private async changeLanguage(
    innerDc: DialogContext,
    code: string,
    active: boolean,
    reprompt: boolean,
  ): Promise<DialogTurnResult> {
    const context = innerDc.context;
    const locale = matchLocale(code);
    if (!locale) {
      const list = SUPPORTED_LOCALES.map((l) => `${l} (${LANGUAGE_NAMES[l]})`).join(', ');
      await sendNote(context, 'notes.languageUnknown', { code: code.slice(0, 20), list });
      return this.stay(active);
    }
    const profile = await this.base.state.profile.get(context, {});
    profile.language = locale;
    setTurnServices(context, { ...turnServices(context), t: this.base.localizer.for(locale) });
    await sendNote(context, 'notes.languageSet');
    // Someone else's section keeps its card: only this user's language changes.
    if (active && reprompt) await innerDc.repromptDialog();
    return this.stay(active);
  }

  private async answerPasted(innerDc: DialogContext, reading: PasteReading, active: boolean) {
    const caseFile = await this.base.state.caseFile.get(innerDc.context, emptyCaseFile());
    const now = this.base.now?.() ?? new Date();
    return answerPaste(innerDc.context, reading, caseFile, now, active, this.base.catalogue);
  }

  /** Answers pasted for checks not reached yet stay: they wait for the next section that gets there. */
  private async stopAll(innerDc: DialogContext, caseFile: CaseFile): Promise<void> {
    const left = caseFile.current;
    const check = left && getSection(left.section, this.base.catalogue).checks[left.n - 1];
    if (left && check) metrics.sectionAbandoned(left.section, check.id);
    delete caseFile.current;
    await innerDc.cancelAllDialogs();
  }

  private stay(active: boolean): DialogTurnResult {
    return active ? Dialog.EndOfTurn : this.done();
  }

  private done(): DialogTurnResult {
    return { status: DialogTurnStatus.complete };
  }
}
