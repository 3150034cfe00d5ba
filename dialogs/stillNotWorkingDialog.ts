import type { TurnContext } from 'botbuilder';
import { renderSummaryCard } from '../src/cards/render';
import { caseSummaryData } from '../src/cards/views';
import { sendCard } from './replies';
import { SectionDialog, type SectionDeps } from './sectionDialog';
import type { CaseFile } from './state';
import { turnServices } from './turnServices';

export const STILL_NOT_WORKING_DIALOG = 'stillNotWorkingDialog';

/** Section 3: disable and re-enable writeback, read the event log; ends in the case summary. */
export class StillNotWorkingDialog extends SectionDialog {
  constructor(deps: SectionDeps) {
    super(STILL_NOT_WORKING_DIALOG, 'stillNotWorking', deps);
  }

  protected override async sendSummary(context: TurnContext, caseFile: CaseFile): Promise<void> {
    await sendCard(
      context,
      renderSummaryCard(caseSummaryData(caseFile.answers, caseFile.events, turnServices(context).t)),
    );
  }
}
