import type { TurnContext } from 'botbuilder';
import {
  WaterfallDialog,
  type DialogContext,
  type DialogTurnResult,
  type WaterfallStepContext,
} from '../src/turn/dialogKit';
import { nextSection, SECTIONS } from '../src/troubleshooting/catalogue';
import type { Catalogue, CheckId, SectionId } from '../src/troubleshooting/model';
import type { AutoCheckSource } from '../src/tenantChecks/handlers/autoCheckSource';
import { BaseDialog, type BaseDeps } from './baseDialog';
import { claimSection } from '../src/troubleshooting/handlers/ownership';
import { sendWelcome } from '../src/turn/replies';
import { SectionDialog, sectionDialogId, type SectionOptions } from './sectionDialog';
import { emptyCaseFile } from '../src/turn/state';

export const MAIN_DIALOG = 'mainDialog';
const MAIN_WATERFALL = 'mainWaterfall';

interface MainOptions {
  section: SectionId;
  runAll: boolean;
  /** Continue the section after this check (a reminder's "Done"), keeping earlier answers. */
  resumeAfter?: CheckId;
}

export interface MainDeps extends BaseDeps {
  readonly now: () => Date;
  readonly autoChecks?: AutoCheckSource;
}

/**
 * The root dialog: routes a turn to a section (or to "run all", in catalogue order), with BaseDialog's
 * interruptions on top. One SectionDialog per section of the catalogue (`deps.catalogue`, default SECTIONS).
 */
export class MainDialog extends BaseDialog {
  private readonly catalogue: Catalogue;

  constructor(private readonly deps: MainDeps) {
    super(MAIN_DIALOG, deps);
    const catalogue = (this.catalogue = deps.catalogue ?? SECTIONS);
    const sendHelp = async (context: TurnContext): Promise<void> => {
      await sendWelcome(context, {
        help: true,
        caseFile: await deps.state.caseFile.get(context, emptyCaseFile()),
      });
    };
    const sectionDeps = {
      state: deps.state,
      catalogue,
      sendHelp,
      now: deps.now,
      autoChecks: deps.autoChecks,
      outcomes: deps.helpdesk?.outcomes,
    };
    for (const section of catalogue) this.addDialog(new SectionDialog(section, sectionDeps));
    this.addDialog(
      new WaterfallDialog(MAIN_WATERFALL, [
        (step) => this.runSection(step),
        (step) => this.afterSection(step),
      ]),
    );
    this.initialDialogId = MAIN_WATERFALL;
  }

  protected override async startSection(
    innerDc: DialogContext,
    section: SectionId,
    runAll: boolean,
    resumeAfter?: CheckId,
  ): Promise<DialogTurnResult> {
    const caseFile = await this.deps.state.caseFile.get(innerDc.context, emptyCaseFile());
    claimSection(caseFile, innerDc.context.activity, this.deps.now());
    return innerDc.beginDialog(MAIN_WATERFALL, { section, runAll, resumeAfter } satisfies MainOptions);
  }

  private async runSection(step: WaterfallStepContext) {
    const options = step.options as MainOptions;
    return step.beginDialog(sectionDialogId(options.section), {
      runAll: options.runAll,
      resumeAfter: options.resumeAfter,
    } satisfies SectionOptions);
  }

  private async afterSection(step: WaterfallStepContext) {
    const options = step.options as MainOptions;
    const next = options.runAll ? nextSection(options.section, this.catalogue) : undefined;
    if (next)
      return step.replaceDialog(MAIN_WATERFALL, { section: next, runAll: true } satisfies MainOptions);
    return step.endDialog();
  }
}
