import type { RemindOffer } from '../cards/cardTypes';
import { card, executeAction, showCard, text, type ShowCardAction } from '../cards/elements';

/** "Remind me later" (step and summary cards): a ShowCard with one button per choice; none when not offered. */
export function remindAction(offer: RemindOffer): ShowCardAction | undefined {
  if (!offer.remindTitle) return undefined;
  const choices = offer.remindChoices.map((c) =>
    executeAction(c.title, c.data, { associatedInputs: 'none' }),
  );
  return showCard(offer.remindTitle, card([text(offer.remindHint)], choices));
}
