import { randomUUID } from 'node:crypto';
import { sectionFinished, type SectionOutcomeSink } from '../src/troubleshooting/handlers/sectionOutcome';
import type { TurnContext } from 'botbuilder';
import { WaterfallDialog, type WaterfallStepContext } from '../src/turn/dialogKit';
import { nextSection } from '../src/troubleshooting/catalogue';
import type { Catalogue, CheckId, PerCheck, Section, SectionId } from '../src/troubleshooting/model';
import { AUTO_CHECK_IDS, type AutoCheck } from '../src/tenantChecks/autoChecks';
import type { AutoCheckSource } from '../src/tenantChecks/handlers/autoCheckSource';
import { CARD_PROMPT } from './cardPrompt';
import type { CheckOutcome, StepOptions } from '../src/troubleshooting/handlers/stepView';
import { sendCard } from '../src/turn/replies';
import { metrics } from '../src/telemetry/metrics';
import { postedSummary } from '../src/troubleshooting/handlers/summaryView';
import { emptyCaseFile, type CaseFile, type StateAccessors } from '../src/turn/state';

function isOutcome(result: unknown): result is CheckOutcome {
  return typeof result === 'object' && result !== null && 'answer' in result;
}

export interface SectionDeps {
  readonly state: StateAccessors;
  /** The catalogue the section belongs to: its order gives "Next", its sections the case summary. */
  readonly catalogue: Catalogue;
  readonly now: () => Date;
  /** Microsoft Graph evidence per check; absent when Graph is not configured. */
  readonly autoChecks?: AutoCheckSource;
  /** Counts finished sections for the helpdesk summary (absent without a helpdesk). */
  readonly outcomes?: SectionOutcomeSink;
}

export interface SectionOptions {
  /** Part of "Run all checks": the next section follows by itself, so the summary offers no "Next". */
  runAll?: boolean;
  /** Continue after this check (answered OK: the admin says it is done), keeping the earlier answers. */
  resumeAfter?: CheckId;
}

/**
 * The dialog id of a section's waterfall, kept in stored dialog state (`configurationSteps`…). Before the
 * dialogs were flattened it was `configurationDialog`, a component dialog: a stack of that shape is not
 * continued (see mainDialog.ts).
 */
export const sectionDialogId = (sectionId: SectionId): string => `${sectionId}Steps`;

/**
 * A troubleshooting section of the catalogue as one waterfall, run directly by MainDialog: one step per
 * check (each the card prompt, which runs the check card and its fix card), then its summary (the
 * section's own, or the case summary: the section's `summary` says which); in "Run all checks" the next
 * section's waterfall then replaces this one. Answers go into the conversation's case file as they are
 * given, so a restart continues where it was.
 */
export class SectionDialog extends WaterfallDialog<SectionOptions> {
  constructor(
    private readonly section: Section,
    private readonly deps: SectionDeps,
  ) {
    super(sectionDialogId(section.id));
    section.checks.forEach((_, index) => this.addStep((step) => this.runCheck(step, index)));
    this.addStep((step) => this.finish(step));
  }

  private async caseFile(context: TurnContext): Promise<CaseFile> {
    return this.deps.state.caseFile.get(context, emptyCaseFile());
  }

  private async runCheck(step: WaterfallStepContext, index: number) {
    const caseFile = await this.caseFile(step.context);
    const values = step.values as { auto?: PerCheck<AutoCheck> };
    const resumeAfter = (step.options as SectionOptions | undefined)?.resumeAfter;
    const resumeAt = resumeAfter ? this.section.checks.findIndex((c) => c.id === resumeAfter) + 1 : 0;
    if (index === 0) {
      if (resumeAt > 0 && resumeAfter) {
        caseFile.answers[resumeAfter] = { answer: 'ok', at: this.deps.now().toISOString() };
      } else {
        // A fresh run of the section: its earlier answers no longer describe the tenant. Pasted answers
        // waiting for its checks are kept: output pasted since is the latest word on the server.
        for (const check of this.section.checks) delete caseFile.answers[check.id];
      }
      const remaining = this.section.checks.slice(resumeAt);
      if (this.deps.autoChecks && remaining.some((c) => AUTO_CHECK_IDS.has(c.id))) {
        values.auto = await this.deps.autoChecks(step.context);
        caseFile.auto = { ...caseFile.auto, ...values.auto };
      }
    } else if (isOutcome(step.result)) {
      this.record(caseFile, index - 1, step.result);
    }
    if (index < resumeAt) return step.next();
    const m = this.section.checks.length;
    caseFile.current = { section: this.section.id, n: index + 1, m };
    const checkId = this.section.checks[index].id;
    const pasted = caseFile.pasted?.[checkId];
    if (pasted) delete caseFile.pasted?.[checkId];
    const options: StepOptions = { checkId, n: index + 1, m, auto: values.auto?.[checkId], pasted };
    return step.beginDialog(CARD_PROMPT, options);
  }

  private async finish(step: WaterfallStepContext) {
    const caseFile = await this.caseFile(step.context);
    if (isOutcome(step.result)) this.record(caseFile, this.section.checks.length - 1, step.result);
    delete caseFile.current;
    await sectionFinished(
      this.deps.outcomes,
      step.context,
      this.section.id,
      caseFile.answers,
      this.deps.now().getTime(),
    );
    const runAll = (step.options as SectionOptions | undefined)?.runAll === true;
    await this.sendSummary(step.context, caseFile, runAll);
    const next = runAll ? nextSection(this.section.id, this.deps.catalogue) : undefined;
    if (next) return step.replaceDialog(sectionDialogId(next), { runAll: true } satisfies SectionOptions);
    return step.endDialog();
  }

  private record(caseFile: CaseFile, index: number, outcome: CheckOutcome): void {
    const check = this.section.checks[index];
    caseFile.answers[check.id] = {
      answer: outcome.answer,
      at: this.deps.now().toISOString(),
      ...(outcome.detail ? { detail: outcome.detail } : {}),
      ...(outcome.from ? { from: outcome.from } : {}),
    };
  }

  private async sendSummary(context: TurnContext, caseFile: CaseFile, runAll: boolean): Promise<void> {
    const { catalogue } = this.deps;
    const scope = this.section.summary === 'case' ? 'case' : this.section.id;
    const firstProblem = this.section.checks.find((c) => caseFile.answers[c.id]?.answer === 'notOk');
    metrics.sectionFinished(this.section.id, firstProblem?.id ?? 'none');
    const token = randomUUID();
    const next = scope === 'case' || runAll ? undefined : nextSection(this.section.id, catalogue);
    // Recorded as the latest summary of its scope: its "Send to helpdesk" is accepted while it is, from its owner.
    const { card, data } = postedSummary(
      context,
      caseFile,
      { scope, token, section: this.section.id, ...(next ? { next } : {}) },
      catalogue,
    );
    // A section summary's "Remind me later" choices are accepted while it is the latest summary that offers them.
    if (scope !== 'case') {
      if (data.remindTitle) caseFile.remindToken = token;
      else delete caseFile.remindToken;
    }
    await sendCard(context, card);
  }
}
