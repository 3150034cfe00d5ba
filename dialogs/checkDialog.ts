import { ComponentDialog, WaterfallDialog, type WaterfallStepContext } from './dialogKit';
import type { TurnContext } from 'botbuilder';
import type { AutoCheck } from '../src/graph/autoChecks';
import { CARD_PROMPT, CardPrompt, type CardPromptOptions, type CardPromptResult } from './cardPrompt';

export const CHECK_DIALOG = 'checkDialog';
const CHECK_WATERFALL = 'checkWaterfall';

export interface CheckDialogOptions {
  checkId: string;
  n: number;
  m: number;
  auto?: AutoCheck;
}

export interface CheckOutcome {
  answer: 'ok' | 'notOk' | 'skip';
  detail?: string;
}

/** One check: its card; on "Not OK" the fix card; then "check again" (loop) or "move on" (recorded as Not OK). */
export class CheckDialog extends ComponentDialog {
  constructor(sendHelp: (context: TurnContext) => Promise<void>, now: () => Date) {
    super(CHECK_DIALOG);
    this.addDialog(new CardPrompt(sendHelp, now));
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
    const options = step.options as CheckDialogOptions;
    return step.beginDialog(CARD_PROMPT, { kind: 'check', ...options } satisfies CardPromptOptions);
  }

  private async afterCheck(step: WaterfallStepContext) {
    const result = step.result as CardPromptResult;
    if (result.kind !== 'answer') throw new Error('check card ended without an answer');
    const outcome: CheckOutcome = { answer: result.answer, detail: result.detail };
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
    if (result.kind === 'fix' && result.choice === 'retry') {
      return step.replaceDialog(CHECK_WATERFALL, step.options);
    }
    return step.endDialog((step.values as { outcome?: CheckOutcome }).outcome);
  }
}
