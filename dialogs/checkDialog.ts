import { ComponentDialog, WaterfallDialog, type WaterfallStepContext } from '../src/turn/dialogKit';
import type { TurnContext } from 'botbuilder';
import type { Catalogue, CheckId } from '../src/troubleshooting/model';
import type { AutoCheck } from '../src/tenantChecks/autoChecks';
import { CARD_PROMPT, CardPrompt, type CardPromptOptions, type CardPromptResult } from './cardPrompt';
import { findingWhy } from '../src/paste/handlers/pasteFlow';
import type { PendingPaste } from '../src/turn/state';
import { turnServices } from '../src/turn/turnServices';

export const CHECK_DIALOG = 'checkDialog';
const CHECK_WATERFALL = 'checkWaterfall';

export interface CheckDialogOptions {
  checkId: CheckId;
  n: number;
  m: number;
  auto?: AutoCheck;
  /** Answered earlier by pasted output: OK skips the card, Not OK goes straight to the fix card. */
  pasted?: PendingPaste;
}

export interface CheckOutcome {
  answer: 'ok' | 'notOk' | 'skip';
  detail?: string;
  from?: 'paste';
}

/** One check: its card; on "Not OK" the fix card; then "check again" (loop) or "move on" (recorded as Not OK). */
export class CheckDialog extends ComponentDialog {
  constructor(sendHelp: (context: TurnContext) => Promise<void>, now: () => Date, catalogue?: Catalogue) {
    super(CHECK_DIALOG);
    this.addDialog(new CardPrompt(sendHelp, now, catalogue));
    this.addDialog(
      new WaterfallDialog(CHECK_WATERFALL, [
        (step) => this.askCheck(step),
        (step) => this.afterCheck(step),
        (step) => this.afterFix(step),
      ]),
    );
    this.initialDialogId = CHECK_WATERFALL;
  }

  private async askCheck(step: WaterfallStepContext) {
    const { pasted, ...options } = step.options as CheckDialogOptions;
    if (pasted) {
      const outcome: CheckOutcome = { answer: pasted.answer, detail: pasted.detail, from: 'paste' };
      if (pasted.answer === 'ok') return step.endDialog(outcome);
      (step.values as { outcome?: CheckOutcome }).outcome = outcome;
      const why = findingWhy(pasted.why, turnServices(step.context).t);
      return step.beginDialog(CARD_PROMPT, { kind: 'fix', ...options, why } satisfies CardPromptOptions);
    }
    return step.beginDialog(CARD_PROMPT, { kind: 'check', ...options } satisfies CardPromptOptions);
  }

  private async afterCheck(step: WaterfallStepContext) {
    const result = step.result as CardPromptResult;
    // A check answered by an earlier paste opened on its fix card.
    if (result.kind === 'fix') return this.afterFix(step);
    const outcome: CheckOutcome = {
      answer: result.answer,
      detail: result.detail,
      ...(result.from ? { from: result.from } : {}),
    };
    if (result.answer !== 'notOk') return step.endDialog(outcome);
    (step.values as { outcome?: CheckOutcome }).outcome = outcome;
    const options = step.options as CheckDialogOptions;
    return step.beginDialog(CARD_PROMPT, {
      kind: 'fix',
      ...options,
      why: result.why,
    } satisfies CardPromptOptions);
  }

  private async afterFix(step: WaterfallStepContext) {
    const result = step.result as CardPromptResult;
    if (result.kind === 'answer') {
      // Pasted output showed the fix worked.
      return step.endDialog({
        answer: result.answer,
        detail: result.detail,
        from: result.from,
      } satisfies CheckOutcome);
    }
    if (result.kind === 'fix' && result.choice === 'retry') {
      // "Check again" shows the check card itself, not the pasted answer once more.
      const options: CheckDialogOptions = { ...(step.options as CheckDialogOptions), pasted: undefined };
      return step.replaceDialog(CHECK_WATERFALL, options);
    }
    return step.endDialog((step.values as { outcome?: CheckOutcome }).outcome);
  }
}
