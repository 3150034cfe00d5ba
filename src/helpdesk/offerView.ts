import type { SectionId } from '../troubleshooting/model';
import type { Translator } from '../i18n/translator';
import { DESCRIPTION_MAX } from './ticket';

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
