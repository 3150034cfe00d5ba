import type { CardAttachment, EventCardData } from '../../cards/cardTypes';
import { attachment, card, heading, openUrl, richText, text } from '../../cards/elements';
import { navButton } from './summaryCard';

/** What an event ID means and what to do (or that it is unknown). Texts are literal: they name hosts and paths. */
export function eventCard(data: EventCardData): CardAttachment {
  const body = [
    heading(data.title),
    data.meaning ? text(data.meaningTitle, { weight: 'Bolder' }) : undefined,
    data.meaning ? richText(data.meaning) : undefined,
    data.action ? text(data.actionTitle, { weight: 'Bolder' }) : undefined,
    data.action ? richText(data.action) : undefined,
    data.unknown ? richText(data.unknown) : undefined,
  ];
  return attachment(card(body, [...data.buttons.map(navButton), openUrl(data.learnMore, data.learnUrl)]));
}
