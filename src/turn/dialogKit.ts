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
import type { TurnContext } from 'botbuilder';
import type { DialogContext } from 'botbuilder-dialogs/lib/dialogContext';
import { DialogSet } from 'botbuilder-dialogs/lib/dialogSet';

export type { DialogContext, DialogState } from 'botbuilder-dialogs/lib/dialogContext';
export { DialogSet };
export { WaterfallDialog } from 'botbuilder-dialogs/lib/waterfallDialog';
export type { WaterfallStepContext } from 'botbuilder-dialogs/lib/waterfallStepContext';

/**
 * Where DialogStateManager keeps its configuration (memory scopes and path resolvers) for the turn. It
 * builds it in the turn's first dialog context from the component registrations: a zod parse of the
 * settings, nine memory scopes and five path resolvers, every turn. They hold no turn data (settings are
 * built per turn in turnState), so the first turn's configuration serves every later one. (Each dialog
 * context still registers a new DialogsComponentRegistration: that is in its constructor.)
 */
const STATE_MANAGER_CONFIGURATION = 'DialogStateManagerConfiguration';
let stateManagerConfiguration: unknown;

/** `dialogs.createContext(context)`, with the dialog state manager's configuration made once per process. */
export async function createDialogContext(dialogs: DialogSet, context: TurnContext): Promise<DialogContext> {
  if (stateManagerConfiguration !== undefined)
    context.turnState.set(STATE_MANAGER_CONFIGURATION, stateManagerConfiguration);
  const dc = await dialogs.createContext(context);
  stateManagerConfiguration ??= context.turnState.get(STATE_MANAGER_CONFIGURATION);
  return dc;
}
