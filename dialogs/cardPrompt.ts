import { randomUUID } from 'node:crypto';
import {
  Dialog,
  type DialogContext,
  type DialogInstance,
  type DialogTurnResult,
} from '../src/turn/dialogKit';
import type { TurnContext } from 'botbuilder';
import { answeredCard } from '../src/cards/answeredCard';
import { stepCard } from '../src/troubleshooting/cards/stepCard';
import { formatTime } from '../src/cards/format';
import {
  answeredCardData,
  checkCardData,
  fixCardData,
  replacedCardData,
} from '../src/troubleshooting/cards/views';
import { findCheck, SECTIONS } from '../src/troubleshooting/catalogue';
import { judgeConnectVersion, parseVersion } from '../src/troubleshooting/connectVersion';
import type { Answer, Catalogue, Check, CheckId } from '../src/troubleshooting/model';
import type { AutoCheck } from '../src/tenantChecks/autoChecks';
import type { PasteReading } from '../src/paste/readers';
import { readIntent } from '../src/turn/intent';
import { findingWhy, pastedAnswerFor } from '../src/paste/handlers/pasteFlow';
import { replaceCard, sendCard, sendNote } from '../src/turn/replies';
import { turnServices } from '../src/turn/turnServices';

export const CARD_PROMPT = 'cardPrompt';

export interface CardPromptOptions {
  kind: 'check' | 'fix';
  checkId: CheckId;
  n: number;
  m: number;
  /** Extra verdict shown on a fix card (e.g. why the typed version is too old). */
  why?: string;
  /** What Microsoft Graph found for this check, shown on the check card. */
  auto?: AutoCheck;
}

export type CardPromptResult =
  | { kind: 'answer'; answer: Answer; detail?: string; why?: string; from?: 'paste' }
  | { kind: 'fix'; choice: 'retry' | 'moveOn' };

interface PromptState {
  options: CardPromptOptions;
  token: string;
  activityId?: string;
}

/** The token a step card's "Remind me later" choices carry back, when its check offers reminders. */
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

/**
 * Sends one step card and waits for a click on THAT card. A click on any other card (older, already
 * answered, or forged) gets a short note and changes nothing; the answered card is replaced in place by
 * its compact one-line form.
 */
export class CardPrompt extends Dialog<CardPromptOptions> {
  constructor(
    private readonly sendHelp: (context: TurnContext) => Promise<void>,
    private readonly now: () => Date,
    private readonly catalogue: Catalogue = SECTIONS,
  ) {
    super(CARD_PROMPT);
  }

  override async beginDialog(dc: DialogContext, options?: CardPromptOptions): Promise<DialogTurnResult> {
    if (!options || !findCheck(options.checkId, this.catalogue))
      throw new Error(`card prompt needs a known check, got ${options?.checkId}`);
    const state: PromptState = { options, token: randomUUID() };
    dc.activeDialog!.state = state;
    state.activityId = await sendCard(dc.context, this.card(dc.context, state));
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as PromptState;
    const check = findCheck(state.options.checkId, this.catalogue) as Check;
    const intent = readIntent(dc.context);

    if (intent.kind === 'invalidCard') {
      await sendNote(dc.context, 'notes.stale');
      return Dialog.EndOfTurn;
    }
    if (intent.kind === 'paste') return this.onPaste(dc, state, check, intent.reading);
    if (intent.kind === 'text') {
      const typedVersion =
        check.input === 'connectVersion' && state.options.kind === 'check' && parseVersion(intent.text);
      if (typedVersion) return this.onVersion(dc, state, check, intent.text);
      await this.sendHelp(dc.context);
      return Dialog.EndOfTurn;
    }
    if (intent.kind !== 'step') return Dialog.EndOfTurn;

    const action = intent.action;
    const expected = state.options.kind === 'fix' ? ['fix'] : ['answer', 'version'];
    const current =
      action.token === state.token && action.check === check.id && expected.includes(action.kind);
    if (!current) {
      await sendNote(dc.context, 'notes.stale');
      return Dialog.EndOfTurn;
    }
    switch (action.kind) {
      case 'version':
        return this.onVersion(dc, state, check, intent.inputs.connectVersion ?? '');
      case 'fix': {
        const { t, timeZone } = turnServices(dc.context);
        const fixTitle = t.t('card.fixTitle', { check: t.t(`checks.${check.id}.title`) });
        const choice = t.t(`card.fixActions.${action.choice}`);
        const time = formatTime(this.now(), t.locale, timeZone);
        const line = t.t('card.answered', { check: fixTitle, status: choice, time });
        await replaceCard(dc.context, state.activityId, answeredCard({ line }));
        return dc.endDialog({ kind: 'fix', choice: action.choice } satisfies CardPromptResult);
      }
      case 'answer':
        return this.finish(dc, state, check, { kind: 'answer', answer: action.answer });
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
    state.activityId = await sendCard(context, this.card(context, state));
  }

  private card(context: TurnContext, state: PromptState) {
    const { t, timeZone, collectorCommand } = turnServices(context);
    const check = findCheck(state.options.checkId, this.catalogue) as Check;
    const position = { n: state.options.n, m: state.options.m };
    if (state.options.kind === 'check') {
      return stepCard(
        checkCardData(check, t, position, state.token, {
          auto: state.options.auto,
          timeZone,
          collector: collectorCommand,
        }),
      );
    }
    const data = fixCardData(check, t, position, state.token);
    return stepCard(state.options.why ? { ...data, why: state.options.why } : data);
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
    if (!pasted || (state.options.kind === 'fix' && pasted.answer.answer !== 'ok')) return Dialog.EndOfTurn;
    return this.finish(dc, state, check, {
      kind: 'answer',
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
    return this.finish(dc, state, check, { kind: 'answer', answer, detail: verdict.version, why });
  }

  private async finish(
    dc: DialogContext,
    state: PromptState,
    check: Check,
    result: Extract<CardPromptResult, { kind: 'answer' }>,
  ): Promise<DialogTurnResult> {
    const { t, timeZone } = turnServices(dc.context);
    const detail = result.from
      ? [result.detail, t.t('paste.fromPaste')].filter(Boolean).join(' · ')
      : result.detail;
    const data = answeredCardData(check, t, result.answer, this.now(), { detail, timeZone });
    await replaceCard(dc.context, state.activityId, answeredCard(data));
    return dc.endDialog(result);
  }
}
