import type { TurnContext } from 'botbuilder';
import type { DialogContext, DialogState, DialogTurnResult } from '../src/turn/dialogKit';
import { SECTIONS } from '../src/troubleshooting/catalogue';
import type { Catalogue, CheckId, SectionId } from '../src/troubleshooting/model';
import type { AutoCheckSource } from '../src/tenantChecks/handlers/autoCheckSource';
import { BaseDialog, type BaseDeps } from './baseDialog';
import { CARD_PROMPT, CardPrompt } from './cardPrompt';
import { claimSection } from '../src/troubleshooting/handlers/ownership';
import { sendWelcome } from '../src/turn/replies';
import { SectionDialog, sectionDialogId, type SectionOptions } from './sectionDialog';
import { emptyCaseFile } from '../src/turn/state';

export const MAIN_DIALOG = 'mainDialog';

export interface MainDeps extends BaseDeps {
  readonly now: () => Date;
  readonly autoChecks?: AutoCheckSource;
}

/**
 * The root dialog, with BaseDialog's interruptions on top. Its dialogs are one waterfall per section of
 * the catalogue (`deps.catalogue`, default SECTIONS) and the one card prompt they share, so a turn runs
 * three levels deep: main → section → card prompt. "Run all checks" is each section's waterfall handing
 * over to the next one's.
 */
export class MainDialog extends BaseDialog {
  private readonly known: ReadonlySet<string>;

  constructor(private readonly deps: MainDeps) {
    super(MAIN_DIALOG, deps);
    const catalogue: Catalogue = deps.catalogue ?? SECTIONS;
    const sendHelp = async (context: TurnContext): Promise<void> => {
      await sendWelcome(context, {
        help: true,
        caseFile: await deps.state.caseFile.get(context, emptyCaseFile()),
      });
    };
    const sectionDeps = {
      state: deps.state,
      catalogue,
      now: deps.now,
      autoChecks: deps.autoChecks,
      outcomes: deps.helpdesk?.outcomes,
    };
    for (const section of catalogue) this.addDialog(new SectionDialog(section, sectionDeps));
    this.addDialog(new CardPrompt({ state: deps.state, sendHelp, now: deps.now, catalogue }));
    this.known = new Set([MAIN_DIALOG, CARD_PROMPT, ...catalogue.map((s) => sectionDialogId(s.id))]);
  }

  protected override async startSection(
    innerDc: DialogContext,
    section: SectionId,
    runAll: boolean,
    resumeAfter?: CheckId,
  ): Promise<DialogTurnResult> {
    const caseFile = await this.deps.state.caseFile.get(innerDc.context, emptyCaseFile());
    claimSection(caseFile, innerDc.context.activity, this.deps.now());
    return innerDc.beginDialog(sectionDialogId(section), { runAll, resumeAfter } satisfies SectionOptions);
  }

  /**
   * Whether a stored dialog stack is one these dialogs can continue: every id on it is theirs. A stack
   * stored before the dialogs were flattened (or by another catalogue) is not, and is dropped.
   */
  knowsStack(dialogState: DialogState | undefined): boolean {
    return (dialogState?.dialogStack ?? []).every((instance) => {
      const inner = (instance.state as { dialogs?: DialogState } | undefined)?.dialogs;
      return this.known.has(instance.id) && this.knowsStack(inner);
    });
  }
}
