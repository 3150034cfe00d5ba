/**
 * The parts of botbuilder-dialogs this bot uses, from the package's own modules. Its index also loads every
 * built-in prompt and with them the Microsoft Recognizers-Text suites (number, date-time, choice: several
 * hundred ms of `require` at start and ~30 MB), which our card prompts never use. Import dialogs from here.
 */
export { ComponentDialog } from 'botbuilder-dialogs/lib/componentDialog';
export {
  Dialog,
  DialogTurnStatus,
  type DialogInstance,
  type DialogTurnResult,
} from 'botbuilder-dialogs/lib/dialog';
export type { DialogContext, DialogState } from 'botbuilder-dialogs/lib/dialogContext';
export { DialogSet } from 'botbuilder-dialogs/lib/dialogSet';
export { WaterfallDialog } from 'botbuilder-dialogs/lib/waterfallDialog';
export type { WaterfallStepContext } from 'botbuilder-dialogs/lib/waterfallStepContext';
