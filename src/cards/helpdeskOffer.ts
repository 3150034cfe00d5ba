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
  maxLength: number;
}

export function helpdeskOffer(t: Translator, scope: SectionId | 'case'): HelpdeskOffer {
  return {
    title: t.t('helpdesk.offer.send'),
    hint: t.t('helpdesk.offer.hint'),
    label: t.t('helpdesk.offer.label'),
    placeholder: t.t('helpdesk.offer.placeholder'),
    submit: t.t('helpdesk.offer.submit'),
    scope,
    maxLength: DESCRIPTION_MAX,
  };
}

/**
 * The same offer as a typed element (what summary.json renders today), for the typed summary
 * builder that replaces the template: one Action.ShowCard with the description and Send.
 */
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
      [submit(offer.submit, escalateAction.build({ scope: offer.scope }))],
    ),
  );
}
