import type { SectionId } from '../checks/model';
import { escalateAction } from '../helpdesk/actions';
import { DESCRIPTION_MAX } from '../helpdesk/ticket';
import type { Translator } from '../i18n/translator';
import { card, inputText, showCard, submit, text, type ShowCardAction } from './elements';

/** The "Send to helpdesk" offer on a summary card (the description goes to `hdDescription`). */
export interface HelpdeskOffer {
  title: string;
  hint: string;
  label: string;
  placeholder: string;
  submit: string;
  scope: SectionId | 'case';
  /** The summary card's token: Send carries it back, and only the current summary's is accepted. */
  token: string;
  maxLength: number;
}

export function helpdeskOffer(t: Translator, scope: SectionId | 'case', token: string): HelpdeskOffer {
  return {
    title: t.t('helpdesk.offer.send'),
    hint: t.t('helpdesk.offer.hint'),
    label: t.t('helpdesk.offer.label'),
    placeholder: t.t('helpdesk.offer.placeholder'),
    submit: t.t('helpdesk.offer.submit'),
    scope,
    token,
    maxLength: DESCRIPTION_MAX,
  };
}

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
