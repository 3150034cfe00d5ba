import { randomUUID } from 'node:crypto';
import {
  Dialog,
  type DialogContext,
  type DialogInstance,
  type DialogState,
  type DialogTurnResult,
} from '../src/turn/dialogKit';
import type { TurnContext } from 'botbuilder';
import { answeredCard } from '../src/cards/answeredCard';
import { formatTime } from '../src/cards/format';
import { answeredCardData, replacedCardData } from '../src/troubleshooting/cards/views';
import { findCheck, SECTIONS } from '../src/troubleshooting/catalogue';
import { judgeConnectVersion, parseVersion } from '../src/troubleshooting/connectVersion';
import type { Answer, Catalogue, Check } from '../src/troubleshooting/model';
import type { PasteReading } from '../src/paste/readers';
import { readIntent } from '../src/turn/intent';
import { findingWhy, pastedAnswerFor } from '../src/paste/handlers/pasteFlow';
import { answerClickedCard, refuse, replaceCard, sendCard, sendNote } from '../src/turn/replies';
import { turnServices } from '../src/turn/turnServices';
import type { CaseFile, StateAccessors } from '../src/turn/state';
import {
  stepCardFor,
  type CheckOutcome,
  type PromptState,
  type StepOptions,
} from '../src/troubleshooting/handlers/stepView';

export const CARD_PROMPT = 'cardPrompt';

/** An answer the check card took (a click, a typed version, pasted output). */
interface Answered {
  answer: Answer;
  detail?: string;
  why?: string;
  from?: 'paste';
}

/** The "Remind me later" token of a prompt's card, when its check offers reminders. */
function remindTokenOf(instance: DialogInstance, catalogue?: Catalogue): string | undefined {
  const state = instance.state as Partial<PromptState> | undefined;
  const check = state?.options ? findCheck(state.options.checkId, catalogue) : undefined;
  return check?.offersReminder ? state?.token : undefined;
}

/** The "Remind me later" token of the step card waiting for an answer, if its check offers reminders. */
export function remindTokenOnScreen(innerDc: DialogContext, catalogue?: Catalogue): string | undefined {
  let dc: DialogContext = innerDc;
  while (dc.child) dc = dc.child;
  const active = dc.activeDialog;
  return active?.id === CARD_PROMPT ? remindTokenOf(active, catalogue) : undefined;
}

/** The state of the step card waiting for an answer, read from stored dialog state (nothing is changed). */
export function promptOnScreen(dialogState: DialogState | undefined): PromptState | undefined {
  let stack = dialogState?.dialogStack;
  while (stack && stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.id === CARD_PROMPT) return top.state as PromptState;
    stack = (top.state as { dialogs?: DialogState } | undefined)?.dialogs?.dialogStack;
  }
  return undefined;
}

export interface CardPromptDeps {
  readonly state: StateAccessors;
  readonly sendHelp: (context: TurnContext) => Promise<void>;
  readonly now: () => Date;
  readonly catalogue?: Catalogue;
}

/**
 * One check, from its card to its end: the check card; on "Not OK" the fix card; "Check again" shows the
 * check card once more, "Move on" records the Not OK. It waits for a click on THE card on screen: a click
 * on any other card (older, already answered, forged) gets a short note and changes nothing. The card
 * answered is replaced by its one-line form (the invoke's answer for Action.Execute, else in place).
 * Ends with the check's outcome.
 */
export class CardPrompt extends Dialog<StepOptions> {
  private readonly catalogue: Catalogue;

  constructor(private readonly deps: CardPromptDeps) {
    super(CARD_PROMPT);
    this.catalogue = deps.catalogue ?? SECTIONS;
  }

  override async beginDialog(dc: DialogContext, options?: StepOptions): Promise<DialogTurnResult> {
    if (!options || !findCheck(options.checkId, this.catalogue))
      throw new Error(`card prompt needs a known check, got ${options?.checkId}`);
    const { pasted, ...rest } = options;
    const state: PromptState = { options: rest, phase: 'check', token: '' };
    dc.activeDialog!.state = state;
    if (!pasted) return this.show(dc, state, 'check');
    const outcome: CheckOutcome = { answer: pasted.answer, detail: pasted.detail, from: 'paste' };
    if (pasted.answer === 'ok') return dc.endDialog(outcome);
    state.outcome = outcome;
    state.why = findingWhy(pasted.why, turnServices(dc.context).t);
    return this.show(dc, state, 'fix');
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as PromptState;
    const check = findCheck(state.options.checkId, this.catalogue) as Check;
    const intent = readIntent(dc.context);

    if (intent.kind === 'invalidCard') {
      await refuse(dc.context, 'notes.stale');
      return Dialog.EndOfTurn;
    }
    if (intent.kind === 'paste') return this.onPaste(dc, state, check, intent.reading);
    if (intent.kind === 'text') {
      const typedVersion =
        check.input === 'connectVersion' && state.phase === 'check' && parseVersion(intent.text);
      if (typedVersion) return this.onVersion(dc, state, check, intent.text);
      await this.deps.sendHelp(dc.context);
      return Dialog.EndOfTurn;
    }
    if (intent.kind !== 'step') return Dialog.EndOfTurn;

    const action = intent.action;
    const expected = state.phase === 'fix' ? ['fix'] : ['answer', 'version'];
    const current =
      action.token === state.token && action.check === check.id && expected.includes(action.kind);
    if (!current) {
      await refuse(dc.context, 'notes.stale');
      return Dialog.EndOfTurn;
    }
    switch (action.kind) {
      case 'version':
        return this.onVersion(dc, state, check, intent.inputs.connectVersion ?? '');
      case 'fix': {
        const { t, timeZone } = turnServices(dc.context);
        const fixTitle = t.t('card.fixTitle', { check: t.t(`checks.${check.id}.title`) });
        const choice = t.t(`card.fixActions.${action.choice}`);
        const time = formatTime(this.deps.now(), t.locale, timeZone);
        const line = t.t('card.answered', { check: fixTitle, status: choice, time });
        await answerClickedCard(dc.context, state.activityId, answeredCard({ line }));
        if (action.choice === 'moveOn') return dc.endDialog(state.outcome);
        // "Check again" shows the check card itself, not the pasted answer once more.
        delete state.outcome;
        delete state.why;
        return this.show(dc, state, 'check');
      }
      case 'answer':
        return this.finish(dc, state, check, { answer: action.answer });
    }
  }

  /** Re-sends the card (e.g. after a language change); the old card is marked as replaced. */
  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    const state = instance.state as PromptState;
    const check = findCheck(state.options.checkId, this.catalogue) as Check;
    await replaceCard(
      context,
      state.activityId,
      answeredCard(replacedCardData(check, turnServices(context).t)),
    );
    state.token = randomUUID();
    state.activityId = await sendCard(
      context,
      stepCardFor(context, state, this.catalogue, await this.caseFile(context)),
    );
  }

  private async caseFile(context: TurnContext): Promise<CaseFile | undefined> {
    return this.deps.state.caseFile.get(context);
  }

  /** Posts the check or fix card with a new token and waits for its answer. */
  private async show(
    dc: DialogContext,
    state: PromptState,
    phase: PromptState['phase'],
  ): Promise<DialogTurnResult> {
    state.phase = phase;
    state.token = randomUUID();
    const card = stepCardFor(dc.context, state, this.catalogue, await this.caseFile(dc.context));
    state.activityId = await sendCard(dc.context, card);
    return Dialog.EndOfTurn;
  }

  /**
   * Pasted output that answers this check counts as a click: on the check card as OK or Not OK (the fix card
   * follows), on its fix card an OK ends the fix. The verdict card was already sent.
   */
  private async onPaste(
    dc: DialogContext,
    state: PromptState,
    check: Check,
    reading: PasteReading,
  ): Promise<DialogTurnResult> {
    const pasted = pastedAnswerFor(reading, check.id);
    if (!pasted || (state.phase === 'fix' && pasted.answer.answer !== 'ok')) return Dialog.EndOfTurn;
    return this.finish(dc, state, check, {
      answer: pasted.answer.answer,
      detail: pasted.answer.detail,
      why: findingWhy(pasted.why, turnServices(dc.context).t),
      from: 'paste',
    });
  }

  private async onVersion(
    dc: DialogContext,
    state: PromptState,
    check: Check,
    typed: string,
  ): Promise<DialogTurnResult> {
    const verdict = judgeConnectVersion(typed);
    const { t } = turnServices(dc.context);
    if (verdict.kind === 'invalid') {
      await sendNote(dc.context, 'version.invalid', { text: typed.slice(0, 40) });
      return Dialog.EndOfTurn;
    }
    const answer: Answer = verdict.kind === 'supported' ? 'ok' : 'notOk';
    const why = t.t(`version.${verdict.kind}`, { version: verdict.version });
    return this.finish(dc, state, check, { answer, detail: verdict.version, why });
  }

  /** The card on screen took an answer: its one-line form, then the end of the check or its fix card. */
  private async finish(
    dc: DialogContext,
    state: PromptState,
    check: Check,
    result: Answered,
  ): Promise<DialogTurnResult> {
    const { t, timeZone } = turnServices(dc.context);
    const detail = result.from
      ? [result.detail, t.t('paste.fromPaste')].filter(Boolean).join(' · ')
      : result.detail;
    const data = answeredCardData(check, t, result.answer, this.deps.now(), { detail, timeZone });
    await answerClickedCard(dc.context, state.activityId, answeredCard(data));
    const outcome: CheckOutcome = {
      answer: result.answer,
      detail: result.detail,
      ...(result.from ? { from: result.from } : {}),
    };
    // On the fix card only an OK (pasted output showing the fix worked) gets here; on the check card a
    // Not OK leads to the fix card.
    if (state.phase === 'fix' || result.answer !== 'notOk') return dc.endDialog(outcome);
    state.outcome = outcome;
    state.why = result.why;
    return this.show(dc, state, 'fix');
  }
}
