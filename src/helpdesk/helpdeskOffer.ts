import { escalateAction } from './actions';
import type { HelpdeskOffer } from './offerView';
import { card, inputText, showCard, submit, text, type ShowCardAction } from '../cards/elements';

/** The offer on the summary card: one Action.ShowCard with the description and Send. */
export function helpdeskOfferAction(offer: HelpdeskOffer): ShowCardAction {
  return showCard(
    offer.title,
    card(
      [
        text(offer.hint),
        inputText('hdDescription', offer.label, {
          placeholder: offer.placeholder,
          isMultiline: true,
          maxLength: offer.maxLength,
        }),
      ],
      [submit(offer.submit, escalateAction.build({ scope: offer.scope, token: offer.token }))],
    ),
  );
}
