import type { TurnContext } from 'botbuilder';
import {
  WaterfallDialog,
  type DialogContext,
  type DialogTurnResult,
  type WaterfallStepContext,
} from './dialogKit';
import { nextSection } from '../src/checks/catalogue';
import type { SectionId } from '../src/checks/model';
import type { AutoCheckSource } from './autoCheckSource';
import { BaseDialog, type BaseDeps } from './baseDialog';
import { CONFIGURATION_DIALOG, ConfigurationDialog } from './configurationDialog';
import { CONNECTIVITY_DIALOG, ConnectivityDialog } from './connectivityDialog';
import { claimSection } from './ownership';
import { sendWelcome } from './replies';
import type { SectionOptions } from './sectionDialog';
import { emptyCaseFile } from './state';
import { STILL_NOT_WORKING_DIALOG, StillNotWorkingDialog } from './stillNotWorkingDialog';

export const MAIN_DIALOG = 'mainDialog';
const MAIN_WATERFALL = 'mainWaterfall';

export const SECTION_DIALOGS: Readonly<Record<SectionId, string>> = {
  configuration: CONFIGURATION_DIALOG,
  connectivity: CONNECTIVITY_DIALOG,
  stillNotWorking: STILL_NOT_WORKING_DIALOG,
};

interface MainOptions {
  section: SectionId;
  runAll: boolean;
  /** Continue the section after this check (a reminder's "Done"), keeping earlier answers. */
  resumeAfter?: string;
}

export interface MainDeps extends BaseDeps {
  readonly now: () => Date;
  readonly autoChecks?: AutoCheckSource;
}

/** The root dialog: routes a turn to a section (or to "run all"), with BaseDialog's interruptions on top. */
export class MainDialog extends BaseDialog {
  constructor(private readonly deps: MainDeps) {
    super(MAIN_DIALOG, deps);
    const sendHelp = async (context: TurnContext): Promise<void> => {
      await sendWelcome(context, {
        help: true,
        caseFile: await deps.state.caseFile.get(context, emptyCaseFile()),
      });
    };
    const sectionDeps = { state: deps.state, sendHelp, now: deps.now, autoChecks: deps.autoChecks };
    this.addDialog(new ConfigurationDialog(sectionDeps));
    this.addDialog(new ConnectivityDialog(sectionDeps));
    this.addDialog(new StillNotWorkingDialog(sectionDeps));
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
    resumeAfter?: string,
  ): Promise<DialogTurnResult> {
    const caseFile = await this.deps.state.caseFile.get(innerDc.context, emptyCaseFile());
    claimSection(caseFile, innerDc.context.activity, this.deps.now());
    return innerDc.beginDialog(MAIN_WATERFALL, { section, runAll, resumeAfter } satisfies MainOptions);
  }

  private async runSection(step: WaterfallStepContext) {
    const options = step.options as MainOptions;
    return step.beginDialog(SECTION_DIALOGS[options.section], {
      runAll: options.runAll,
      resumeAfter: options.resumeAfter,
    } satisfies SectionOptions);
  }

  private async afterSection(step: WaterfallStepContext) {
    const options = step.options as MainOptions;
    const next = options.runAll ? nextSection(options.section) : undefined;
    if (next)
      return step.replaceDialog(MAIN_WATERFALL, { section: next, runAll: true } satisfies MainOptions);
    return step.endDialog();
  }
}
